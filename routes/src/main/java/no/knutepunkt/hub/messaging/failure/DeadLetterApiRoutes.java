package no.knutepunkt.hub.messaging.failure;


import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
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

    public DeadLetterApiRoutes(DeadLetterStore store, ProducerTemplate producer) {
        this.store = store;
        this.producer = producer;
    }

    @Override
    public void configure() {
        from("direct:dead-letters-list").routeId("dead-letters-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200,
                        store.list(500).stream().map(DeadLetterApiRoutes::view).toList()));

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
        Map<String, Object> body = new LinkedHashMap<>(view(letter));
        body.put("status", Status.QUEUED.name());
        Http.json(exchange, 202, body);
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

    private static Map<String, Object> view(DeadLetterStore.DeadLetter d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", d.id());
        v.put("meldingId", d.meldingId());
        v.put("mottaker", d.mottaker());
        v.put("connector", d.connector());
        v.put("reason", d.reason());
        v.put("at", d.at().toString());
        return v;
    }
}
