package no.knutepunkt.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.platform.crypto.CmsSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub (its jar, embedded broker and database) is killed with SIGKILL while senders keep it saturated. The
 * senders then do what the README tells a member system: send again what got no answer, with the same
 * klientMeldingId. After a restart every message has exactly one meldingId and exactly one delivery per
 * recipient, every inbox delivery waits in its inbox, and every push reached the receiver; a push repeated
 * after the crash is one that was under way when the hub died.
 */
class SaturatedCrashIT {
    private static final int MESSAGES = 2000;
    private static final int SENDERS = 16;
    private static final String A = TestHub.A;
    private static final String B = TestHub.B;
    private static final String C = TestHub.C;
    @TempDir
    Path dir;

    @Test
    void killedWhileSaturatedNothingIsLostOrDuplicated() throws Exception {
        try (PushReceiver receiver = new PushReceiver(dir.resolve("received"))) {
            int port = HubProcess.freePort();
            List<String> args = List.of("--knutepunkt.routing." + C + ".connector=fiksio",
                    "--knutepunkt.routing." + C + ".endpoint=" + receiver.uri(),
                    "--knutepunkt.outbox.sweep-interval=2s", "--knutepunkt.outbox.stale-after=5s");
            HubProcess hub = HubProcess.start(dir, port, "saturated", List.of(), args);
            MemberIdentity a = MemberIdentity.load(dir.resolve("data/demo/members/" + A),
                    dir.resolve("data/demo/ca.pem"));
            CmsSigner signer = new CmsSigner(a.key(), a.certificate());
            List<byte[]> signed = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                signed.add(signer.sign(("<melding nr=\"" + i + "\">" + "x".repeat(2000) + "</melding>")
                        .getBytes(StandardCharsets.UTF_8)));
            }
            Map<Integer, String> accepted = new ConcurrentHashMap<>();
            AtomicInteger failed = new AtomicInteger();
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            HubClient client = new HubClient(hub.uri(), a.username(), a.password());
            for (int i = 0; i < MESSAGES; i++) {
                int n = i;
                senders.execute(() -> {
                    try {
                        accepted.put(n, client.send(send(n), signed.get(n)));
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                });
            }
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                    .until(() -> accepted.size() >= MESSAGES / 3);
            int acceptedBeforeKill = accepted.size();
            hub.kill();
            senders.shutdown();
            assertThat(senders.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
            System.out.printf("Killed the saturated hub (SIGKILL) with %d of %d messages accepted; %d sends failed"
                    + " with it%n", acceptedBeforeKill, MESSAGES, failed.get());
            assertThat(acceptedBeforeKill).isLessThan(MESSAGES);

            HubProcess again = HubProcess.start(dir, port, "saturated-again", List.of(), args);
            try (again) {
                HubClient retry = new HubClient(again.uri(), a.username(), a.password());
                // a member system sends again what got no answer, with the same klientMeldingId
                for (int i = 0; i < MESSAGES; i++) {
                    String meldingId = retry.send(send(i), signed.get(i));
                    String before = accepted.putIfAbsent(i, meldingId);
                    assertThat(before == null ? meldingId : before).as("message %d", i).isEqualTo(meldingId);
                }
                await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                        .until(() -> receiver.pushes().size() == MESSAGES);
                // a late repeat would show in this time: the count of pushes must stay as it is
                int pushes = receiver.pushes().values().stream().mapToInt(AtomicInteger::get).sum();
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> receiver.pushes()
                        .values().stream().mapToInt(AtomicInteger::get).sum() == pushes);
            }

            String url = "jdbc:h2:file:" + dir.resolve("data/db/knutepunkt") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
            try (Connection db = DriverManager.getConnection(url, "sa", "")) {
                assertThat(count(db, "select count(*) from melding where klient_melding_id like 'sat-%'"))
                        .isEqualTo(MESSAGES);
                assertThat(count(db, "select count(*) from levering l join melding m on m.melding_id = l.melding_id"
                        + " where m.klient_melding_id like 'sat-%' and l.mottaker = '" + B + "' and l.in_inbox"
                        + " and l.status = 'QUEUED'")).isEqualTo(MESSAGES);
                assertThat(count(db, "select count(*) from levering l join melding m on m.melding_id = l.melding_id"
                        + " where m.klient_melding_id like 'sat-%' and l.mottaker = '" + C + "'"
                        + " and l.status = 'DELIVERED'")).isEqualTo(MESSAGES);
            }
            List<String> repeated = receiver.pushes().entrySet().stream().filter(e -> e.getValue().get() > 1)
                    .map(Map.Entry::getKey).toList();
            System.out.printf("Pushes repeated after the crash (under way when it died): %d%n", repeated.size());
            assertThat(receiver.pushes().keySet()).containsExactlyInAnyOrderElementsOf(accepted.values());
            // at most the pushes that could be under way at once: one per consumer of the push queue
            assertThat(repeated.size()).isLessThanOrEqualTo(2 * 8 * Runtime.getRuntime().availableProcessors());
            // how many repeats said so (resendt): a hint for the recipient, which must go by the meldingId anyway
            long marked = repeated.stream().filter(id -> {
                List<Boolean> flags = receiver.resendt(id);
                return !flags.subList(1, flags.size()).contains(false);
            }).count();
            System.out.printf("Repeats marked resendt: %d of %d (%s)%n", marked, repeated.size(),
                    repeated.stream().map(id -> id + "=" + receiver.resendt(id)).toList());
        }
    }

    private static HubClient.Send send(int n) {
        return new HubClient.Send(A, List.of(B, C), "no.knutepunkt.v1.fil", "sat-" + n, null, null, null,
                "melding.xml");
    }

    private static int count(Connection db, String sql) throws Exception {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
