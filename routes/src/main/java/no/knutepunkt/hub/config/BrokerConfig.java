package no.knutepunkt.hub.config;

import jakarta.jms.ConnectionFactory;
import no.knutepunkt.hub.messaging.BrokerProperties;
import no.knutepunkt.hub.messaging.JournalTuning;
import no.knutepunkt.hub.messaging.Queues;
import no.knutepunkt.hub.messaging.failure.RedeliveryProperties;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.boot.artemis.autoconfigure.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;

/** The broker side: redelivery and dead letters on the embedded Artemis, and Camel's jms component. */
@Configuration(proxyBeanMethods = false)
public class BrokerConfig {

    /** Applies to the embedded broker only; an external broker reads config/artemis/broker.xml. */
    @Bean
    ArtemisConfigurationCustomizer knutepunktAddressSettings(RedeliveryProperties r, BrokerProperties broker) {
        return configuration -> {
            JournalTuning.tune(configuration, broker);
            AddressSettings settings = new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(Queues.DEAD_LETTER))
                    .setAutoCreateDeadLetterResources(false)
                    .setMaxDeliveryAttempts(r.maxAttempts())
                    .setRedeliveryDelay(r.initialDelay().toMillis())
                    .setRedeliveryMultiplier(r.multiplier())
                    .setMaxRedeliveryDelay(r.maxDelay().toMillis());
            configuration.addAddressSetting("knutepunkt.#", settings);
            configuration.setPersistIDCache(true);
            configuration.setIDCacheSize(broker.idCacheSize());
        };
    }

    /**
     * Transacted consumers (a failure rolls back and the broker redelivers), plain session
     * transactions, one cached consumer per listener thread; JMS sessions cached for the producers, and no
     * messages sent to a consumer before it asks (a consumer in a slow push holds none back). A message received
     * while its consumer stops is still processed.
     */
    @Bean("jms")
    JmsComponent jmsComponent(ConnectionFactory connectionFactory, BrokerProperties broker) {
        if (connectionFactory instanceof CachingConnectionFactory caching) {
            caching.setSessionCacheSize(broker.sessionCacheSize());
            if (caching.getTargetConnectionFactory() instanceof ActiveMQConnectionFactory artemis) {
                artemis.setConsumerWindowSize(broker.consumerWindowSize());
            }
        }
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        // a message a consumer receives while its route is being suspended or stopped is delivered, not rolled back
        // (which would cost it a delivery attempt and the broker's redelivery delay)
        jms.setAcceptMessagesWhileStopping(true);
        return jms;
    }
}
