package no.knutepunkt.hub.messaging.failure;


import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Queues;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The operators' dead-letter list: see what failed and why, put a delivery back on its
 * connector's queue, or discard it (it stays FAILED).
 */
@Component
public class DeadLetterApiRoutes extends RouteBuilder {
    private final DeadLetterStore store;
    private final ProducerTemplate producer;
    private final ApiJson json;

    public DeadLetterApiRoutes(DeadLetterStore store, ProducerTemplate producer, ApiJson json) {
        this.store = store;
        this.producer = producer;
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
                    long id = id(exchange);
                    if (!store.discard(id, Http.caller(exchange).username())) {
                        throw notFound(id);
                    }
                    Http.noContent(exchange);
                });
    }

    private void retry(Exchange exchange) {
        long id = id(exchange);
        String operator = Http.caller(exchange).username();
        DeadLetterStore.DeadLetter letter = store.find(id).orElseThrow(() -> notFound(id));
        if (!store.requeue(id, operator)) {
            throw new Problem(409, "not-retryable", "Cannot be retried",
                    "dead letter " + id + " is gone or its delivery is no longer FAILED");
        }
        String duplicateId = letter.meldingId() + "/" + letter.mottaker() + "/retry-" + id;
        try {
            producer.sendBodyAndHeaders(Queues.send(Queues.deliver(letter.connector())), duplicateId,
                    Map.of(Headers.MELDING_ID, letter.meldingId(), Headers.MOTTAKER, letter.mottaker(),
                            Headers.DUPLICATE_ID, duplicateId));
        } catch (RuntimeException e) {
            store.fail(letter.meldingId(), letter.mottaker(), letter.connector(),
                    "operator retry could not reach the broker: " + e.getMessage());
            throw new Problem(503, "broker-unavailable", "Broker unavailable",
                    "the delivery could not be put back on its queue; it is on the dead-letter list again");
        }
        json.write(exchange, 202, new Requeued(DeadLetterView.of(letter), Status.QUEUED.name()));
    }

    private static long id(Exchange exchange) {
        String raw = exchange.getMessage().getHeader(Headers.ID, String.class);
        try {
            return Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw Problem.notFound("no dead letter '" + raw + "'");
        }
    }

    private static Problem notFound(long id) {
        return Problem.notFound("no dead letter " + id);
    }
}
