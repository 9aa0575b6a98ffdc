package no.knutepunkt.hub.messaging.amqp;

import java.util.Set;
import no.knutepunkt.broker.MemberAddresses;
import no.knutepunkt.broker.Settlements;
import no.knutepunkt.hub.messaging.Queues;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * Records what a member's system accepted on its AMQP address as DELIVERED: the broker's settlement plugin
 * ({@link Settlements}, on the embedded broker and on the production brokers alike) puts one message per accepted
 * delivery on {@link MemberAddresses#SETTLED}. Idempotent: only a QUEUED delivery becomes DELIVERED, so a repeat (or a
 * settlement of a delivery an operator has since failed) changes nothing. A settlement the database cannot take
 * now rolls back and comes again (the address's attempts are unlimited: it is never dead-lettered, where it would
 * fail a delivery the member has).
 */
@Component
public class SettledRoute extends RouteBuilder {
    static final String REASON = "taken from its AMQP address by the recipient";
    private final MessageStore store;

    public SettledRoute(MessageStore store) {
        this.store = store;
    }

    @Override
    public void configure() {
        from(Queues.consume(MemberAddresses.SETTLED)).routeId("amqp-settled")
                .process(exchange -> {
                    String meldingId = exchange.getMessage().getHeader(MemberAddresses.MELDING_ID, String.class);
                    String mottaker = exchange.getMessage().getHeader(MemberAddresses.MOTTAKER, String.class);
                    if (meldingId == null || mottaker == null) {
                        log.error("A settlement without meldingId/mottaker, dropped: {}",
                                exchange.getMessage().getHeaders());
                        return;
                    }
                    if (store.transition(meldingId, mottaker, Set.of(Status.QUEUED), Status.DELIVERED, REASON)) {
                        log.debug("{} to {}: accepted by the recipient's AMQP consumer", meldingId, mottaker);
                    } else {
                        log.debug("{} to {}: settled again or no longer QUEUED, nothing recorded", meldingId,
                                mottaker);
                    }
                });
    }
}
