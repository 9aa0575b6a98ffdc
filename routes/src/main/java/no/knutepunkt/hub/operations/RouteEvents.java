package no.knutepunkt.hub.operations;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import no.knutepunkt.hub.api.Problem;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.support.EventNotifierSupport;
import org.springframework.stereotype.Component;

/**
 * Counts what each route does, from Camel's exchange events (Camel registers every EventNotifier bean): an
 * exchange that completes or fails counts for the route that took it in from its consumer (a REST call for the
 * route of its operation, such as {@code intake-rest}, as Camel runs the REST DSL's verbs inline in the routes they
 * call; a broker message for its {@code deliver-*} route; a timer's tick for its route), or, for one made outside any
 * route, the route it failed in. The parts of a split count with the exchange they belong to, and a route only
 * reached from another ({@code enqueue}) counts nothing of its own. An exchange fails when it ends
 * with an exception, or when an API route answered a failure of the hub's own (500): a refusal ({@link Problem}) is
 * an answer, not a failure.
 *
 * <p>Kept for {@link RouteStatistics} and fed to Micrometer as {@code knutepunkt.route.exchanges} (tags
 * {@code route}, {@code outcome}) and {@code knutepunkt.route.time} (tag {@code route}); the meters of a route are
 * made the first time it ends an exchange, and reused.
 */
@Component
public class RouteEvents extends EventNotifierSupport {
    /** The longest error text kept per route. */
    private static final int MAX_ERROR = 500;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Counts> routes = new ConcurrentHashMap<>();

    public RouteEvents(MeterRegistry registry) {
        this.registry = registry;
        // only the two events this counts: Camel makes no others for it
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    /** One route's counts so far (since the hub started). */
    public record Snapshot(long completed, long failed, double meanMillis, long maxMillis,
                           Optional<String> lastError, Optional<Instant> lastErrorAt) {
        static final Snapshot NONE = new Snapshot(0, 0, 0, 0, Optional.empty(), Optional.empty());
    }

    /** What the route with this id has done; nothing for a route that ended no exchange yet. */
    public Snapshot snapshot(String routeId) {
        Counts counts = routes.get(routeId);
        return counts == null ? Snapshot.NONE : counts.snapshot();
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof CamelEvent.ExchangeCompletedEvent || event instanceof CamelEvent.ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((CamelEvent.ExchangeEvent) event).getExchange();
        if (exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) != null) {
            return; // a part of a split: the exchange it belongs to counts
        }
        String routeId = exchange.getFromRouteId();
        if (routeId == null) {
            routeId = exchange.getProperty(ExchangePropertyKey.FAILURE_ROUTE_ID, String.class);
        }
        if (routeId == null) {
            return; // sent from outside any route (a producer template) and did not fail in one
        }
        Throwable error = exchange.getException();
        boolean failed = event instanceof CamelEvent.ExchangeFailedEvent;
        if (!failed) {
            Throwable caught = exchange.getProperty(ExchangePropertyKey.EXCEPTION_CAUGHT, Throwable.class);
            if (caught != null && !(caught instanceof Problem)) {
                failed = true; // handled by the API as a 500
                error = caught;
            }
        }
        routes.computeIfAbsent(routeId, this::counts).record(exchange.getClock().elapsed(), failed, error);
    }

    private Counts counts(String routeId) {
        return new Counts(
                Counter.builder("knutepunkt.route.exchanges").description("exchanges a route ended")
                        .tag("route", routeId).tag("outcome", "completed").register(registry),
                Counter.builder("knutepunkt.route.exchanges").description("exchanges a route ended")
                        .tag("route", routeId).tag("outcome", "failed").register(registry),
                Timer.builder("knutepunkt.route.time").description("how long a route's exchanges took")
                        .tag("route", routeId).register(registry));
    }

    private static final class Counts {
        private final Counter completedMeter;
        private final Counter failedMeter;
        private final Timer time;
        private final LongAdder completed = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder totalMillis = new LongAdder();
        private final AtomicLong maxMillis = new AtomicLong();
        private volatile LastError lastError;

        private record LastError(String text, Instant at) {
        }

        Counts(Counter completedMeter, Counter failedMeter, Timer time) {
            this.completedMeter = completedMeter;
            this.failedMeter = failedMeter;
            this.time = time;
        }

        void record(long millis, boolean failure, Throwable error) {
            long elapsed = Math.max(0, millis);
            if (failure) {
                failed.increment();
                failedMeter.increment();
                lastError = new LastError(describe(error), Instant.now());
            } else {
                completed.increment();
                completedMeter.increment();
            }
            totalMillis.add(elapsed);
            maxMillis.accumulateAndGet(elapsed, Math::max);
            time.record(elapsed, TimeUnit.MILLISECONDS);
        }

        Snapshot snapshot() {
            long c = completed.sum();
            long f = failed.sum();
            long n = c + f;
            LastError last = lastError;
            return new Snapshot(c, f, n == 0 ? 0 : (double) totalMillis.sum() / n, maxMillis.get(),
                    Optional.ofNullable(last).map(LastError::text), Optional.ofNullable(last).map(LastError::at));
        }

        private static String describe(Throwable error) {
            if (error == null) {
                return "failed";
            }
            String text = error.getMessage() == null || error.getMessage().isBlank()
                    ? error.getClass().getSimpleName() : error.getMessage();
            return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
        }
    }
}
