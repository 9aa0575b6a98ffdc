package no.knutepunkt.hub.config;

import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.secretariat.invoicing.FundingYears;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.knutepunkt.connectors.Connector;
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
    MemberRegistry memberRegistry(KnutepunktProperties properties, ResourceLoader resources) {
        String location = properties.getMembers().getFile();
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new RegistryException("the member registry " + location + " does not exist");
        }
        try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
            return MemberRegistry.load(location, reader, properties.getMembers().getRegions());
        } catch (IOException e) {
            throw new RegistryException("the member registry " + location + " cannot be read: " + e.getMessage());
        }
    }

    @Bean
    Identities identities(KnutepunktProperties properties, MemberRegistry registry) {
        IdentityLayout layout = new IdentityLayout(properties.identityDir());
        if (properties.getIdentities().isGenerateDemo()) {
            new DemoIdentities(layout, properties.getHub().getOrgnr()).ensure(registry.all());
        }
        return Identities.load(layout, registry.all());
    }

    @Bean
    MemberRouting memberRouting(KnutepunktProperties properties, MemberRegistry registry) {
        return new MemberRouting(properties.getRouting(), registry);
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
    FiksIoConnector fiksIoConnector(KnutepunktProperties properties) {
        return new FiksIoConnector(new FiksIoClient(properties.getFiksio().getConnectTimeout(),
                properties.getFiksio().getRequestTimeout()));
    }

    /** Noark 5 archives: one client per member routed to {@code noark5}, with its own base URL and arkivdel. */
    @Bean
    Connector noark5Connector(KnutepunktProperties properties, MemberRouting routing) {
        Map<String, Connector> byMember = new LinkedHashMap<>();
        routing.routedTo(Noark5Connector.NAME).forEach((orgnr, route) -> byMember.put(orgnr, new Noark5Connector(
                new Noark5Client(route.getEndpoint(), route.getArkivdel(), properties.getNoark5().getTimeout(),
                        route.getToken()))));
        return new ArchiveConnectors(Noark5Connector.NAME, byMember);
    }

    @Bean
    SvarUtConnector svarUtConnector(KnutepunktProperties properties) {
        KnutepunktProperties.Svarut svarut = properties.getSvarut();
        return new SvarUtConnector(new SvarUtClient(svarut.getBaseUrl(), svarut.getUsername(), svarut.getPassword(),
                svarut.getTimeout()), svarut.isPrintFallback());
    }

    /**
     * EHF invoices to the Peppol access point; without one configured, a connector that fails every delivery for
     * good, naming the missing setting (invoicing runs issue nothing then, so only invoices issued before the
     * setting was removed can meet it; an operator retries them from the dead-letter list once it is back).
     */
    @Bean
    Connector peppolConnector(KnutepunktProperties properties) {
        KnutepunktProperties.Peppol peppol = properties.getPeppol();
        if (peppol.hasAccessPoint() && !(peppol.getBaseUrl().isAbsolute()
                && List.of("http", "https").contains(peppol.getBaseUrl().getScheme()))) {
            throw new IllegalStateException("knutepunkt.peppol.base-url: '" + peppol.getBaseUrl()
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
        return new PeppolConnector(new PeppolClient(peppol.getBaseUrl(), peppol.getApiKey(), peppol.getTimeout()));
    }

    @Bean
    FundingYears fundingYears(KnutepunktProperties properties, MemberRegistry registry) {
        FundingYears years = new FundingYears(properties.getInvoicing(), registry);
        years.problems().forEach(p -> log.error("Invoicing configuration: {}; invoicing runs that need it are"
                + " refused until it is mended", p));
        return years;
    }

    @Bean
    InboxConnector inboxConnector(InboxStore store) {
        return new InboxConnector(store);
    }
}
