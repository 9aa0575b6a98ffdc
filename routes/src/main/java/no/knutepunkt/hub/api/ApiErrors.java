package no.knutepunkt.hub.api;

import org.apache.camel.builder.RouteConfigurationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import no.knutepunkt.hub.database.DatabaseAway;
import org.springframework.stereotype.Component;

/**
 * How every API route answers a failure: a {@link Problem} as is; the database out of reach (restarting, failing
 * over, every connection of the pool broken) as 503 {@code unavailable} with {@code Retry-After}, since the
 * request changed nothing and may simply be sent again; anything else as a 500 problem.
 */
@Component
public class ApiErrors extends RouteConfigurationBuilder {
    public static final String ID = "api-errors";
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);
    private final ApiJson json;

    public ApiErrors(ApiJson json) {
        this.json = json;
    }

    @Override
    public void configuration() {
        routeConfiguration(ID)
                .onException(Problem.class).handled(true)
                .process(exchange -> json.problem(exchange, exchange.getProperty(
                        org.apache.camel.Exchange.EXCEPTION_CAUGHT, Problem.class)))
                .end()
                .onException(DatabaseAway.failures()).handled(true)
                .process(exchange -> {
                    Exception e = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
                    log.warn("The database is out of reach on {}: {}", exchange.getFromRouteId(), e.toString());
                    json.problem(exchange, Problem.unavailable());
                })
                .end()
                .onException(Exception.class).handled(true)
                .process(exchange -> {
                    Exception e = exchange.getProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT, Exception.class);
                    log.error("Internal error on {}", exchange.getFromRouteId(), e);
                    json.problem(exchange, Problem.internal("exchange " + exchange.getExchangeId()));
                })
                .end();
    }
}
