package no.knutepunkt.connectors.amqp;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import no.knutepunkt.broker.MemberAddresses;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.fiksio.FiksIoHeaders;
import no.knutepunkt.connectors.inbox.InboxStore;

/**
 * Subscription delivery, as Fiks IO's AMQP: the delivery is placed on the member's own anycast address on the
 * hub's Artemis ({@link MemberAddresses#of}), from which the member's system consumes it over AMQP 1.0. The message carries
 * the Fiks IO metadata as application properties ({@link FiksIoHeaders}) and, as its body, the sender's SignedData
 * encrypted to the recipient (CMS EnvelopedData, DER), as a push or an inbox download gives it. The delivery stays
 * QUEUED, waiting for the recipient, until its consumer settles the message (the broker side tells the hub).
 *
 * <p>Placed once: the message bears the hand-over's id as Artemis' duplicate id, so a redelivered hand-over (the
 * hub stopped before it recorded the placement) is dropped by the broker instead of reaching the member twice.
 */
public final class AmqpConnector implements Connector {
    public static final String NAME = "amqp";
    /** The Artemis message property for duplicate detection. */
    static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** The Artemis JMS client's property that streams a message's body from an InputStream. */
    static final String BODY_STREAM = "JMS_AMQ_InputStream";
    private final ConnectionFactory broker;
    private final InboxStore store;

    public AmqpConnector(ConnectionFactory broker, InboxStore store) {
        this.broker = broker;
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
        String address = MemberAddresses.of(delivery.mottaker());
        // a session of its own, not transacted: a copy the broker has seen is dropped (AMQ222059), not a failure
        try (Connection connection = broker.createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(address));
             InputStream body = delivery.payload().open()) {
            BytesMessage message = session.createBytesMessage();
            for (Map.Entry<String, Object> header : FiksIoHeaders.of(delivery).entrySet()) {
                message.setObjectProperty(header.getKey(), header.getValue());
            }
            message.setStringProperty(DUPLICATE_ID, delivery.handOverId() + "/" + NAME);
            // encrypted as it is sent, into a large message when it is one: never whole in memory
            message.setObjectProperty(BODY_STREAM, body);
            producer.send(message);
        } catch (JMSException | IOException e) {
            throw DeliveryException.temporary("placing " + delivery.meldingId() + " on " + address + " failed: " + e,
                    "the hub could not place it on the recipient's AMQP address", e);
        }
        store.place(delivery.meldingId(), delivery.mottaker(), "waiting on the recipient's AMQP address " + address);
        return DeliveryResult.waitingForPickup();
    }
}
