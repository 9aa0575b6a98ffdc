package no.knutepunkt.hub.messaging.amqp;

import java.util.Set;
import no.knutepunkt.connectors.amqp.AmqpConnector;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Status;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The embedded broker tells the hub when a member's system settled a delivery on its AMQP address: accepted (the
 * broker acknowledges it, after the acknowledgement is durable) is DELIVERED, with a line in the history. A released
 * message the broker gives again; a rejected one, and one whose attempts ran out (modified as failed), the broker
 * moves to the dead-letter queue, where the dead-letter route makes it FAILED and tells the sender.
 */
final class Settlements implements ActiveMQServerMessagePlugin {
    private static final Logger log = LoggerFactory.getLogger(Settlements.class);
    private final ObjectProvider<MessageStore> store;

    Settlements(ObjectProvider<MessageStore> store) {
        this.store = store;
    }

    @Override
    public void messageAcknowledged(Transaction tx, MessageReference ref, AckReason reason, ServerConsumer consumer) {
        if (reason != AckReason.NORMAL || consumer == null
                || !ref.getQueue().getName().toString().startsWith(AmqpConnector.ADDRESS_PREFIX)) {
            return;
        }
        Message message = ref.getMessage();
        String meldingId = message.getStringProperty(Headers.MELDING_ID);
        String mottaker = message.getStringProperty(Headers.MOTTAKER);
        if (meldingId == null || mottaker == null) {
            log.warn("A message without meldingId/mottaker was taken from {}", ref.getQueue().getName());
            return;
        }
        try {
            if (store.getObject().transition(meldingId, mottaker, Set.of(Status.QUEUED), Status.DELIVERED,
                    "taken from its AMQP address by the recipient")) {
                log.debug("{} to {}: settled by the recipient's AMQP consumer", meldingId, mottaker);
            }
        } catch (RuntimeException e) {
            // the member has it; only the record is missing, and the sender sees QUEUED until an operator mends it
            log.error("{} to {} was taken from its AMQP address, but DELIVERED could not be recorded: {}", meldingId,
                    mottaker, e.toString());
        }
    }
}
