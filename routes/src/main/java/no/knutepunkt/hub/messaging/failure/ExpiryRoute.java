package no.knutepunkt.hub.messaging.failure;

import java.time.Instant;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.cluster.JobLeases;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Expiry: deliveries not completed when their message's time to live runs out — waiting in an
 * inbox, or between broker redeliveries — become EXPIRED, and the sender gets a tidsavbrudd.
 */
@Component
public class ExpiryRoute extends RouteBuilder {
    private final JobLeases leases;
    private final MessageStore store;
    private final Failures failures;

    public ExpiryRoute(MessageStore store, Failures failures, JobLeases leases) {
        this.leases = leases;
        this.store = store;
        this.failures = failures;
    }

    @Override
    public void configure() {
        from("timer:expiry?delay=5000&period={{knutepunkt.expiry.sweep-interval}}")
                .routeId("expiry")
                .filter(leases.held("expiry")) // one instance at a time
                .process(exchange -> {
                    var expired = store.expiredUndelivered(Instant.now(), 500);
                    expired.forEach(d -> failures.expire(d.meldingId(), d.mottaker()));
                    if (!expired.isEmpty()) {
                        log.info("Expired {} deliveries whose time to live ran out", expired.size());
                    }
                });
    }
}
