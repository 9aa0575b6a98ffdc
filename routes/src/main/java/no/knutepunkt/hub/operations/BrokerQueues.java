package no.knutepunkt.hub.operations;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.activemq.artemis.core.postoffice.QueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.MessageReference;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The hub's own queues on the broker ({@code knutepunkt.*}: the connectors' delivery queues and the dead-letter
 * queue), read from the embedded Artemis broker's queues: how many messages each holds (waiting,
 * scheduled to come back, and being delivered), its consumers, and the age of the oldest message waiting.
 *
 * <p>With an external broker (the production profile) the hub has no broker in its process to read: the list is
 * empty and the depth gauges have no value. The external broker's own management (its console, JMX or its
 * Prometheus plugin) shows its queues.
 */
@Component
public class BrokerQueues {
    /** The prefix of the hub's queues. */
    public static final String PREFIX = "knutepunkt.";
    private static final Logger log = LoggerFactory.getLogger(BrokerQueues.class);
    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    public BrokerQueues(ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.embedded = embedded;
    }

    /**
     * One queue.
     *
     * @param name      the queue's name
     * @param depth     the messages on it: waiting, scheduled (a delivery put back for later) and being delivered
     * @param consumers the consumers attached to it (a suspended route's stay attached, but take nothing)
     * @param oldestAge how long the oldest message waiting has been there; empty when none waits
     */
    public record QueueView(String name, long depth, int consumers, Optional<Duration> oldestAge) {
    }

    /** The hub's own queues (knutepunkt.*), sorted by name; empty without an embedded broker. */
    public List<QueueView> queues() {
        return server().stream()
                .flatMap(s -> s.getPostOffice().getAllBindings())
                .filter(QueueBinding.class::isInstance)
                .map(b -> ((QueueBinding) b).getQueue())
                .filter(q -> !q.isTemporary() && !q.isInternalQueue() && q.getName().toString().startsWith(PREFIX))
                .map(BrokerQueues::view)
                .sorted(Comparator.comparing(QueueView::name))
                .toList();
    }

    /** How many messages the named queue holds; empty without an embedded broker or such a queue. */
    public OptionalLong depth(String queue) {
        return server().map(s -> s.locateQueue(queue))
                .map(q -> OptionalLong.of(q.getMessageCount()))
                .orElse(OptionalLong.empty());
    }

    private Optional<ActiveMQServer> server() {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker == null) {
            return Optional.empty();
        }
        ActiveMQServer server = broker.getActiveMQServer();
        return server != null && server.isActive() ? Optional.of(server) : Optional.empty();
    }

    private static QueueView view(Queue queue) {
        Optional<Duration> oldest = Optional.empty();
        try {
            MessageReference first = queue.peekFirstMessage();
            long timestamp = first == null ? 0 : first.getMessage().getTimestamp();
            if (timestamp > 0) {
                oldest = Optional.of(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - timestamp)));
            }
        } catch (RuntimeException e) {
            log.debug("The age of the first message on {} cannot be read", queue.getName(), e);
        }
        return new QueueView(queue.getName().toString(), queue.getMessageCount(), queue.getConsumerCount(), oldest);
    }
}
