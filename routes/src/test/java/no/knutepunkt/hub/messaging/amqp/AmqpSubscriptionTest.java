package no.knutepunkt.hub.messaging.amqp;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.broker.MemberAddresses;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Member systems subscribe to their deliveries over AMQP 1.0, as to Fiks IO: a real AMQP client (Qpid JMS) takes a
 * message sent over the REST API from the member's own address on the hub's broker, with the Fiks IO headers and
 * the payload sealed for it; how it settles the message decides the delivery's status. Broker security keeps each
 * member to its own address.
 */
class AmqpSubscriptionTest {
    private static final String HUB = "921000006";
    /** Qpid JMS' per-message settlement (JmsMessageSupport.JMS_AMQP_ACK_TYPE and its values). */
    private static final String ACK_TYPE = "JMS_AMQP_ACK_TYPE";
    private static final int REJECTED = 2;
    private static final int RELEASED = 3;
    private static final int MODIFIED_FAILED = 4;
    @TempDir
    static Path dir;
    static TestHub hub;
    static int port;

    @BeforeAll
    static void start() throws IOException {
        port = freePort();
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.routing." + C + ".connector", "amqp",
                "knutepunkt.routing." + D + ".connector", "amqp",
                "knutepunkt.amqp.port", String.valueOf(port),
                "knutepunkt.amqp.host", "127.0.0.1",
                "knutepunkt.redelivery.initial-delay", "200ms",
                "knutepunkt.redelivery.multiplier", "2",
                "knutepunkt.redelivery.max-attempts", "3")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    @Test
    void aMemberTakesItsDeliveryWithTheFiksIoHeadersAndAcceptingItMakesItDelivered() throws Exception {
        byte[] payload = "<x>til Kinn</x>".getBytes(StandardCharsets.UTF_8);
        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(C), "no.knutepunkt.v1.fil", "amqp-1",
                "korr-amqp-1", null, 3_600_000L, "x.xml"), hub.sign(A, payload));

        try (Connection connection = connect(C)) {
            MessageConsumer consumer = subscribe(connection, C);
            BytesMessage message = (BytesMessage) consumer.receive(30_000);
            assertThat(message).isNotNull();
            assertThat(message.getStringProperty("meldingId")).isEqualTo(meldingId);
            assertThat(message.getStringProperty("meldingType")).isEqualTo("no.knutepunkt.v1.fil");
            assertThat(message.getStringProperty("avsender")).isEqualTo(A);
            assertThat(message.getStringProperty("mottaker")).isEqualTo(C);
            assertThat(message.getStringProperty("klientMeldingId")).isEqualTo("amqp-1");
            assertThat(message.getStringProperty("klientKorrelasjonsId")).isEqualTo("korr-amqp-1");
            assertThat(message.propertyExists("svarPaMelding")).isFalse();
            assertThat(message.getObjectProperty("ttl")).isEqualTo(3_600_000L);
            assertThat(message.getStringProperty("filnavn")).isEqualTo("x.xml");
            assertThat(message.getBooleanProperty("resendt")).isFalse();
            // the sender's SignedData encrypted to the recipient: it decrypts and verifies as A's
            assertThat(hub.opener(C).open(body(message), A)).isEqualTo(payload);

            // not settled yet: waiting for the recipient, and not in its HTTP inbox
            assertThat(status(meldingId)).isEqualTo("QUEUED");
            assertThat(reasons(meldingId)).contains("waiting on the recipient's AMQP address knutepunkt.member." + C);
            assertThat(ids(hub.client(C).inbox())).doesNotContain(meldingId);

            message.acknowledge();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(meldingId)));
        assertThat(reasons(meldingId)).contains("taken from its AMQP address by the recipient");
        // nothing is left on the address
        try (Connection connection = connect(C)) {
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            assertThat(session.createConsumer(session.createQueue("knutepunkt.member." + C)).receive(1_000)).isNull();
        }
    }

    @Test
    void aRepeatedSettlementChangesNothing() throws Exception {
        String meldingId = send(D, "amqp-settled-twice");
        try (Connection connection = connect(D)) {
            Message message = subscribe(connection, D).receive(30_000);
            assertThat(message.getStringProperty("meldingId")).isEqualTo(meldingId);
            message.acknowledge();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(meldingId)));
        // the broker's settlement again, as a broker restarted between routing it and its acknowledgement would
        // give it (a new duplicate id, so the broker lets it through), and a settlement of a delivery never placed
        NotifyBuilder consumed = new NotifyBuilder(hub.camel()).fromRoute("amqp-settled").whenDone(2).create();
        try (Connection connection = hub.bean(jakarta.jms.ConnectionFactory.class).createConnection();
             Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            var producer = session.createProducer(session.createQueue(MemberAddresses.SETTLED));
            Message again = session.createMessage();
            again.setStringProperty(MemberAddresses.MELDING_ID, meldingId);
            again.setStringProperty(MemberAddresses.MOTTAKER, D);
            producer.send(again);
            Message unknown = session.createMessage();
            unknown.setStringProperty(MemberAddresses.MELDING_ID, meldingId);
            unknown.setStringProperty(MemberAddresses.MOTTAKER, C);
            producer.send(unknown);
        }
        assertThat(consumed.matches(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(status(meldingId)).isEqualTo("DELIVERED");
        assertThat(reasons(meldingId)).filteredOn(SettledRoute.REASON::equals).hasSize(1);
        assertThat(hub.count("select count(*) from levering where melding_id = ? and mottaker = ?", meldingId, C))
                .as("a settlement of nothing makes nothing").isZero();
    }

    @Test
    void aReleasedMessageComesAgain() throws Exception {
        String meldingId = send(D, "amqp-release");
        try (Connection connection = connect(D)) {
            MessageConsumer consumer = subscribe(connection, D);
            Message first = consumer.receive(30_000);
            assertThat(first.getStringProperty("meldingId")).isEqualTo(meldingId);
            first.setIntProperty(ACK_TYPE, RELEASED);
            first.acknowledge();

            Message again = consumer.receive(30_000);
            assertThat(again).isNotNull();
            assertThat(again.getStringProperty("meldingId")).isEqualTo(meldingId);
            assertThat(status(meldingId)).isEqualTo("QUEUED");
            again.acknowledge();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(meldingId)));
    }

    @Test
    void aMessageFailedUntilItsAttemptsRunOutIsFailedAndTheSenderToldSo() throws Exception {
        String meldingId = send(C, "amqp-failed");
        try (Connection connection = connect(C)) {
            MessageConsumer consumer = subscribe(connection, C);
            for (int attempt = 1; attempt <= 3; attempt++) {
                Message message = consumer.receive(30_000);
                assertThat(message).as("attempt " + attempt).isNotNull();
                assertThat(message.getStringProperty("meldingId")).isEqualTo(meldingId);
                message.setIntProperty(ACK_TYPE, MODIFIED_FAILED);
                message.acknowledge();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(meldingId)));
            assertThat(consumer.receive(500)).isNull();
        }
        awaitServerfeil(meldingId);
    }

    @Test
    void aRejectedMessageIsFailedAndTheSenderToldSo() throws Exception {
        String meldingId = send(D, "amqp-rejected");
        try (Connection connection = connect(D)) {
            MessageConsumer consumer = subscribe(connection, D);
            Message message = consumer.receive(30_000);
            assertThat(message.getStringProperty("meldingId")).isEqualTo(meldingId);
            message.setIntProperty(ACK_TYPE, REJECTED);
            message.acknowledge();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(status(meldingId)));
        awaitServerfeil(meldingId);

        // an operator's retry places it on the address again, and this time the member accepts it
        String[] operator = hub.staff("operator");
        HubClient staff = new HubClient(hub.uri(), operator[0], operator[1]);
        long letter = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode l : staff.deadLetters()) {
                if (l.path("meldingId").asText().equals(meldingId)) {
                    return l.path("id").asLong();
                }
            }
            return null;
        }, id -> id != null);
        staff.retryDeadLetter(letter);
        try (Connection connection = connect(D)) {
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            Message again = session.createConsumer(session.createQueue("knutepunkt.member." + D)).receive(30_000);
            assertThat(again).isNotNull();
            assertThat(again.getStringProperty("meldingId")).isEqualTo(meldingId);
            again.acknowledge();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(meldingId)));
    }

    @Test
    void aMemberConsumesOnlyItsOwnAddressAndSendsNowhere() throws Exception {
        // D's system cannot attach to C's address
        try (Connection connection = connect(D)) {
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("knutepunkt.member." + C)))
                    .isInstanceOf(JMSSecurityException.class);
        }
        // nor can B's, a member not routed to amqp, nor anyone to the hub's own queues
        try (Connection connection = connect(B)) {
            Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("knutepunkt.member." + C)))
                    .isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("knutepunkt.deliver.inbox")))
                    .isInstanceOf(JMSSecurityException.class);
        }
        // C sends nowhere: not to its own address, not to another's, not to a queue of its own making
        try (Connection connection = connect(C)) {
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            for (String address : List.of("knutepunkt.member." + C, "knutepunkt.member." + D,
                    "knutepunkt.deliver.amqp")) {
                assertThatThrownBy(() -> session.createProducer(session.createQueue(address))
                        .send(session.createTextMessage("x"))).as(address).isInstanceOf(JMSSecurityException.class);
            }
            // an address that does not exist: the broker refuses to create it (an AMQP internal-error, not a
            // security condition, so Qpid JMS reports a plain JMSException)
            assertThatThrownBy(() -> session.createProducer(session.createQueue("somewhere.new")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("does not have permission='CREATE_ADDRESS'");
            assertThatThrownBy(() -> session.createConsumer(session.createQueue("somewhere.new")))
                    .isInstanceOf(JMSException.class).hasMessageContaining("does not have permission");
        }
        // a wrong password, and staff credentials, are refused
        MemberIdentity c = hub.identity(C);
        assertThatThrownBy(() -> new JmsConnectionFactory(c.username(), c.password() + "x", url()).createConnection()
                .close()).isInstanceOf(JMSSecurityException.class);
        String[] operator = hub.staff("operator");
        assertThatThrownBy(() -> new JmsConnectionFactory(operator[0], operator[1], url()).createConnection().close())
                .isInstanceOf(JMSSecurityException.class);
    }

    /** A consumer of the member's own address that settles each message as the test says. */
    private static MessageConsumer subscribe(Connection connection, String orgnr) throws Exception {
        Session session = connection.createSession(Session.CLIENT_ACKNOWLEDGE);
        return session.createConsumer(session.createQueue("knutepunkt.member." + orgnr));
    }

    private static Connection connect(String orgnr) throws Exception {
        MemberIdentity me = hub.identity(orgnr);
        Connection connection = new JmsConnectionFactory(me.username(), me.password(), url()).createConnection();
        connection.start();
        return connection;
    }

    private static String url() {
        return "amqp://127.0.0.1:" + port;
    }

    private static String send(String to, String klientMeldingId) throws Exception {
        return hub.client(A).send(new HubClient.Send(A, List.of(to), "no.knutepunkt.v1.fil", klientMeldingId, null,
                null, null, "x.xml"), hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] body(BytesMessage message) throws Exception {
        byte[] body = new byte[(int) message.getBodyLength()];
        message.readBytes(body);
        return body;
    }

    private static String status(String meldingId) throws Exception {
        return delivery(meldingId).path("status").asText();
    }

    private static JsonNode delivery(String meldingId) throws Exception {
        return hub.client(A).status(meldingId).path("deliveries").get(0);
    }

    private static List<String> reasons(String meldingId) throws Exception {
        List<String> reasons = new ArrayList<>();
        delivery(meldingId).path("history").forEach(h -> reasons.add(h.path("reason").asText()));
        return reasons;
    }

    private static List<String> ids(JsonNode messages) {
        List<String> ids = new ArrayList<>();
        messages.forEach(m -> ids.add(m.path("meldingId").asText()));
        return ids;
    }

    /** The sender gets the hub's serverfeil about the failed delivery in its inbox. */
    private static void awaitServerfeil(String meldingId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode m : hub.client(A).inbox()) {
                if (m.path("svarPaMelding").asText().equals(meldingId) && m.path("avsender").asText().equals(HUB)
                        && m.path("meldingType").asText().equals("no.ks.fiks.arkiv.v1.feilmelding.serverfeil")) {
                    return true;
                }
            }
            return false;
        });
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
