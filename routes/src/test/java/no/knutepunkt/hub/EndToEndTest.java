package no.knutepunkt.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.KnutepunktCli;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The foundation's path, through the real REST API, the real embedded broker and the real
 * PostgreSQL: A sends to B (inbox) and C (Fiks IO push to a WireMock stand-in); B downloads,
 * decrypts, verifies and acknowledges; C's system receives its copy; both reach DELIVERED.
 */
class EndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    @TempDir
    static Path dir;
    static WireMockServer fiksio;
    static TestHub hub;

    @BeforeAll
    static void start() {
        fiksio = StandIns.fiksIoReceiver();
        hub = TestHub.postgres(dir, Map.of(
                // the per-message lines of the path are DEBUG (two INFO lines per message cost throughput)
                "logging.level.no.knutepunkt.hub.messaging", "DEBUG",
                "knutepunkt.routing." + C + ".connector", "fiksio",
                "knutepunkt.routing." + C + ".endpoint", fiksio.baseUrl())).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        fiksio.stop();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aSendsToAnInboxAndToAPushEndpointAndBothAreDelivered(CapturedOutput output) throws Exception {
        byte[] payload = Samples.arkivmeldingOpprett();
        NotifyBuilder pushed = new NotifyBuilder(hub.camel()).fromRoute("deliver-fiksio").whenCompleted(1).create();

        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(B, C), TYPE, "e2e-1", "korr-1", null,
                null, "arkivmelding.xml"), hub.sign(A, payload));
        assertThat(meldingId).matches("[0-9a-f-]{36}");

        // C's archive system got exactly one push, with the payload for C only, signed by A
        assertThat(pushed.matches(30, TimeUnit.SECONDS)).isTrue();
        List<LoggedRequest> pushes = fiksio.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
        assertThat(pushes).hasSize(1);
        LoggedRequest push = pushes.get(0);
        JsonNode metadata = JSON.readTree(push.getPart("metadata").getBody().asBytes());
        assertThat(metadata.path("meldingId").asText()).isEqualTo(meldingId);
        assertThat(metadata.path("avsender").asText()).isEqualTo(A);
        assertThat(metadata.path("mottaker").asText()).isEqualTo(C);
        assertThat(metadata.path("meldingType").asText()).isEqualTo(TYPE);
        assertThat(metadata.path("klientKorrelasjonsId").asText()).isEqualTo("korr-1");
        assertThat(hub.opener(C).open(push.getPart("data").getBody().asBytes(), A)).isEqualTo(payload);

        // B finds it in its inbox, downloads, decrypts and verifies A's signature, acknowledges
        HubClient b = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(b.inbox()).contains(meldingId));
        HubClient.Download download = b.download(meldingId);
        assertThat(download.avsender()).isEqualTo(A);
        assertThat(hub.opener(B).open(download.enveloped(), A)).isEqualTo(payload);
        b.acknowledge(meldingId);
        assertThat(ids(b.inbox())).doesNotContain(meldingId);

        // A sees both deliveries DELIVERED, with the steps that led there
        JsonNode status = hub.client(A).status(meldingId);
        assertThat(status.path("klientMeldingId").asText()).isEqualTo("e2e-1");
        Map<String, JsonNode> byRecipient = new java.util.HashMap<>();
        status.path("deliveries").forEach(d -> byRecipient.put(d.path("mottaker").asText(), d));
        assertThat(byRecipient.keySet()).containsExactlyInAnyOrder(B, C);
        assertThat(byRecipient.get(B).path("status").asText()).isEqualTo("DELIVERED");
        assertThat(byRecipient.get(C).path("status").asText()).isEqualTo("DELIVERED");
        assertThat(statuses(byRecipient.get(B))).containsSubsequence("RECEIVED", "QUEUED", "DELIVERED");
        assertThat(statuses(byRecipient.get(C))).containsExactly("RECEIVED", "QUEUED", "DELIVERED");
        byRecipient.get(C).path("history").forEach(h -> assertThat(h.path("at").asText()).isNotBlank());

        // the log lines of the message's path carry its meldingId and klientKorrelasjonsId
        String mdc = "[" + meldingId + "] [korr-1]";
        List<String> lines = output.getAll().lines().filter(l -> l.contains(meldingId)).toList();
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Accepted").contains(mdc));
        assertThat(lines).anySatisfy(l -> assertThat(l).contains("Delivered " + meldingId + " to " + C).contains(mdc));
        assertThat(lines).filteredOn(l -> l.contains(".DeliverProcessor") || l.contains("IntakeProcessor"))
                .isNotEmpty().allSatisfy(l -> assertThat(l).contains(mdc));
    }

    @Test
    void theRecipientDoesNotSeeOtherMembersInboxesNorTheStatusOfMessagesItDidNotSend() throws Exception {
        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(B), "no.knutepunkt.v1.fil", "e2e-private",
                null, null, null, "privat.xml"), hub.sign(A, "<privat/>".getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).until(() -> ids(hub.client(B).inbox()).contains(meldingId));

        assertThat(ids(hub.client(TestHub.D).inbox())).doesNotContain(meldingId);
        HubClient.HubException notYours = org.junit.jupiter.api.Assertions.assertThrows(HubClient.HubException.class,
                () -> hub.client(TestHub.D).download(meldingId));
        assertThat(notYours.status()).isEqualTo(404);
        HubClient.HubException notSender = org.junit.jupiter.api.Assertions.assertThrows(HubClient.HubException.class,
                () -> hub.client(B).status(meldingId));
        assertThat(notSender.status()).isEqualTo(403);
        HubClient.HubException notDownloaded = org.junit.jupiter.api.Assertions.assertThrows(
                HubClient.HubException.class, () -> hub.client(B).acknowledge(meldingId));
        assertThat(notDownloaded.status()).isEqualTo(409);
    }

    @Test
    void theCommandLineClientSendsListsDownloadsAndAcknowledges() throws Exception {
        Path file = dir.resolve("prosjektplan.txt");
        Files.writeString(file, "Prosjektplan for felles innbyggjarportal");
        String hubUrl = hub.uri().toString();

        String meldingId = cli("--as", hub.memberDir(A).toString(), "--hub", hubUrl, "send", "--to", B,
                "--type", "no.knutepunkt.v1.fil", "--file", file.toString()).trim();
        assertThat(meldingId).matches("[0-9a-f-]{36}");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                cli("--as", hub.memberDir(B).toString(), "--hub", hubUrl, "inbox").contains(meldingId));
        Path out = dir.resolve("downloaded.txt");
        assertThat(cli("--as", hub.memberDir(B).toString(), "--hub", hubUrl, "download", meldingId,
                "--out", out.toString())).contains("verified: signed by " + A);
        assertThat(Files.readString(out)).isEqualTo("Prosjektplan for felles innbyggjarportal");
        cli("--as", hub.memberDir(B).toString(), "--hub", hubUrl, "ack", meldingId);
        assertThat(cli("--as", hub.memberDir(A).toString(), "--hub", hubUrl, "status", meldingId))
                .contains("\"DELIVERED\"");
    }

    private static String cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KnutepunktCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("exit code; stderr: %s", err.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<String> ids(JsonNode inbox) {
        List<String> ids = new ArrayList<>();
        inbox.forEach(m -> ids.add(m.path("meldingId").asText()));
        return ids;
    }

    static List<String> statuses(JsonNode delivery) {
        List<String> statuses = new ArrayList<>();
        delivery.path("history").forEach(h -> statuses.add(h.path("status").asText()));
        return statuses;
    }
}
