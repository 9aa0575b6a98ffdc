package no.knutepunkt.hub.messaging.delivery;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.amqp.AmqpConnector;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.inbox.InboxConnector;
import no.knutepunkt.hub.messaging.DeliveryKey;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Queues;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.springframework.stereotype.Component;

/**
 * Delivery: one route per connector ({@code deliver-inbox}, {@code deliver-fiksio}, ...), each
 * consuming its own queue with concurrent consumers, each message in a broker transaction that
 * commits only after the database has recorded the outcome.
 *
 * <p>Pushes to one member are bounded ({@code knutepunkt.delivery.per-member}): a consumer that
 * takes a delivery to a member with that many pushes under way waits a moment for one of them to end
 * ({@code defer-delay}; a fast member's pushes end sooner), and otherwise puts it back on the queue to be
 * delivered a little later (a copy scheduled by the broker, sent in the consumer's own transaction,
 * so the copy exists exactly when the original is consumed) and takes the next. A slow or failing
 * member thus never holds more than its share of consumers, and the others' deliveries pass it by.
 */
@Component
public class DeliveryRoutes extends RouteBuilder {
    /** Connectors that place a delivery for the recipient to take, at once, rather than push it to its system. */
    private static final Set<String> PICKED_UP = Set.of(InboxConnector.NAME, AmqpConnector.NAME);
    private final List<Connector> connectors;
    private final DeliverProcessor processor;
    private final DeliveryProperties properties;
    private final MemberLimits limits;

    public DeliveryRoutes(List<Connector> connectors, DeliverProcessor processor, DeliveryProperties properties) {
        this.connectors = connectors;
        this.processor = processor;
        this.properties = properties;
        this.limits = new MemberLimits(properties.perMember());
    }

    @Override
    public void configure() {
        // a transient failure rolls the broker transaction back; the broker redelivers with backoff
        onException(DeliveryException.class)
                .handled(false)
                .logStackTrace(false)
                .logExhausted(false)
                .log(LoggingLevel.DEBUG, "Rolling back for redelivery: ${exception.message}");
        for (Connector connector : connectors) {
            int consumers = properties.consumersOf(connector.name());
            boolean push = !PICKED_UP.contains(connector.name());
            from(Queues.consume(Queues.deliver(connector.name())) + "&concurrentConsumers=" + consumers
                    + "&maxConcurrentConsumers=" + consumers)
                    .routeId("deliver-" + connector.name())
                    .process(exchange -> {
                        if (!push) {
                            processor.deliver(connector, exchange);
                            return;
                        }
                        String mottaker = exchange.getMessage().getHeader(Headers.MOTTAKER, String.class);
                        MemberLimits.Member member = limits.member(connector.name(), mottaker);
                        if (!limits.tryAcquire(member, properties.deferDelay())) {
                            defer(exchange, member);
                            return;
                        }
                        long started = System.nanoTime();
                        try {
                            processor.deliver(connector, exchange);
                        } finally {
                            limits.release(member, started);
                        }
                    });
        }
    }

    /** Puts the delivery back on its queue for a little later, in the consumer's transaction. */
    private void defer(Exchange exchange, MemberLimits.Member member) throws JMSException {
        JmsMessage in = exchange.getIn(JmsMessage.class);
        Session session = in.getJmsSession();
        Message original = in.getJmsMessage();
        int times = original.propertyExists(Headers.DEFERRALS) ? original.getIntProperty(Headers.DEFERRALS) : 0;
        String meldingId = original.getStringProperty(Headers.MELDING_ID);
        String mottaker = original.getStringProperty(Headers.MOTTAKER);
        DeliveryKey key = new DeliveryKey(meldingId, mottaker, null, null);
        Message copy = session.createTextMessage(key.duplicateId());
        copy.setStringProperty(Headers.MELDING_ID, meldingId);
        copy.setStringProperty(Headers.MOTTAKER, mottaker);
        if (original.propertyExists(Headers.KORRELASJON)) {
            copy.setStringProperty(Headers.KORRELASJON, original.getStringProperty(Headers.KORRELASJON));
        }
        copy.setIntProperty(Headers.DEFERRALS, times + 1);
        copy.setStringProperty(Headers.DUPLICATE_ID, key.duplicateId() + "/deferred-" + (times + 1));
        Duration paced = limits.deferral(member, properties.deferDelay(), properties.maxDeferDelay());
        Duration backoff = properties.deferral(times);
        Duration delay = paced.compareTo(backoff) > 0 ? paced : backoff;
        copy.setLongProperty(Headers.SCHEDULED_DELIVERY, System.currentTimeMillis() + delay.toMillis());
        try (MessageProducer producer = session.createProducer(original.getJMSDestination())) {
            producer.send(copy);
        }
        log.debug("{} to {}: the member has {} pushes under way; tried again in {} ms", meldingId, mottaker,
                properties.perMember(), delay.toMillis());
    }
}
