package no.knutepunkt.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The production topology under faults (issue 13): one topology ({@link Topology}: Artemis primary + backup from the
 * shipped broker XMLs, PostgreSQL, two hubs of the production profile, a WireMock receiver) shared by five scenarios
 * in order, then two of member systems subscribing over AMQP 1.0 to the pair. Each prints its figures and asserts
 * them; deliveries are counted at the receiver by meldingId from WireMock's request journal.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyIT {
    private static Topology topology;
    private static long suiteStarted;

    @BeforeAll
    static void start() throws Exception {
        suiteStarted = System.nanoTime();
        topology = Topology.start();
    }

    @AfterAll
    static void stop() {
        if (topology != null) {
            topology.close();
        }
        System.out.printf("[topology] suite took %.1f s%n", seconds(suiteStarted));
    }

    /** Scenario 1: kill -9 of one hub during a 1 000-message distribution. */
    @Test
    @Order(1)
    void aHubKilledDuringADistributionLosesNothingAndMarksEveryRepeat() throws Exception {
        String key = "s1-kill-hub";
        Topology.Hub killed = topology.hubs[0];
        // over the inline limit (64 KiB): the document is a file in the payload directory both hubs share
        byte[] document = document(key, 80 * 1024);
        long started = System.nanoTime();
        String id = distribute(killed, key, topology.generated, document);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                .until(() -> topology.receiver.pushes(key).distinct() >= 250);
        int atKill = topology.receiver.pushes(key).distinct();
        killed.process.kill9();
        // when the killed hub is gone (kill9 waits for it): whatever it pushed arrived before this, even a push that
        // was on its way while the signal was sent
        Instant fault = Instant.now();
        System.out.printf("[s1] kill -9 of %s, gone at %s, %.1f s in, with %d of 1000 delivered%n", killed, fault,
                seconds(started), atKill);
        Topology.Hub survivor = topology.hubs[1];
        awaitAllDelivered(survivor, key, id, 1000, Duration.ofSeconds(240));
        double took = seconds(started);
        Receiver.Counts counts = topology.receiver.pushes(key);
        System.out.printf("[s1] delivered %d distinct, %d duplicates at the receiver, %d refused, %d accepted pushes "
                + "marked resendt, in %.1f s%n", counts.distinct(), counts.duplicates(), counts.refused(),
                counts.resendt(), took);
        Duplicates duplicates = explainDuplicates("s1", counts, fault);
        assertThat(atKill).isLessThan(1000);
        assertThat(counts.distinct()).isEqualTo(1000);
        assertThat(deadLetters(survivor)).isZero();
        // the killed hub comes back for the next scenarios
        long restart = System.nanoTime();
        topology.launchHub(killed.number).awaitHealthy(Duration.ofSeconds(180));
        System.out.printf("[s1] %s started again in %.1f s%n", topology.hubs[0], seconds(restart));
        // A push the receiver took in the last moment before the kill, whose outcome the killed hub never recorded,
        // is pushed again by the other hub: at-least-once, as with Fiks IO. No hub can tell whether such a push
        // arrived, so none is lost; the copy says resendt=true. Every duplicate must be that and nothing else: a
        // first copy before the kill, every later copy marked.
        assertThat(duplicates.straddling()).as("duplicates not from pushes under way at the kill: %s",
                counts.repeated()).isEqualTo(duplicates.meldingIds());
        assertThat(duplicates.marked()).as("duplicates whose later copies did not say resendt: %s",
                counts.repeated()).isEqualTo(duplicates.meldingIds());
    }

    /** Scenario 2: the primary broker killed mid-flow; the backup takes over, the primary rejoins as backup. */
    @Test
    @Order(2)
    void thePrimaryBrokerKilledMidFlowFailsOverToTheBackupAndRejoinsAsBackup() throws Exception {
        String key = "s2-kill-primary";
        long started = System.nanoTime();
        String id = distribute(topology.hubs[1], key, topology.generated, document(key, 2048));
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                .until(() -> topology.receiver.pushes(key).distinct() >= 250);
        int atKill = topology.receiver.pushes(key).distinct();
        long killed = System.nanoTime();
        Instant fault = Instant.now();
        topology.primary.kill9();
        System.out.printf("[s2] kill -9 of the primary broker (pid %d) at %s, %.1f s in, with %d of 1000 delivered%n",
                topology.primary.pid(), fault, seconds(started), atKill);
        topology.awaitLog(topology.backup, "AMQ221007", Duration.ofSeconds(60)); // Server is now active
        System.out.printf("[s2] the backup is active %.1f s after the kill%n", seconds(killed));
        awaitAllDelivered(topology.hubs[0], key, id, 1000, Duration.ofSeconds(240));
        double took = seconds(started);
        Receiver.Counts counts = topology.receiver.pushes(key);
        System.out.printf("[s2] delivered %d distinct, %d duplicates at the receiver, %d accepted pushes marked "
                + "resendt, in %.1f s%n", counts.distinct(), counts.duplicates(), counts.resendt(), took);
        explainDuplicates("s2", counts, fault);

        long restart = System.nanoTime();
        topology.primary = topology.startBroker("primary");
        // AMQ221109: started as a backup; AMQ221024: synchronized with the now active server (the old backup)
        topology.awaitLog(topology.primary, "AMQ221024", Duration.ofSeconds(120));
        System.out.printf("[s2] the old primary rejoined as backup and is in sync %.1f s after its restart%n",
                seconds(restart));
        assertThat(topology.primary.log()).contains("AMQ221109").doesNotContain("AMQ221007");
        assertThat(counts.distinct()).isEqualTo(1000);
        assertThat(deadLetters(topology.hubs[0])).isZero();
        assertThat(counts.duplicates()).as("duplicates at the receiver: %s", counts.repeated()).isZero();
    }

    /** Scenario 3: the receiver answers 503 for 60 s; everything arrives after it returns, nothing dead-lettered. */
    @Test
    @Order(3)
    void aReceiverAnswering503ForAMinuteGetsEverythingAfterItReturns() throws Exception {
        String key = "s3-receiver-503";
        List<String> recipients = topology.generated.subList(0, 200);
        long down = System.nanoTime();
        topology.receiver.unavailable();
        String id = distribute(topology.hubs[0], key, recipients, document(key, 2048));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> topology.receiver.pushes(key).refused() >= 1);
            // hold the fault for its stated duration
            Thread.sleep(Math.max(0, 60_000 - (System.nanoTime() - down) / 1_000_000));
        } finally {
            topology.receiver.available();
        }
        Receiver.Counts during = topology.receiver.pushes(key);
        long back = System.nanoTime();
        System.out.printf("[s3] receiver answered 503 for %.1f s: %d pushes refused, %d accepted meanwhile%n",
                seconds(down), during.refused(), during.distinct());
        awaitAllDelivered(topology.hubs[1], key, id, recipients.size(), Duration.ofSeconds(240));
        Receiver.Counts counts = topology.receiver.pushes(key);
        int deadLetters = deadLetters(topology.hubs[0]);
        System.out.printf("[s3] all %d delivered %.1f s after the receiver returned (%.1f s in all); "
                        + "%d refused attempts, %d duplicates, %d dead letters%n", counts.distinct(), seconds(back),
                seconds(down), counts.refused(), counts.duplicates(), deadLetters);
        explainDuplicates("s3", counts, null);
        assertThat(during.refused()).isGreaterThanOrEqualTo(recipients.size());
        assertThat(counts.distinct()).isEqualTo(recipients.size());
        assertThat(deadLetters).isZero();
        assertThat(counts(topology.hubs[0], id).path("FAILED").asInt()).isZero();
        assertThat(counts.duplicates()).as("duplicates at the receiver: %s", counts.repeated()).isZero();
    }

    /** Scenario 4: PostgreSQL restarted mid-flow; the hubs recover by themselves and nothing is lost. */
    @Test
    @Order(4)
    void postgresRestartedMidFlowLosesNothing() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/etc/postgresql")) && "root".equals(System.getProperty("user.name")),
                "restarting the machine's PostgreSQL needs pg_ctlcluster (Debian) and root");
        String key = "s4-postgres-restart";
        long started = System.nanoTime();
        String id = distribute(topology.hubs[0], key, topology.generated, document(key, 2048));
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(50))
                .until(() -> topology.receiver.pushes(key).distinct() >= 200);
        int atStop = topology.receiver.pushes(key).distinct();
        long stopped = System.nanoTime();
        try {
            Topology.pgctl("stop");
            System.out.printf("[s4] PostgreSQL stopped after %.1f s with %d of 1000 delivered%n", seconds(started),
                    atStop);
            Thread.sleep(5_000); // hold the fault: the database is away for 5 s
        } finally {
            Topology.pgctl("start");
        }
        Instant back = Instant.now();
        System.out.printf("[s4] PostgreSQL back at %s, %.1f s after the stop began%n", back, seconds(stopped));
        awaitAllDelivered(topology.hubs[1], key, id, 1000, Duration.ofSeconds(300));
        Receiver.Counts counts = topology.receiver.pushes(key);
        System.out.printf("[s4] delivered %d distinct, %d duplicates at the receiver, %d refused, %d accepted pushes "
                        + "marked resendt, in %.1f s; %d dead letters%n", counts.distinct(), counts.duplicates(),
                counts.refused(), counts.resendt(), seconds(started), deadLetters(topology.hubs[0]));
        Duplicates duplicates = explainDuplicates("s4", counts, back);
        for (Topology.Hub hub : topology.hubs) {
            hub.awaitHealthy(Duration.ofSeconds(60));
        }
        assertThat(counts.distinct()).isEqualTo(1000);
        assertThat(deadLetters(topology.hubs[1])).isZero();
        // a push taken while the database was away is recorded once it is back (knutepunkt.delivery.record-patience),
        // not pushed again; should the wait run out, the repeat says resendt
        assertThat(duplicates.marked()).as("duplicates whose later copies did not say resendt: %s",
                counts.repeated()).isEqualTo(duplicates.meldingIds());
    }

    /** Scenario 5: the same distribution and an invoicing run started on both hubs at once. */
    @Test
    @Order(5)
    void aDistributionAndAnInvoicingRunStartedOnBothHubsAtOnceAreMadeOnce() throws Exception {
        String key = "s5-both-hubs";
        byte[] document = document(key, 2048);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Api.Answer>> distributions = new ArrayList<>();
        List<Future<Api.Answer>> runs = new ArrayList<>();
        long started = System.nanoTime();
        try {
            for (Topology.Hub hub : topology.hubs) {
                distributions.add(pool.submit(at(go, () -> hub.secretariat().postMultipart("/api/v1/distributions",
                        distributionMetadata(key, topology.generated), document, "rundskriv.txt"))));
                runs.add(pool.submit(at(go, () -> hub.secretariat().postJson("/api/v1/invoicing-runs",
                        "{\"year\": 2021, \"dryRun\": false}"))));
            }
            go.countDown();
            for (Future<Api.Answer> f : distributions) {
                f.get();
            }
            for (Future<Api.Answer> f : runs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> ids = new HashSet<>();
        List<Integer> distributionStatus = new ArrayList<>();
        for (Future<Api.Answer> f : distributions) {
            Api.Answer a = f.get();
            distributionStatus.add(a.status());
            assertThat(a.status()).as(a.body()).isIn(200, 202);
            ids.add(a.json().path("id").asText());
        }
        List<Integer> runStatus = new ArrayList<>();
        for (Future<Api.Answer> f : runs) {
            Api.Answer a = f.get();
            runStatus.add(a.status());
            assertThat(a.status()).as(a.body()).isIn(200, 201, 409);
        }
        System.out.printf("[s5] distribution answers %s (ids %s), invoicing-run answers %s%n", distributionStatus,
                ids, runStatus);
        assertThat(ids).hasSize(1);
        assertThat(runStatus).contains(201);
        String id = ids.iterator().next();

        JsonNode listed = topology.hubs[0].secretariat().json("/api/v1/invoicing-runs");
        List<JsonNode> runs2021 = new ArrayList<>();
        listed.forEach(r -> {
            if (r.path("year").asInt() == 2021) {
                runs2021.add(r);
            }
        });
        assertThat(runs2021).as(listed.toString()).hasSize(1);
        String runId = runs2021.get(0).path("id").asText();
        int invoiceCount = runs2021.get(0).path("count").asInt();

        awaitAllDelivered(topology.hubs[1], key, id, 1000, Duration.ofSeconds(240));
        JsonNode distribution = topology.hubs[0].secretariat().json("/api/v1/distributions/" + id);
        Set<String> meldingIds = new HashSet<>();
        distribution.path("mottakere").forEach(m -> meldingIds.add(m.path("meldingId").asText()));
        int made;
        try (Connection c = topology.db();
             PreparedStatement s = c.prepareStatement("select count(*) from melding where klient_korrelasjons_id = ?")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                made = r.getInt(1);
            }
        }
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> topology.receiver.invoices().distinct() >= invoiceCount);
        JsonNode run = topology.hubs[1].secretariat().json("/api/v1/invoicing-runs/" + runId);
        Receiver.Counts counts = topology.receiver.pushes(key);
        Receiver.Counts invoices = topology.receiver.invoices();
        System.out.printf("[s5] distribution: %d recipients, %d messages made (database), %d distinct meldingIds, "
                        + "%d delivered, %d duplicates at the receiver; invoicing: %d run(s) for 2021 with %d invoices, "
                        + "%d at the access point, %d duplicates; %.1f s%n", distribution.path("recipients").asInt(),
                made, meldingIds.size(), counts.distinct(), counts.duplicates(), runs2021.size(), invoiceCount,
                invoices.distinct(), invoices.duplicates(), seconds(started));
        explainDuplicates("s5", counts, null);
        assertThat(made).isEqualTo(1000);
        assertThat(meldingIds).hasSize(1000);
        assertThat(counts.distinct()).isEqualTo(1000);
        assertThat(run.path("invoices").size()).isEqualTo(invoiceCount);
        assertThat(invoices.distinct()).isEqualTo(invoiceCount);
        assertThat(invoices.duplicates()).as("invoices sent twice: %s", invoices.repeated()).isZero();
        assertThat(counts.duplicates()).as("duplicates at the receiver: %s", counts.repeated()).isZero();
    }

    /**
     * Scenario 6: member systems subscribe over AMQP 1.0 to the production broker pair (the broker plugins in its
     * lib/, the shipped broker XMLs and login.config): a member takes its delivery from its own address through the
     * pair's failover URL (after scenario 2 the old backup is the active one), and accepting it makes it DELIVERED
     * through the hub, once; another member can neither attach to that address nor send, and a wrong password does
     * not sign in.
     */
    @Test
    @Order(6)
    void aMemberSystemSubscribesOverAmqpToTheBrokerPairAndItsAcceptMakesTheDeliveryDelivered() throws Exception {
        String key = "s6-amqp";
        String member = topology.amqpMembers.get(0);
        String other = topology.amqpMembers.get(1);
        String address = "knutepunkt.member." + member;
        byte[] document = document(key, 2048);
        String id = distribute(topology.hubs[1], key, List.of(member), document);
        String meldingId = onlyMeldingId(id);

        // the other member signs in, but may neither consume the first one's address nor send to any
        String direct = "amqp://127.0.0.1:" + topology.activeAmqpPort();
        try (jakarta.jms.Connection connection = new org.apache.qpid.jms.JmsConnectionFactory(other,
                topology.memberPassword, direct).createConnection()) {
            connection.start();
            jakarta.jms.Session session = connection.createSession(jakarta.jms.Session.CLIENT_ACKNOWLEDGE);
            assertThatThrownBy(() -> session.createConsumer(session.createQueue(address)))
                    .isInstanceOf(jakarta.jms.JMSSecurityException.class);
            assertThatThrownBy(() -> session.createProducer(session.createQueue("knutepunkt.member." + other))
                    .send(session.createTextMessage("x"))).isInstanceOf(jakarta.jms.JMSSecurityException.class);
        }
        // a wrong password does not sign in
        assertThatThrownBy(() -> {
            try (jakarta.jms.Connection connection = new org.apache.qpid.jms.JmsConnectionFactory(member,
                    "not-" + topology.memberPassword, direct).createConnection()) {
                connection.start();
            }
        }).isInstanceOf(jakarta.jms.JMSSecurityException.class);

        long started = System.nanoTime();
        try (jakarta.jms.Connection connection = new org.apache.qpid.jms.JmsConnectionFactory(member,
                topology.memberPassword, topology.amqpFailoverUrl()).createConnection()) {
            connection.start();
            jakarta.jms.Session session = connection.createSession(jakarta.jms.Session.CLIENT_ACKNOWLEDGE);
            jakarta.jms.Message message = session.createConsumer(session.createQueue(address)).receive(120_000);
            assertThat(message).as("a delivery on %s", address).isNotNull();
            assertThat(message.getStringProperty("meldingId")).isEqualTo(meldingId);
            assertThat(message.getStringProperty("mottaker")).isEqualTo(member);
            assertThat(message.getStringProperty("avsender")).isEqualTo(Topology.HUB_ORGNR);
            assertThat(message.getStringProperty("meldingType")).isEqualTo("no.knutepunkt.v1.fil");
            assertThat(message.getBooleanProperty("resendt")).isFalse();
            byte[] body = message.getBody(byte[].class);
            // CMS EnvelopedData (DER): a SEQUENCE, bigger than the document it seals
            assertThat(body[0]).isEqualTo((byte) 0x30);
            assertThat(body.length).isGreaterThan(document.length);
            assertThat(counts(topology.hubs[0], id).path("QUEUED").asInt()).isEqualTo(1);
            message.acknowledge();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> counts(topology.hubs[0], id).path("DELIVERED").asInt() == 1);
        System.out.printf("[s6] %s took %s over AMQP from the pair and accepted it: DELIVERED %.1f s after it "
                + "subscribed%n", member, meldingId, seconds(started));
        assertThat(deliveredEvents(meldingId)).as("DELIVERED recorded once").isEqualTo(1);
        assertThat(deadLetters(topology.hubs[0])).isZero();
    }

    /**
     * Scenario 7: the active broker killed while a member system holds a delivery it has not settled: its consumer
     * (the pair's failover URL) reconnects to the broker that takes over, gets the delivery again from it, accepts
     * it, and the delivery is DELIVERED once: neither lost nor recorded twice.
     */
    @Test
    @Order(7)
    void aMemberSystemsAmqpConsumerFailsOverWithThePairAndItsDeliveryIsNeitherLostNorRecordedTwice()
            throws Exception {
        String key = "s7-amqp-failover";
        String member = topology.amqpMembers.get(1);
        String address = "knutepunkt.member." + member;
        String id = distribute(topology.hubs[0], key, List.of(member), document(key, 2048));
        String meldingId = onlyMeldingId(id);
        boolean primaryActive = topology.activeAmqpPort() == topology.primaryAmqpPort;
        Child active = primaryActive ? topology.primary : topology.backup;
        Child passive = primaryActive ? topology.backup : topology.primary;
        long started = System.nanoTime();
        boolean redelivered;
        try (jakarta.jms.Connection connection = new org.apache.qpid.jms.JmsConnectionFactory(member,
                topology.memberPassword, topology.amqpFailoverUrl()).createConnection()) {
            connection.start();
            jakarta.jms.Session session = connection.createSession(jakarta.jms.Session.CLIENT_ACKNOWLEDGE);
            jakarta.jms.MessageConsumer consumer = session.createConsumer(session.createQueue(address));
            jakarta.jms.Message first = consumer.receive(120_000);
            assertThat(first).as("a delivery on %s", address).isNotNull();
            assertThat(first.getStringProperty("meldingId")).isEqualTo(meldingId);
            // the active broker dies before the member settles
            active.kill9();
            System.out.printf("[s7] kill -9 of the active broker (%s, pid %d) while %s holds %s unsettled%n",
                    active.name(), active.pid(), member, meldingId);
            topology.awaitLog(passive, "AMQ221007", Duration.ofSeconds(60)); // Server is now active
            jakarta.jms.Message again = consumer.receive(120_000);
            assertThat(again).as("the delivery again, from the broker that took over").isNotNull();
            assertThat(again.getStringProperty("meldingId")).isEqualTo(meldingId);
            redelivered = again.getJMSRedelivered();
            assertThat(counts(topology.hubs[0], id).path("QUEUED").asInt()).isEqualTo(1);
            again.acknowledge();
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> counts(topology.hubs[1], id).path("DELIVERED").asInt() == 1);
        System.out.printf("[s7] %s failed over to %s, took %s again (JMSRedelivered %s) and accepted it: DELIVERED "
                + "%.1f s after it first received it%n", member, passive.name(), meldingId, redelivered,
                seconds(started));
        assertThat(deliveredEvents(meldingId)).as("DELIVERED recorded once").isEqualTo(1);
        assertThat(deadLetters(topology.hubs[1])).isZero();
    }

    /** The meldingId of a distribution to one recipient (made at once or soon after). */
    private static String onlyMeldingId(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> topology.hubs[0].secretariat().json("/api/v1/distributions/" + id)
                        .path("mottakere").get(0).path("meldingId").asText(""), m -> !m.isBlank());
    }

    private static int deliveredEvents(String meldingId) throws Exception {
        try (Connection c = topology.db();
             PreparedStatement s = c.prepareStatement("select count(*) from levering_hendelse"
                     + " where melding_id = ? and status = 'DELIVERED'")) {
            s.setString(1, meldingId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    // ---- helpers

    private static <T> Callable<T> at(CountDownLatch go, Callable<T> call) {
        return () -> {
            go.await();
            return call.call();
        };
    }

    private static byte[] document(String key, int size) {
        StringBuilder b = new StringBuilder("Rundskriv " + key + "\n");
        while (b.length() < size) {
            b.append("Styret i Digi Vestland kallar inn til årsmøte. ");
        }
        return b.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    private static String distributionMetadata(String key, List<String> recipients) {
        StringBuilder to = new StringBuilder();
        for (String orgnr : recipients) {
            to.append(to.length() == 0 ? "" : ",").append('"').append(orgnr).append('"');
        }
        return "{\"noekkel\":\"" + key + "\",\"meldingType\":\"no.knutepunkt.v1.fil\",\"filnavn\":\"rundskriv.txt\","
                + "\"maal\":{\"mottakere\":[" + to + "]}}";
    }

    private static String distribute(Topology.Hub hub, String key, List<String> recipients, byte[] document)
            throws Exception {
        Api.Answer a = hub.secretariat().postMultipart("/api/v1/distributions", distributionMetadata(key, recipients),
                document, "rundskriv.txt");
        assertThat(a.status()).as(a.body()).isEqualTo(202);
        return a.json().path("id").asText();
    }

    private static JsonNode counts(Topology.Hub hub, String id) throws Exception {
        return hub.secretariat().json("/api/v1/distributions/" + id).path("counts");
    }

    /** Until the receiver has every message and the hub's database says each is DELIVERED. */
    private static void awaitAllDelivered(Topology.Hub hub, String key, String id, int n, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> topology.receiver.pushes(key).distinct() >= n
                            && counts(hub, id).path("DELIVERED").asInt() == n);
        } catch (RuntimeException e) {
            String state;
            try {
                state = counts(hub, id).toString();
            } catch (Exception x) {
                state = x.toString();
            }
            throw new AssertionError(key + ": not all " + n + " delivered; receiver " + topology.receiver.pushes(key)
                    + ", hub's counts " + state, e);
        }
    }

    private static int deadLetters(Topology.Hub hub) throws Exception {
        return hub.operator().json("/api/v1/dead-letters").size();
    }

    /**
     * For each meldingId the receiver got more than once: when, and the delivery's history in the database. A copy
     * accepted before {@code faultEnded} (a kill, or the database coming back) and another after it is the
     * at-least-once window: pushed, then the outcome not recorded, and pushed again on the broker's redelivery.
     */
    private static Duplicates explainDuplicates(String scenario, Receiver.Counts counts, Instant faultEnded)
            throws Exception {
        if (counts.repeated().isEmpty()) {
            return new Duplicates(0, 0, 0);
        }
        try (Connection c = topology.db();
             PreparedStatement s = c.prepareStatement(
                     "select status, reason, at from levering_hendelse where melding_id = ? order by id")) {
            int window = 0;
            int marked = 0;
            for (Map.Entry<String, Integer> e : counts.repeated().entrySet()) {
                StringBuilder history = new StringBuilder();
                s.setString(1, e.getKey());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        history.append(" | ").append(r.getString(1)).append(' ').append(r.getTimestamp(3).toInstant())
                                .append(r.getString(2) == null ? "" : " " + r.getString(2));
                    }
                }
                List<Receiver.Arrival> copies = topology.receiver.accepted(e.getKey());
                Instant first = copies.get(0).at();
                Instant last = copies.get(copies.size() - 1).at();
                boolean straddles = faultEnded != null && first.isBefore(faultEnded) && last.isAfter(faultEnded);
                if (straddles) {
                    window++;
                }
                boolean flagged = copies.stream().skip(1).allMatch(a -> "true".equals(a.resendt()));
                if (flagged) {
                    marked++;
                }
                System.out.printf("[%s] duplicate: %s accepted %d times, at %s with resendt %s (%d ms apart%s); "
                                + "history%s%n", scenario, e.getKey(), e.getValue(),
                        copies.stream().map(Receiver.Arrival::at).toList(),
                        copies.stream().map(Receiver.Arrival::resendt).toList(),
                        Duration.between(first, last).toMillis(),
                        straddles ? ", first before the fault ended, again after it" : "", history);
            }
            System.out.printf("[%s] %d of %d duplicated meldingIds were accepted before the fault ended and again after "
                    + "it (pushed, then the outcome not recorded: the at-least-once window); %d of %d had every "
                    + "later copy marked resendt=true%n", scenario, window, counts.repeated().size(), marked,
                    counts.repeated().size());
            return new Duplicates(counts.repeated().size(), window, marked);
        }
    }

    /**
     * The meldingIds the receiver got more than once: how many, how many of them straddle the fault (a copy before
     * it, another after), and how many had every later copy marked resendt.
     */
    private record Duplicates(int meldingIds, int straddling, int marked) {
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
