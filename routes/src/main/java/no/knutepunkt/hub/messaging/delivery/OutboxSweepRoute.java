package no.knutepunkt.hub.messaging.delivery;

import java.time.Instant;
import no.knutepunkt.hub.messaging.DeliveryKey;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.cluster.JobLeases;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The safety net between the database and the broker: a delivery that was stored QUEUED but that
 * no consumer has tried after a while (perhaps the hub stopped between the commit and the send) is
 * sent to its connector's queue again. Broker duplicate detection drops the copy if the first send
 * did reach the broker: the broker's duplicate-id cache must hold more ids than the hub accepts in
 * {@code stale-after} plus the largest backlog (see {@code knutepunkt.broker.id-cache-size}).
 */
@Component
public class OutboxSweepRoute extends RouteBuilder {
    private final JobLeases leases;
    private final MessageStore store;
    private final OutboxProperties outbox;

    public OutboxSweepRoute(MessageStore store, OutboxProperties outbox, JobLeases leases) {
        this.leases = leases;
        this.store = store;
        this.outbox = outbox;
    }

    @Override
    public void configure() {
        from("timer:outbox-sweep?delay=5000&period={{knutepunkt.outbox.sweep-interval}}")
                .routeId("outbox-sweep")
                .filter(leases.held("outbox-sweep")) // one instance at a time
                .process(exchange -> exchange.getMessage().setBody(
                        store.unsent(Instant.now().minus(outbox.staleAfter()), 1000).stream()
                                .map(d -> new DeliveryKey(d.meldingId(), d.mottaker(), d.connector(), null))
                                .toList()))
                .filter(simple("${body.size} > 0"))
                    .log("Sending ${body.size} queued deliveries not yet tried to their connector queues again")
                    .to("direct:enqueue");
    }
}
