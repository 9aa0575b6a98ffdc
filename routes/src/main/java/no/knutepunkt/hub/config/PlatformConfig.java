package no.knutepunkt.hub.config;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jakarta.jms.ConnectionFactory;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.amqp.AmqpConnector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.fiksio.FiksIoClient;
import no.knutepunkt.connectors.fiksio.FiksIoConnector;
import no.knutepunkt.connectors.inbox.InboxConnector;
import no.knutepunkt.connectors.inbox.InboxStore;
import no.knutepunkt.connectors.noark5.Noark5Client;
import no.knutepunkt.connectors.noark5.Noark5Connector;
import no.knutepunkt.connectors.peppol.PeppolClient;
import no.knutepunkt.connectors.peppol.PeppolConnector;
import no.knutepunkt.connectors.svarut.SvarUtClient;
import no.knutepunkt.connectors.svarut.SvarUtConnector;
import no.knutepunkt.hub.directory.DirectoryProperties;
import no.knutepunkt.hub.directory.MemberAccepts;
import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.secretariat.invoicing.FundingYears;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingProperties;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.identity.DemoIdentities;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.identity.IdentityLayout;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.member.RegistryException;
import no.knutepunkt.platform.protocol.MessageTypes;
import no.knutepunkt.platform.protocol.SchemaValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/** The platform objects the hub uses, each built once. */
@Configuration(proxyBeanMethods = false)
public class PlatformConfig {
    private static final Logger log = LoggerFactory.getLogger(PlatformConfig.class);

    @Bean
    MemberRegistry memberRegistry(DirectoryProperties directory, ResourceLoader resources) {
        String location = directory.members().file();
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new RegistryException("the member registry " + location + " does not exist");
        }
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return MemberRegistry.load(location, reader, directory.members().regions());
        } catch (IOException e) {
            throw new RegistryException("the member registry " + location + " cannot be read: " + e.getMessage());
        }
    }

    @Bean
    Identities identities(IdentityProperties identities, HubProperties hub, MemberRegistry registry) {
        IdentityLayout layout = new IdentityLayout(identities.dirIn(hub.dataDir()));
        if (identities.generateDemo()) {
            new DemoIdentities(layout, hub.hub().orgnr()).ensure(registry.all());
        }
        return Identities.load(layout, registry.all());
    }

    @Bean
    MemberRouting memberRouting(DirectoryProperties directory, MemberRegistry registry, MessageTypes types) {
        return new MemberRouting(directory.routing(), registry, types);
    }

    @Bean
    MemberAccepts memberAccepts(MemberRouting routing) {
        return routing.accepts();
    }

    @Bean
    MessageTypes messageTypes() {
        return MessageTypes.load();
    }

    @Bean
    SchemaValidator schemaValidator(MessageTypes types) {
        return new SchemaValidator(types);
    }

    @Bean
    CmsVerifier cmsVerifier() {
        return new CmsVerifier();
    }

    @Bean
    CmsEnvelope cmsEnvelope() {
        return new CmsEnvelope();
    }

    /** Signs what the hub itself says (notices, receipts). */
    @Bean
    CmsSigner hubSigner(Identities identities) {
        return new CmsSigner(identities.hubKey(), identities.hubCertificate());
    }

    @Bean
    FiksIoConnector fiksIoConnector(ConnectorProperties connectors) {
        return new FiksIoConnector(new FiksIoClient(connectors.fiksio().connectTimeout(),
                connectors.fiksio().requestTimeout()));
    }

    /** Noark 5 archives: one client per member routed to {@code noark5}, with its own base URL and arkivdel. */
    @Bean
    Connector noark5Connector(ConnectorProperties connectors, MemberRouting routing) {
        Map<String, Connector> byMember = new LinkedHashMap<>();
        routing.routedTo(Noark5Connector.NAME).forEach((orgnr, route) -> byMember.put(orgnr, new Noark5Connector(
                new Noark5Client(route.endpoint(), route.arkivdel(), connectors.noark5().timeout(),
                        route.token()))));
        return new ArchiveConnectors(Noark5Connector.NAME, byMember);
    }

    @Bean
    SvarUtConnector svarUtConnector(ConnectorProperties connectors) {
        ConnectorProperties.Svarut svarut = connectors.svarut();
        return new SvarUtConnector(new SvarUtClient(svarut.baseUrl(), svarut.username(), svarut.password(),
                svarut.timeout()), svarut.printFallback());
    }

    /**
     * EHF invoices to the Peppol access point; without one configured, a connector that fails every delivery for
     * good, naming the missing setting (invoicing runs issue nothing then, so only invoices issued before the
     * setting was removed can meet it; an operator retries them from the dead-letter list once it is back).
     */
    @Bean
    Connector peppolConnector(ConnectorProperties connectors) {
        ConnectorProperties.Peppol peppol = connectors.peppol();
        if (peppol.hasAccessPoint() && !(peppol.baseUrl().isAbsolute()
                && List.of("http", "https").contains(peppol.baseUrl().getScheme()))) {
            throw new IllegalStateException("knutepunkt.peppol.base-url: '" + peppol.baseUrl()
                    + "' is not an absolute http(s) URL");
        }
        if (!peppol.hasAccessPoint()) {
            return new Connector() {
                @Override
                public String name() {
                    return PeppolConnector.NAME;
                }

                @Override
                public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
                    throw DeliveryException.permanent("no Peppol access point is configured"
                            + " (knutepunkt.peppol.base-url)");
                }
            };
        }
        return new PeppolConnector(new PeppolClient(peppol.baseUrl(), peppol.apiKey(), peppol.timeout()));
    }

    @Bean
    FundingYears fundingYears(InvoicingProperties invoicing, MemberRegistry registry) {
        FundingYears years = new FundingYears(invoicing, registry);
        years.problems().forEach(p -> log.error("Invoicing configuration: {}; invoicing runs that need it are"
                + " refused until it is mended", p));
        return years;
    }

    @Bean
    InboxConnector inboxConnector(InboxStore store) {
        return new InboxConnector(store);
    }

    /** Deliveries placed on the members' own AMQP addresses on the hub's broker (see messaging/amqp). */
    @Bean
    AmqpConnector amqpConnector(ConnectionFactory broker, InboxStore store) {
        return new AmqpConnector(broker, store);
    }
}
