package no.knutepunkt.hub.messaging;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.DeliveryView;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MessageView;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Envelope;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** A message's status per recipient, with the history of each; for its sender only. */
@Component
public class StatusRoute extends RouteBuilder {
    private final MessageStore store;
    private final ApiJson json;

    public StatusRoute(MessageStore store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    /** The message's metadata, then its deliveries. */
    record MessageStatus(@JsonUnwrapped MessageView message, List<DeliveryView> deliveries) {
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
                    json.write(exchange, 200, new MessageStatus(MessageView.of(envelope),
                            store.histories(meldingId).stream().map(DeliveryView::of).toList()));
                });
    }
}
