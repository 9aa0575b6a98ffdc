package no.knutepunkt.hub.operations;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import no.knutepunkt.hub.api.Problem;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.jms.JmsConsumer;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.listener.DefaultMessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * The hub's Camel routes as operators see them: state, what each has done since the hub started (from
 * {@link RouteEvents}), what it has under way (Camel's inflight repository), and its last failure; and the
 * suspension of the routes that consume a broker queue.
 *
 * <p>Suspendable are the routes whose consumer is a broker queue: the connectors' delivery routes
 * ({@code deliver-inbox}, {@code deliver-fiksio}, ...) and {@code dead-letter}. Suspending one stops its JMS
 * listener (Camel's JMS consumer stops its Spring listener container): its consumers take nothing more, so what
 * arrives waits on its queue, and resuming lets them drain it. It waits up to
 * {@code knutepunkt.operations.suspend-timeout} for the exchanges under way to end and for the listeners still waiting
 * in a receive to finish it (a message they get then is delivered), so that once it answers the route takes nothing. Other routes answer from HTTP,
 * a timer or another route, where suspension would refuse callers or skip work rather than let it wait.
 */
@Component
public class RouteStatistics {
    private static final Logger log = LoggerFactory.getLogger(RouteStatistics.class);
    private final CamelContext camel;
    private final RouteEvents events;
    private final OperationsProperties properties;

    public RouteStatistics(CamelContext camel, RouteEvents events, OperationsProperties properties) {
        this.camel = camel;
        this.events = events;
        this.properties = properties;
    }

    /**
     * One route.
     *
     * @param id          the route id, which names its flow
     * @param state       Camel's state of it: {@code Started}, {@code Suspended}, {@code Stopped}, ...
     * @param completed   exchanges it ended without failure since the hub started
     * @param failed      exchanges that ended in failure (for a delivery route: each attempt the broker tries again)
     * @param inFlight    exchanges under way in it now
     * @param meanMillis  mean time of its exchanges
     * @param maxMillis   the longest of them
     * @param lastError   the last failure's message
     * @param lastErrorAt when it happened
     * @param suspendable whether an operator may suspend it ({@link #suspend})
     */
    public record RouteView(String id, String state, long completed, long failed, long inFlight,
                            double meanMillis, long maxMillis, Optional<String> lastError,
                            Optional<Instant> lastErrorAt, boolean suspendable) {
    }

    /** Every Camel route, sorted by id. */
    public List<RouteView> routes() {
        return camel.getRoutes().stream().map(this::view).sorted(Comparator.comparing(RouteView::id)).toList();
    }

    public Optional<RouteView> route(String id) {
        return Optional.ofNullable(id).map(camel::getRoute).map(this::view);
    }

    /**
     * Suspends a route that consumes a broker queue: what arrives waits on the queue.
     *
     * @throws Problem 404 for an unknown route, 409 for one that cannot be suspended
     */
    public RouteView suspend(String id) {
        Route route = suspendable(id);
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        if (status != null && status.isSuspended()) {
            return view(route);
        }
        try {
            camel.getRouteController().suspendRoute(id, properties.suspendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            awaitListenersIdle(route);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while suspending route " + id, e);
        } catch (Exception e) {
            throw new IllegalStateException("route " + id + " could not be suspended", e);
        }
        log.info("Route {} suspended by an operator: its queue keeps what arrives", id);
        return view(route);
    }

    /**
     * Resumes a suspended route (or starts a stopped one): it takes what waits on its queue.
     *
     * @throws Problem 404 for an unknown route, 409 for one that cannot be suspended
     */
    public RouteView resume(String id) {
        Route route = suspendable(id);
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        try {
            if (status != null && status.isSuspended()) {
                camel.getRouteController().resumeRoute(id);
            } else if (status != null && status.isStopped()) {
                camel.getRouteController().startRoute(id);
            } else {
                return view(route);
            }
        } catch (Exception e) {
            throw new IllegalStateException("route " + id + " could not be resumed", e);
        }
        log.info("Route {} resumed by an operator", id);
        return view(route);
    }

    /**
     * Waits until the suspended route's JMS listeners are idle: a listener that was waiting for a message when its
     * container stopped still takes one that comes within its receive timeout (and delivers it, see BrokerConfig).
     * Once none is receiving, the route takes nothing more: what arrives stays on the queue.
     */
    private void awaitListenersIdle(Route route) throws Exception {
        if (!(route.getConsumer() instanceof JmsConsumer jms)
                || !(jms.getListenerContainer() instanceof DefaultMessageListenerContainer container)) {
            return;
        }
        long deadline = System.nanoTime() + properties.suspendTimeout().toNanos();
        while (container.getActiveConsumerCount() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(10);
        }
        if (container.getActiveConsumerCount() > 0) {
            log.warn("Route {} is suspended, but {} of its listeners were still busy after {}", route.getRouteId(),
                    container.getActiveConsumerCount(), properties.suspendTimeout());
        }
    }

    private Route suspendable(String id) {
        Route route = id == null ? null : camel.getRoute(id);
        if (route == null) {
            throw Problem.notFound("no route '" + id + "'");
        }
        if (!isSuspendable(route)) {
            throw new Problem(409, "not-suspendable", "Route cannot be suspended",
                    "route " + id + " does not consume a broker queue; only those (deliver-*, dead-letter) can be"
                            + " suspended and resumed");
        }
        return route;
    }

    private static boolean isSuspendable(Route route) {
        return route.getEndpoint() instanceof JmsEndpoint && route.supportsSuspension();
    }

    private RouteView view(Route route) {
        String id = route.getRouteId();
        RouteEvents.Snapshot counts = events.snapshot(id);
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        return new RouteView(id, status == null ? "Unknown" : status.name(), counts.completed(), counts.failed(),
                camel.getInflightRepository().size(id), counts.meanMillis(), counts.maxMillis(), counts.lastError(),
                counts.lastErrorAt(), isSuspendable(route));
    }
}
