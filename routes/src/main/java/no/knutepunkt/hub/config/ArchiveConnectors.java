package no.knutepunkt.hub.config;

import java.util.Map;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;

/**
 * One connector name backed by a connector per member, for connectors whose client is per
 * member (Noark 5: each member's archive has its own base URL, arkivdel and credentials).
 */
final class ArchiveConnectors implements Connector {
    private final String name;
    private final Map<String, Connector> byMember;

    ArchiveConnectors(String name, Map<String, Connector> byMember) {
        this.name = name;
        this.byMember = Map.copyOf(byMember);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
        Connector connector = byMember.get(delivery.mottaker());
        if (connector == null) {
            throw DeliveryException.permanent("member " + delivery.mottaker() + " is not routed to " + name);
        }
        return connector.deliver(delivery);
    }
}
