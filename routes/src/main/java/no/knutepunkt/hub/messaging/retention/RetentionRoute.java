package no.knutepunkt.hub.messaging.retention;

import java.time.Instant;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.hub.cluster.JobLeases;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Retention: finished messages older than {@code knutepunkt.retention.period} let go of their
 * payload and status history (statuses stay, so senders can still ask what became of them), and
 * payloads nothing refers to any more are deleted, files included. Runs in batches until nothing
 * is left, each batch its own transaction.
 */
@Component
public class RetentionRoute extends RouteBuilder {
    private final JobLeases leases;
    private final MessageStore messages;
    private final PayloadStore payloads;
    private final RetentionProperties retention;

    public RetentionRoute(MessageStore messages, PayloadStore payloads, RetentionProperties retention, JobLeases leases) {
        this.leases = leases;
        this.messages = messages;
        this.payloads = payloads;
        this.retention = retention;
    }

    @Override
    public void configure() {
        from("timer:retention?delay=60000&period={{knutepunkt.retention.sweep-interval}}")
                .routeId("retention")
                .filter(leases.held("retention")) // one instance at a time
                .process(exchange -> exchange.getMessage().setBody(purge(Instant.now())))
                .filter(simple("${body} > 0"))
                    .log("Retention: removed the payload and history of ${body} finished messages");
    }

    /** Purges what finished before {@code now} minus the retention period; returns how many messages. */
    public int purge(Instant now) {
        Instant before = now.minus(retention.period());
        int purged = 0;
        int batch;
        do {
            batch = messages.purgeFinished(before, retention.batchSize());
            purged += batch;
        } while (batch == retention.batchSize());
        while (payloads.deleteUnreferenced(retention.batchSize()) == retention.batchSize()) {
            // until every unreferenced payload is gone
        }
        return purged;
    }
}
