package no.knutepunkt.hub.messaging.amqp;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import java.util.Set;
import no.knutepunkt.broker.MemberAddresses;
import no.knutepunkt.broker.Settlements;
import no.knutepunkt.connectors.amqp.AmqpConnector;
import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.security.CredentialAuthenticationProvider;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The members' AMQP addresses on the embedded broker (an external broker has them from config/artemis): one durable
 * anycast address and queue {@code knutepunkt.member.<orgnr>} per member routed to the {@code amqp} connector, under
 * the address settings of every {@code knutepunkt.#} address (BrokerConfig: the hub's redelivery delays, attempts and
 * dead-letter queue), the address {@code knutepunkt.amqp.settled}, and the settlement plugin ({@link Settlements},
 * the production brokers' too), which puts a member's accepted delivery there for {@link SettledRoute}.
 *
 * <p>With {@code knutepunkt.amqp.port} set, an AMQP 1.0 acceptor on that port, and broker security: connections
 * authenticate ({@link MemberSecurityManager}), the hub's in-VM ones may do everything, and a member system may
 * consume and browse its own address only: it sends nowhere and creates nothing.
 */
@Configuration(proxyBeanMethods = false)
public class AmqpBrokerConfig {
    private static final Logger log = LoggerFactory.getLogger(AmqpBrokerConfig.class);
    private static final Role HUB = new Role(MemberSecurityManager.HUB_ROLE, true, true, true, true, true, true, true,
            true, true, true, true, true);

    @Bean
    ArtemisConfigurationCustomizer memberAddresses(AmqpProperties amqp, MemberRouting routing) {
        return configuration -> {
            Set<String> members = routing.routedTo(AmqpConnector.NAME).keySet();
            for (String orgnr : members) {
                configuration.addAddressConfiguration(anycast(MemberAddresses.of(orgnr)));
            }
            // where the settlement plugin tells the hub what a member accepted; never dead-lettered (SettledRoute)
            configuration.addAddressConfiguration(anycast(MemberAddresses.SETTLED));
            configuration.addAddressSetting(MemberAddresses.SETTLED, new AddressSettings().setMaxDeliveryAttempts(-1));
            configuration.registerBrokerPlugin(new Settlements());
            if (!amqp.enabled()) {
                return;
            }
            try {
                configuration.addAcceptorConfiguration("amqp",
                        "tcp://" + amqp.host() + ":" + amqp.port() + "?protocols=AMQP");
            } catch (Exception e) {
                throw new IllegalStateException("knutepunkt.amqp: no AMQP acceptor on " + amqp.host() + ":"
                        + amqp.port() + ": " + e.getMessage(), e);
            }
            configuration.setSecurityEnabled(true);
            configuration.putSecurityRoles("#", Set.of(HUB));
            for (String orgnr : members) {
                // consume and browse; no send, no queue or address made or deleted, no management
                Role member = new Role(MemberAddresses.role(orgnr), false, true, false, false, false,
                        false, false, true, false, false, false, false);
                configuration.putSecurityRoles(MemberAddresses.of(orgnr), Set.of(HUB, member));
            }
            log.info("AMQP 1.0 for member systems on {}:{} ({} members routed to amqp)", amqp.host(), amqp.port(),
                    members.size());
        };
    }

    /** A durable anycast address with its queue of the same name. */
    private static CoreAddressConfiguration anycast(String address) {
        return new CoreAddressConfiguration().setName(address).addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(address).setAddress(address)
                        .setRoutingType(RoutingType.ANYCAST).setDurable(true));
    }

    /**
     * Each member routed to {@code amqp} finds its address when it subscribes, before its first delivery: on a
     * production broker (config/artemis) the hub makes the address and its queue at start, as it may on every
     * {@code knutepunkt.#} address (a member may not; broker.xml keeps them: no auto-delete). The embedded broker
     * has them from its configuration already, and this changes nothing there.
     */
    @Bean
    ApplicationRunner memberQueues(ConnectionFactory broker, MemberRouting routing) {
        return args -> {
            Set<String> members = routing.routedTo(AmqpConnector.NAME).keySet();
            if (members.isEmpty()) {
                return;
            }
            try (Connection connection = broker.createConnection();
                 Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                for (String orgnr : members) {
                    // a consumer made and closed: the broker creates the queue it needs (nothing is received)
                    session.createConsumer(session.createQueue(MemberAddresses.of(orgnr))).close();
                }
            } catch (JMSException e) {
                log.warn("The members' AMQP addresses could not be made on the broker now ({}); each is made with"
                        + " its first delivery", e.toString());
            }
        };
    }

    /** The embedded broker authenticates with the members' credentials once it accepts AMQP connections. */
    @Bean
    static BeanPostProcessor memberSecurity(ObjectProvider<AmqpProperties> amqp,
                                            ObjectProvider<CredentialAuthenticationProvider> authentication) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof EmbeddedActiveMQ broker && amqp.getObject().enabled()) {
                    broker.setSecurityManager(new MemberSecurityManager(authentication));
                }
                return bean;
            }
        };
    }
}
