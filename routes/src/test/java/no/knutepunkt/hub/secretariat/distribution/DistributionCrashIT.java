package no.knutepunkt.hub.secretariat.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.HubProcess;
import no.knutepunkt.hub.Multipart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub, run as its jar, is killed (SIGKILL) in the middle of a distribution to all 43
 * members and started again on the same data directory: the distribution finishes and every
 * member has the message exactly once.
 */
class DistributionCrashIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "crash-2026";
    @TempDir
    Path dir;
    private HubProcess hub;

    @AfterEach
    void stopHub() throws InterruptedException {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aDistributionInterruptedByKillMinusNineFinishesAfterRestartWithEveryRecipientServedOnce() throws Exception {
        int port = HubProcess.freePort();
        URI uri = URI.create("http://127.0.0.1:" + port);
        hub = start(port, "first");
        String[] secretariat = HubProcess.credentials(dir.resolve("data/demo/secretariat.properties"));
        String metadata = "{\"noekkel\":\"" + KEY + "\",\"meldingType\":\"no.knutepunkt.v1.fil\","
                + "\"filnavn\":\"varsel.txt\",\"maal\":{\"alle\":true}}";
        HttpResponse<String> created = Multipart.post(uri, "/api/v1/distributions", secretariat[0], secretariat[1],
                Multipart.parts(metadata, "Innkalling til årsmøte".getBytes(StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).path("id").asText();

        // kill -9 while some, but not all, recipients' messages have been made
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> made(uri, secretariat, id) >= 4);
        int madeBeforeKill = made(uri, secretariat, id);
        hub.kill();
        assertThat(madeBeforeKill).isLessThan(43);
        System.out.println("Killed the hub (SIGKILL) with " + madeBeforeKill + " of 43 recipients' messages made");

        hub = start(port, "second");
        await().atMost(Duration.ofSeconds(120)).until(() -> counts(uri, secretariat, id).path("QUEUED").asInt() == 43);

        Set<String> meldingIds = new HashSet<>();
        for (Path member : Files.list(dir.resolve("data/demo/members")).sorted().toList()) {
            MemberIdentity me = MemberIdentity.load(member, dir.resolve("data/demo/ca.pem"));
            HubClient client = new HubClient(uri, me.username(), me.password());
            // QUEUED means on the broker; the inbox placement follows
            await().atMost(Duration.ofSeconds(30)).until(() -> !copies(client).isEmpty());
            List<String> copies = copies(client);
            assertThat(copies).as("copies in the inbox of " + me.username()).hasSize(1);
            meldingIds.add(copies.get(0));
        }
        assertThat(meldingIds).hasSize(43);
    }

    private static List<String> copies(HubClient client) throws Exception {
        List<String> copies = new ArrayList<>();
        for (JsonNode m : client.inbox()) {
            if (KEY.equals(m.path("klientKorrelasjonsId").asText())) {
                copies.add(m.path("meldingId").asText());
            }
        }
        return copies;
    }

    private HubProcess start(int port, String name) throws IOException {
        return HubProcess.start(dir, port, name, List.of(), List.of(
                "--knutepunkt.distributions.batch-size=2", "--knutepunkt.distributions.interval=300ms",
                "--knutepunkt.distributions.batches-per-tick=1",
                "--knutepunkt.outbox.sweep-interval=1s", "--knutepunkt.outbox.stale-after=2s"));
    }

    private static int made(URI uri, String[] secretariat, String id) throws Exception {
        JsonNode counts = counts(uri, secretariat, id);
        return 43 - counts.path("PENDING").asInt();
    }

    private static JsonNode counts(URI uri, String[] secretariat, String id) throws Exception {
        HttpResponse<String> response = Multipart.get(uri, "/api/v1/distributions/" + id, secretariat[0],
                secretariat[1]);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("counts");
    }
}
