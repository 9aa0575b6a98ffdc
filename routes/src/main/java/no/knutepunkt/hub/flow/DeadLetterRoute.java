package no.knutepunkt.hub.flow;

import static no.knutepunkt.hub.flow.IntakeRoute.HEADER_MELDING_ID;
import static no.knutepunkt.hub.flow.IntakeRoute.HEADER_MOTTAKER;

import java.util.Set;
import no.knutepunkt.hub.config.Queues;
import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** Dead letters: a delivery whose broker attempts ran out is FAILED, with the reason in its history. */
@Component
public class DeadLetterRoute extends RouteBuilder {
    private final MessageStore store;

    public DeadLetterRoute(MessageStore store) {
        this.store = store;
    }

    @Override
    public void configure() {
        from(Queues.consume(Queues.DEAD_LETTER)).routeId("dead-letter")
                .process(exchange -> {
                    String meldingId = exchange.getMessage().getHeader(HEADER_MELDING_ID, String.class);
                    String mottaker = exchange.getMessage().getHeader(HEADER_MOTTAKER, String.class);
                    if (meldingId == null || mottaker == null) {
                        log.error("Dead letter without meldingId/mottaker headers; left for the operators: {}",
                                exchange.getMessage().getHeaders());
                        return;
                    }
                    store.transition(meldingId, mottaker, Set.of(Status.RECEIVED, Status.QUEUED), Status.FAILED,
                            "delivery attempts exhausted (" + exchange.getMessage().getHeader("_AMQ_ORIG_QUEUE") + ")");
                    log.warn("Dead letter: {} to {} is FAILED", meldingId, mottaker);
                });
    }
}
