package no.knutepunkt.hub.messaging.amqp;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.hub.TestHub;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without {@code knutepunkt.amqp.port} the embedded broker stays in-VM only, as before AMQP subscription: no AMQP
 * acceptor, no broker security; a member routed to {@code amqp} still has its deliveries placed on its address,
 * where they wait, QUEUED, until an acceptor is opened.
 */
class AmqpDisabledTest {

    @Test
    void withoutAnAmqpPortTheBrokerAcceptsNoAmqpAndTheDeliveryWaitsOnTheAddress(@TempDir Path dir) throws Exception {
        try (TestHub hub = TestHub.embedded(dir, Map.of("knutepunkt.routing." + C + ".connector", "amqp")).start()) {
            ActiveMQServer broker = hub.bean(EmbeddedActiveMQ.class).getActiveMQServer();
            assertThat(broker.getConfiguration().getAcceptorConfigurations()).isNotEmpty()
                    .allSatisfy(acceptor -> assertThat(acceptor.getFactoryClassName()).contains("InVM"));
            assertThat(broker.getConfiguration().isSecurityEnabled()).isFalse();

            String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(C), "no.knutepunkt.v1.fil",
                    "amqp-plain", null, null, null, "x.xml"), hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    broker.locateQueue("knutepunkt.member." + C).getMessageCount() == 1);
            assertThat(hub.client(A).status(meldingId).path("deliveries").get(0).path("status").asText())
                    .isEqualTo("QUEUED");
        }
    }
}
