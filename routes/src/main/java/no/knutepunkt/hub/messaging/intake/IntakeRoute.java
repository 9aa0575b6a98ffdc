package no.knutepunkt.hub.flow;

import static no.knutepunkt.hub.config.Queues.DUPLICATE_ID;

import java.util.Map;
import java.util.Set;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.config.Queues;
import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Intake: check and store a message (see {@link IntakeProcessor}), put one relay message per
 * recipient on the broker, answer 202 with the meldingId. The relay messages carry an Artemis
 * duplicate id per (meldingId, recipient), so enqueueing the same delivery twice (the outbox
 * sweep after a crash) gives the broker one copy.
 */
@Component
public class IntakeRoute extends RouteBuilder {
    static final String HEADER_MELDING_ID = "meldingId";
    static final String HEADER_MOTTAKER = "mottaker";
    private final IntakeProcessor intake;
    private final MessageStore store;

    public IntakeRoute(IntakeProcessor intake, MessageStore store) {
        this.intake = intake;
        this.store = store;
    }

    @Override
    public void configure() {
        from("direct:intake").routeId("intake-rest").routeConfigurationId(ApiErrors.ID)
                .process(intake)
                .setProperty("accepted", body())
                .setBody(exchangeProperty(IntakeProcessor.DELIVERIES))
                .to("direct:enqueue")
                .process(exchange -> {
                    MessageStore.Accepted accepted = exchange.getProperty("accepted", MessageStore.Accepted.class);
                    Http.json(exchange, 202, Map.of("meldingId", accepted.meldingId()));
                });

        // body: a list of DeliveryKey; used by intake and by the outbox sweep
        from("direct:enqueue").routeId("enqueue")
                .split(body())
                    .removeHeaders("*")
                    .process(exchange -> {
                        DeliveryKey key = exchange.getMessage().getBody(DeliveryKey.class);
                        exchange.getMessage().setHeader(HEADER_MELDING_ID, key.meldingId());
                        exchange.getMessage().setHeader(HEADER_MOTTAKER, key.mottaker());
                        exchange.getMessage().setHeader(DUPLICATE_ID, key.duplicateId());
                        if (key.klientKorrelasjonsId() != null) {
                            exchange.getMessage().setHeader(MessageMdc.KORRELASJON, key.klientKorrelasjonsId());
                        }
                        exchange.getMessage().setBody(key.duplicateId());
                    })
                    .to(Queues.send(Queues.RELAY))
                    .process(exchange -> store.transition(
                            exchange.getMessage().getHeader(HEADER_MELDING_ID, String.class),
                            exchange.getMessage().getHeader(HEADER_MOTTAKER, String.class),
                            Set.of(Status.RECEIVED), Status.QUEUED, "on the broker for relay"))
                .end();
    }
}
