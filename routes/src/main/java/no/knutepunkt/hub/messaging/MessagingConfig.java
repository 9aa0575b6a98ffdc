package no.knutepunkt.hub.messaging;

import java.nio.file.Path;
import no.knutepunkt.hub.config.HubProperties;
import no.knutepunkt.hub.messaging.store.GroupCommit;
import no.knutepunkt.hub.messaging.store.PayloadProperties;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The message path's own objects that are not components. */
@Configuration(proxyBeanMethods = false)
public class MessagingConfig {

    /** One commit for the message-path transactions that arrive together (see {@link GroupCommit}). */
    @Bean
    GroupCommit groupCommit(PlatformTransactionManager transactions) {
        return new GroupCommit(transactions, 256);
    }

    @Bean
    PayloadStore payloadStore(JdbcClient jdbc, PayloadProperties properties, HubProperties hub) {
        Path dir = properties.dir() != null ? properties.dir() : hub.dataDir().resolve("payloads");
        return new PayloadStore(jdbc, dir, (int) properties.inlineLimit().toBytes(),
                PayloadStore.spoolName(hub.dataDir()));
    }
}
