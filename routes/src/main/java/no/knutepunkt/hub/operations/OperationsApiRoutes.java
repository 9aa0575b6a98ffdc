package no.knutepunkt.hub.operations;

import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The operators' API on the hub's routes and queues: every route with its state and counts, one route, suspend and
 * resume a route that consumes a broker queue (a connector's deliveries then wait on its queue), and the hub's
 * queues with their depth, consumers and oldest message.
 */
@Component
public class OperationsApiRoutes extends RouteBuilder {
    private final RouteStatistics routes;
    private final BrokerQueues queues;
    private final ApiJson json;

    public OperationsApiRoutes(RouteStatistics routes, BrokerQueues queues, ApiJson json) {
        this.routes = routes;
        this.queues = queues;
        this.json = json;
    }

    /** A route as the API shows it (no value for what is not known: null). */
    record RouteJson(String id, String state, long completed, long failed, long inFlight, double meanMillis,
                     long maxMillis, String lastError, String lastErrorAt, boolean suspendable) {
        static RouteJson of(RouteStatistics.RouteView r) {
            return new RouteJson(r.id(), r.state(), r.completed(), r.failed(), r.inFlight(),
                    Math.round(r.meanMillis() * 10) / 10.0, r.maxMillis(), r.lastError().orElse(null),
                    r.lastErrorAt().map(Object::toString).orElse(null), r.suspendable());
        }
    }

    /** A queue as the API shows it; {@code oldestAgeMillis} is null when no message waits. */
    record QueueJson(String name, long depth, int consumers, Long oldestAgeMillis) {
        static QueueJson of(BrokerQueues.QueueView q) {
            return new QueueJson(q.name(), q.depth(), q.consumers(),
                    q.oldestAge().map(java.time.Duration::toMillis).orElse(null));
        }
    }

    @Override
    public void configure() {
        from("direct:routes-list").routeId("routes-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, routes.routes().stream().map(RouteJson::of).toList()));

        from("direct:routes-get").routeId("routes-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = id(exchange);
                    json.write(exchange, 200, RouteJson.of(routes.route(id)
                            .orElseThrow(() -> Problem.notFound("no route '" + id + "'"))));
                });

        from("direct:routes-suspend").routeId("routes-suspend").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, RouteJson.of(routes.suspend(id(exchange)))));

        from("direct:routes-resume").routeId("routes-resume").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, RouteJson.of(routes.resume(id(exchange)))));

        from("direct:queues-list").routeId("queues-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, queues.queues().stream().map(QueueJson::of).toList()));
    }

    private static String id(Exchange exchange) {
        return exchange.getMessage().getHeader(Headers.ID, String.class);
    }
}
