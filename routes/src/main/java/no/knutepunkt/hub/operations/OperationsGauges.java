package no.knutepunkt.hub.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.hub.messaging.Queues;
import no.knutepunkt.hub.messaging.failure.DeadLetterStore;
import no.knutepunkt.hub.messaging.store.MessageStore;
import org.springframework.stereotype.Component;

/**
 * The gauges, read when they are scraped:
 * <ul>
 *   <li>{@code knutepunkt.queue.depth} (tag {@code queue}): the messages on each of the hub's queues, from
 *       {@link BrokerQueues} (no value with an external broker)</li>
 *   <li>{@code knutepunkt.dead.letters}: deliveries on the operators' dead-letter list</li>
 *   <li>{@code knutepunkt.deliveries.backlog}: deliveries waiting for their connectors (QUEUED, not in an inbox),
 *       the count intake's back-pressure compares with {@code knutepunkt.intake.max-backlog}</li>
 * </ul>
 * The two counts come from the database, each at most once per {@code knutepunkt.operations.gauge-cache}: however
 * often they are scraped, they cost the database one query per period.
 */
@Component
public class OperationsGauges implements MeterBinder {
    private final BrokerQueues queues;
    private final List<Connector> connectors;
    private final CachedCount deadLetters;
    private final CachedCount backlog;

    public OperationsGauges(BrokerQueues queues, List<Connector> connectors, DeadLetterStore deadLetters,
                            MessageStore messages, OperationsProperties properties) {
        this.queues = queues;
        this.connectors = connectors;
        long cacheNanos = properties.gaugeCache().toNanos();
        this.deadLetters = new CachedCount(deadLetters::count, cacheNanos);
        this.backlog = new CachedCount(messages::backlog, cacheNanos);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        TreeSet<String> names = new TreeSet<>();
        connectors.forEach(c -> names.add(Queues.deliver(c.name())));
        names.add(Queues.DEAD_LETTER);
        for (String queue : names) {
            Gauge.builder("knutepunkt.queue.depth", queues, q -> {
                        OptionalLong depth = q.depth(queue);
                        return depth.isPresent() ? depth.getAsLong() : Double.NaN;
                    })
                    .description("messages on the hub's broker queue").tag("queue", queue).strongReference(true)
                    .register(registry);
        }
        Gauge.builder("knutepunkt.dead.letters", deadLetters, CachedCount::value)
                .description("deliveries on the operators' dead-letter list").strongReference(true).register(registry);
        Gauge.builder("knutepunkt.deliveries.backlog", backlog, CachedCount::value)
                .description("deliveries waiting for their connectors").strongReference(true).register(registry);
    }

    /** A count read again only when the last reading is older than its period. */
    static final class CachedCount {
        private final LongSupplier source;
        private final long periodNanos;
        private long readAt;
        private boolean read;
        private double value = Double.NaN;

        CachedCount(LongSupplier source, long periodNanos) {
            this.source = source;
            this.periodNanos = periodNanos;
        }

        synchronized double value() {
            long now = System.nanoTime();
            if (!read || now - readAt >= periodNanos) {
                value = source.getAsLong();
                readAt = now;
                read = true;
            }
            return value;
        }
    }
}
