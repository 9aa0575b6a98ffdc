package no.knutepunkt.hub.messaging.failure;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The operators' dead-letter list: see what failed and why, put a delivery back on its
 * connector's queue, or discard it (it stays FAILED).
 */
@Component
public class DeadLetterApiRoutes extends RouteBuilder {
    private final DeadLetterStore store;
    private final DeadLetters deadLetters;
    private final ApiJson json;

    public DeadLetterApiRoutes(DeadLetterStore store, DeadLetters deadLetters, ApiJson json) {
        this.store = store;
        this.deadLetters = deadLetters;
        this.json = json;
    }

    record DeadLetterView(long id, String meldingId, String mottaker, String connector, String reason, String at) {
        static DeadLetterView of(DeadLetterStore.DeadLetter d) {
            return new DeadLetterView(d.id(), d.meldingId(), d.mottaker(), d.connector(), d.reason(),
                    d.at().toString());
        }
    }

    /** A dead letter put back on its queue, with its delivery's new status. */
    record Requeued(@JsonUnwrapped DeadLetterView letter, String status) {
    }

    @Override
    public void configure() {
        from("direct:dead-letters-list").routeId("dead-letters-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200,
                        store.list(500).stream().map(DeadLetterView::of).toList()));

        from("direct:dead-letters-retry").routeId("dead-letters-retry").routeConfigurationId(ApiErrors.ID)
                .process(this::retry);

        from("direct:dead-letters-discard").routeId("dead-letters-discard").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    deadLetters.discard(id(exchange), Http.caller(exchange).username());
                    Http.noContent(exchange);
                });
    }

    private void retry(Exchange exchange) {
        DeadLetterStore.DeadLetter letter = deadLetters.retry(id(exchange), Http.caller(exchange).username());
        json.write(exchange, 202, new Requeued(DeadLetterView.of(letter), Status.QUEUED.name()));
    }

    private static long id(Exchange exchange) {
        String raw = exchange.getMessage().getHeader(Headers.ID, String.class);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw DeadLetters.notFound("'" + raw + "'");
        }
    }
}
