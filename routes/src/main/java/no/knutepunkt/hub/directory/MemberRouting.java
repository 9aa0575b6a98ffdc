package no.knutepunkt.hub.directory;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.knutepunkt.connectors.amqp.AmqpConnector;
import no.knutepunkt.connectors.fiksio.FiksIoConnector;
import no.knutepunkt.connectors.inbox.InboxConnector;
import no.knutepunkt.connectors.noark5.Noark5Connector;
import no.knutepunkt.connectors.peppol.PeppolConnector;
import no.knutepunkt.connectors.svarut.SvarUtConnector;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.protocol.MessageTypes;

/**
 * Which connector delivers to each member (registry configuration {@code knutepunkt.routing.ORGNR.*});
 * members not named use the inbox. Invoices go through Peppol whatever the member's connector.
 * Checked at start: a route for a non-member, an unknown connector, a push connector without an
 * endpoint or an {@code accepts} entry that names no request type ({@link MemberAccepts}) stops the hub with a
 * message naming it.
 */
public final class MemberRouting {
    public static final Set<String> CONNECTORS =
            Set.of(InboxConnector.NAME, FiksIoConnector.NAME, Noark5Connector.NAME, SvarUtConnector.NAME,
                    AmqpConnector.NAME);
    /** Connectors that push to a member's own system and need its endpoint. */
    private static final Set<String> NEED_ENDPOINT = Set.of(FiksIoConnector.NAME, Noark5Connector.NAME);
    /** Message types that one connector carries whoever the recipient is. */
    private static final Map<String, String> BY_TYPE =
            Map.of(MessageTypes.FAKTURA, PeppolConnector.NAME, MessageTypes.KREDITNOTA, PeppolConnector.NAME);
    private final Map<String, DirectoryProperties.MemberRoute> routes;
    private final MemberAccepts accepts;

    public MemberRouting(Map<String, DirectoryProperties.MemberRoute> routes, MemberRegistry registry,
                         MessageTypes types) {
        routes.forEach((orgnr, route) -> {
            String where = "knutepunkt.routing." + orgnr;
            if (!registry.isMember(orgnr)) {
                throw new IllegalStateException(where + ": " + orgnr + " is not in the member registry");
            }
            if (!CONNECTORS.contains(route.connector())) {
                throw new IllegalStateException(where + ".connector: '" + route.connector()
                        + "' is not one of " + CONNECTORS);
            }
            if (NEED_ENDPOINT.contains(route.connector()) && route.endpoint() == null) {
                throw new IllegalStateException(where + ".endpoint: the " + route.connector()
                        + " connector needs an endpoint");
            }
            if (route.connector().equals(Noark5Connector.NAME)
                    && (route.arkivdel() == null || route.arkivdel().isBlank())) {
                throw new IllegalStateException(where + ".arkivdel: the " + Noark5Connector.NAME
                        + " connector needs the systemID of the arkivdel to archive in");
            }
        });
        this.routes = Map.copyOf(routes);
        this.accepts = new MemberAccepts(routes, types);
    }

    /** Which requests each member's system takes, configured beside its route and checked with it. */
    public MemberAccepts accepts() {
        return accepts;
    }

    /**
     * The connector for a message of this type to this member: EHF invoices and credit notes go through Peppol
     * whoever the member is; every other type through the member's own connector.
     */
    public String connectorOf(String orgnr, String meldingType) {
        return BY_TYPE.getOrDefault(meldingType, connectorOf(orgnr));
    }

    /** The member's own connector. */
    public String connectorOf(String orgnr) {
        DirectoryProperties.MemberRoute route = routes.get(orgnr);
        return route == null ? InboxConnector.NAME : route.connector();
    }

    /** The members routed to a connector, with their routing configuration. */
    public Map<String, DirectoryProperties.MemberRoute> routedTo(String connector) {
        Map<String, DirectoryProperties.MemberRoute> result = new java.util.LinkedHashMap<>();
        routes.forEach((orgnr, route) -> {
            if (route.connector().equals(connector)) {
                result.put(orgnr, route);
            }
        });
        return result;
    }

    public Optional<URI> endpointOf(String orgnr) {
        return Optional.ofNullable(routes.get(orgnr)).map(DirectoryProperties.MemberRoute::endpoint);
    }
}
