package no.knutepunkt.hub.messaging.intake;

import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.messaging.DeliveryKey;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Queues;
import no.knutepunkt.hub.messaging.store.MessageStore;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Intake: check and store a message (see {@link IntakeProcessor}), send one broker message per
 * recipient straight to its connector's queue, answer 202 with the meldingId. The broker messages
 * carry an Artemis duplicate id per (meldingId, recipient), so enqueueing the same delivery twice
 * (the outbox sweep after a crash) gives the broker one copy.
 */
@Component
public class IntakeRoute extends RouteBuilder {
    private final IntakeProcessor intake;
    private final ApiJson json;

    public IntakeRoute(IntakeProcessor intake, ApiJson json) {
        this.intake = intake;
        this.json = json;
    }

    /** The answer to a send. */
    record Sent(String meldingId) {
    }

    @Override
    public void configure() {
        from("direct:intake").routeId("intake-rest").routeConfigurationId(ApiErrors.ID)
                .process(intake)
                .setProperty("accepted", body())
                .setBody(exchangeProperty(IntakeProcessor.DELIVERIES))
                .doTry()
                    .to("direct:enqueue")
                .doCatch(Exception.class)
                    // stored and committed, so accepted: the outbox sweep sends what did not reach the broker
                    .process(exchange -> log.warn("Message {} is stored but could not be handed to the broker ({});"
                                    + " the outbox sweep sends it", exchange.getProperty("accepted",
                                    MessageStore.Accepted.class).meldingId(),
                            exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).toString()))
                .end()
                .process(exchange -> {
                    MessageStore.Accepted accepted = exchange.getProperty("accepted", MessageStore.Accepted.class);
                    json.write(exchange, 202, new Sent(accepted.meldingId()));
                });

        // body: a list of DeliveryKey; used by intake, the hub's own messages and the outbox sweep
        from("direct:enqueue").routeId("enqueue")
                .split(body())
                    .removeHeaders("*")
                    .process(exchange -> {
                        DeliveryKey key = exchange.getMessage().getBody(DeliveryKey.class);
                        var message = exchange.getMessage();
                        message.setHeader(Headers.MELDING_ID, key.meldingId());
                        message.setHeader(Headers.MOTTAKER, key.mottaker());
                        message.setHeader(Headers.DUPLICATE_ID, key.duplicateId());
                        exchange.setProperty("queue", Queues.deliver(key.connector()));
                        if (key.klientKorrelasjonsId() != null) {
                            message.setHeader(Headers.KORRELASJON, key.klientKorrelasjonsId());
                        }
                        message.setBody(key.duplicateId());
                    })
                    .toD(Queues.send("${exchangeProperty.queue}"))
                .end();
    }
}
