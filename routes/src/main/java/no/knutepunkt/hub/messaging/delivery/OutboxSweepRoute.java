package no.knutepunkt.hub.flow;

import java.time.Instant;
import no.knutepunkt.hub.config.KnutepunktProperties;
import no.knutepunkt.hub.persistence.MessageStore;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The safety net between the database and the broker: a delivery that was stored but is still
 * RECEIVED after a while (the hub stopped between the commit and the enqueue) is enqueued again.
 * Broker duplicate detection drops it if the first enqueue did reach the broker.
 */
@Component
public class OutboxSweepRoute extends RouteBuilder {
    private final MessageStore store;
    private final KnutepunktProperties.Outbox outbox;

    public OutboxSweepRoute(MessageStore store, KnutepunktProperties properties) {
        this.store = store;
        this.outbox = properties.getOutbox();
    }

    @Override
    public void configure() {
        from("timer:outbox-sweep?delay=5000&period=" + outbox.getSweepInterval().toMillis())
                .routeId("outbox-sweep")
                .process(exchange -> exchange.getMessage().setBody(
                        store.receivedBefore(Instant.now().minus(outbox.getStaleAfter()), 1000).stream()
                                .map(d -> new DeliveryKey(d.meldingId(), d.mottaker())).toList()))
                .filter(simple("${body.size} > 0"))
                    .log("Enqueueing ${body.size} accepted deliveries that never reached the broker")
                    .to("direct:enqueue");
    }
}
