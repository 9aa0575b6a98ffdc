package no.knutepunkt.broker;

import java.nio.charset.StandardCharsets;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.message.impl.CoreMessage;
import org.apache.activemq.artemis.core.postoffice.RoutingStatus;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.impl.AckReason;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerPlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the hub when a member's system accepted a delivery on its own address ({@link MemberAddresses#PREFIX}): on
 * the broker's acknowledgement of such a message by a consumer (AMQP accepted; after the acknowledgement is durable)
 * it routes a small durable message to {@link MemberAddresses#SETTLED} with the delivery's meldingId, mottaker and
 * hand-over id, which a hub consumes and records as DELIVERED (idempotently). The broker does not touch the hub's
 * database: a settlement the hub cannot record at once stays on the queue and is redelivered like any message.
 * Released messages come again, rejected ones and those whose attempts ran out go the dead-letter way: neither is
 * acknowledged normally, so neither is a settlement.
 *
 * <p>One path for both brokers: the hub registers it on its embedded broker; a production broker names it in
 * broker.xml (which takes only the umbrella interface, {@link ActiveMQServerPlugin}; this uses its message part) ({@code <broker-plugins><broker-plugin class-name="no.knutepunkt.broker.Settlements"/>}).
 */
public class Settlements implements ActiveMQServerPlugin {
    private static final Logger log = LoggerFactory.getLogger(Settlements.class);
    private volatile ActiveMQServer server;

    @Override
    public void registered(ActiveMQServer server) {
        this.server = server;
    }

    @Override
    public void messageAcknowledged(Transaction tx, MessageReference ref, AckReason reason, ServerConsumer consumer) {
        if (reason != AckReason.NORMAL || consumer == null
                || !ref.getQueue().getName().toString().startsWith(MemberAddresses.PREFIX)) {
            return;
        }
        Message message = ref.getMessage();
        String meldingId = message.getStringProperty(MemberAddresses.MELDING_ID);
        String mottaker = message.getStringProperty(MemberAddresses.MOTTAKER);
        if (meldingId == null || mottaker == null) {
            log.warn("A message without meldingId/mottaker was taken from {}", ref.getQueue().getName());
            return;
        }
        Object handOver = message.getDuplicateProperty();
        String handOverId = handOver instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
                : handOver == null ? meldingId + "/" + mottaker : handOver.toString();
        try {
            route(meldingId, mottaker, handOverId);
        } catch (Exception e) {
            // the member has it; only the record is missing: the sender sees QUEUED until an operator mends it
            log.error("{} to {} was taken from its AMQP address, but the settlement could not be routed to {}: {}",
                    meldingId, mottaker, MemberAddresses.SETTLED, e.toString());
        }
    }

    private void route(String meldingId, String mottaker, String handOverId) throws Exception {
        ActiveMQServer broker = server;
        if (broker == null) {
            throw new IllegalStateException("the plugin was not registered with a broker");
        }
        CoreMessage settled = new CoreMessage(broker.getStorageManager().generateID(), 256);
        settled.setAddress(MemberAddresses.SETTLED);
        settled.setRoutingType(RoutingType.ANYCAST);
        settled.setDurable(true);
        settled.putStringProperty(MemberAddresses.MELDING_ID, meldingId);
        settled.putStringProperty(MemberAddresses.MOTTAKER, mottaker);
        settled.putStringProperty(MemberAddresses.HAND_OVER, handOverId);
        // one settlement per hand-over: a repeat (none is expected) is dropped by the broker
        settled.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), "settled/" + handOverId);
        RoutingStatus status = broker.getPostOffice().route(settled, false);
        if (status != RoutingStatus.OK && status != RoutingStatus.DUPLICATED_ID) {
            throw new IllegalStateException("routing status " + status + " (is " + MemberAddresses.SETTLED
                    + " declared?)");
        }
        log.debug("{} to {}: accepted by the recipient's AMQP consumer ({})", meldingId, mottaker, handOverId);
    }
}
