package no.knutepunkt.hub.messaging.failure;


import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Queues;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Dead letters: a delivery whose broker attempts ran out is FAILED, goes on the operators'
 * dead-letter list, and its sender gets a serverfeil.
 */
@Component
public class DeadLetterRoute extends RouteBuilder {
    private final Failures failures;

    public DeadLetterRoute(Failures failures) {
        this.failures = failures;
    }

    @Override
    public void configure() {
        from(Queues.consume(Queues.DEAD_LETTER)).routeId("dead-letter")
                .process(exchange -> {
                    String meldingId = exchange.getMessage().getHeader(Headers.MELDING_ID, String.class);
                    String mottaker = exchange.getMessage().getHeader(Headers.MOTTAKER, String.class);
                    if (meldingId == null || mottaker == null) {
                        log.error("Dead letter without meldingId/mottaker headers, dropped: {}",
                                exchange.getMessage().getHeaders());
                        return;
                    }
                    Object queue = exchange.getMessage().getHeader(Headers.ORIGINAL_QUEUE);
                    failures.fail(meldingId, mottaker, "delivery attempts exhausted",
                            "delivery attempts exhausted on " + queue);
                    log.warn("Dead letter: {} to {} is FAILED", meldingId, mottaker);
                });
    }
}
