package no.knutepunkt.hub;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Queues;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker: in-VM only and persistent; and it drops a second copy of a delivery: the delivery message's Artemis duplicate id, set as
 * a Camel header before the jms producer, reaches the embedded broker. The outbox sweep relies on it.
 */
class DuplicateDetectionTest {
    @TempDir
    Path dir;

    @Test
    void theSameDeliveryEnqueuedTwiceIsOnTheBrokerOnce() throws Exception {
        try (TestHub hub = TestHub.embedded(dir, Map.of()).start()) {
            String queue = Queues.deliver("inbox");
            hub.camel().getRouteController().stopRoute("deliver-inbox");
            ProducerTemplate producer = hub.camel().createProducerTemplate();
            Map<String, Object> headers = Map.of("meldingId", "dup-test", "mottaker", TestHub.B,
                    Headers.DUPLICATE_ID, "dup-test/" + TestHub.B);
            producer.sendBodyAndHeaders(Queues.send(queue), "first", headers);
            producer.sendBodyAndHeaders(Queues.send(queue), "second", headers);
            producer.sendBodyAndHeaders(Queues.send(queue), "other",
                    Map.of(Headers.DUPLICATE_ID, "dup-test/" + TestHub.C));

            assertThat(browse(hub, queue)).isEqualTo(2);
        }
    }

    @Test
    void theEmbeddedBrokerListensOnNoNetworkPort() throws Exception {
        try (TestHub hub = TestHub.embedded(dir, Map.of()).start()) {
            var acceptors = hub.bean(EmbeddedActiveMQ.class).getActiveMQServer().getConfiguration()
                    .getAcceptorConfigurations();
            assertThat(acceptors).isNotEmpty();
            assertThat(acceptors).allSatisfy(a -> assertThat(a.getFactoryClassName()).contains("InVMAcceptorFactory"));
            assertThat(hub.bean(EmbeddedActiveMQ.class).getActiveMQServer().getConfiguration().isPersistenceEnabled())
                    .isTrue();
        }
    }

    private static int browse(TestHub hub, String queue) throws Exception {
        ConnectionFactory factory = hub.bean(ConnectionFactory.class);
        try (Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(queue));
            return Collections.list(browser.getEnumeration()).size();
        }
    }
}
