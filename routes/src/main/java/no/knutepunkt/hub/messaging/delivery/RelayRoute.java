package no.knutepunkt.hub.flow;

import static no.knutepunkt.hub.flow.IntakeRoute.HEADER_MELDING_ID;
import static no.knutepunkt.hub.flow.IntakeRoute.HEADER_MOTTAKER;

import java.util.Set;
import no.knutepunkt.hub.config.Queues;
import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Relay: takes one (meldingId, recipient) off the relay queue and puts it on the queue of the
 * recipient's connector, so that one slow or failing connector holds up no other.
 */
@Component
public class RelayRoute extends RouteBuilder {
    static final String HEADER_CONNECTOR = "connector";
    private final MessageStore store;

    public RelayRoute(MessageStore store) {
        this.store = store;
    }

    @Override
    public void configure() {
        from(Queues.consume(Queues.RELAY)).routeId("relay")
                .process(exchange -> {
                    String meldingId = exchange.getMessage().getHeader(HEADER_MELDING_ID, String.class);
                    String mottaker = exchange.getMessage().getHeader(HEADER_MOTTAKER, String.class);
                    String korrelasjon = exchange.getMessage().getHeader(MessageMdc.KORRELASJON, String.class);
                    exchange.getMessage().removeHeaders("*");
                    MessageStore.DeliveryRecord delivery = store.delivery(meldingId, mottaker).orElse(null);
                    if (delivery == null || delivery.status().isFinal()) {
                        exchange.setRouteStop(true);
                        log.info("Relay: {} to {} is {}; nothing to do", meldingId, mottaker,
                                delivery == null ? "unknown" : delivery.status());
                        return;
                    }
                    store.transition(meldingId, mottaker, Set.of(Status.RECEIVED), Status.QUEUED,
                            "on the broker for relay");
                    log.debug("Relaying {} to {} by {}", meldingId, mottaker, delivery.connector());
                    DeliveryKey key = new DeliveryKey(meldingId, mottaker);
                    exchange.getMessage().setHeader(HEADER_MELDING_ID, meldingId);
                    exchange.getMessage().setHeader(HEADER_MOTTAKER, mottaker);
                    exchange.getMessage().setHeader(HEADER_CONNECTOR, delivery.connector());
                    if (korrelasjon != null) {
                        exchange.getMessage().setHeader(MessageMdc.KORRELASJON, korrelasjon);
                    }
                    exchange.getMessage().setHeader(Queues.DUPLICATE_ID, key.duplicateId());
                    exchange.getMessage().setBody(key.duplicateId());
                })
                .toD(Queues.send(Queues.DELIVER_PREFIX + "${header." + HEADER_CONNECTOR + "}"));
    }
}
