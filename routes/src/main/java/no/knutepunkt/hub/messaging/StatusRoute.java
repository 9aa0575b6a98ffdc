package no.knutepunkt.hub.messaging;

import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.api.Views;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Envelope;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** A message's status per recipient, with the history of each; for its sender only. */
@Component
public class StatusRoute extends RouteBuilder {
    private final MessageStore store;

    public StatusRoute(MessageStore store) {
        this.store = store;
    }

    @Override
    public void configure() {
        from("direct:message-status").routeId("message-status").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String caller = Http.memberOrgnr(exchange);
                    String meldingId = exchange.getMessage().getHeader(Headers.MELDING_ID, String.class);
                    Envelope envelope = store.envelope(meldingId)
                            .orElseThrow(() -> Problem.notFound("no message " + meldingId));
                    if (!envelope.avsender().equals(caller)) {
                        throw new Problem(403, "not-sender", "Not the sender",
                                "only the sender of " + meldingId + " can see its status");
                    }
                    Map<String, Object> body = Views.envelope(envelope);
                    body.put("deliveries", store.histories(meldingId).stream().map(Views::history).toList());
                    Http.json(exchange, 200, body);
                });
    }
}
