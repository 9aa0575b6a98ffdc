package no.knutepunkt.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.hub.messaging.retention.RetentionRoute;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The rebuilt message path through the real REST API, the real embedded broker and the real PostgreSQL: a slow
 * member holds up no other, the data part may come first, a body over the limit is refused before it is read,
 * payloads larger than the in-memory sealing bound stream to push and download, a distribution stores its
 * document once, and retention lets go of what finished messages carried.
 */
class MessagePathTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIL = "no.knutepunkt.v1.fil";
    private static final String SEND = "/fiks-io/api/v1/send";
    @TempDir
    static java.nio.file.Path dir;
    static WireMockServer fiksio;
    static TestHub hub;

    @BeforeAll
    static void start() {
        fiksio = StandIns.started(40);
        fiksio.stubFor(post(urlEqualTo("/fast" + SEND)).willReturn(aResponse().withStatus(200)));
        fiksio.stubFor(post(urlEqualTo("/slow" + SEND)).willReturn(aResponse().withStatus(200)
                .withFixedDelay(1000)));
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.routing." + C + ".connector", "fiksio",
                "knutepunkt.routing." + C + ".endpoint", fiksio.baseUrl() + "/fast",
                "knutepunkt.routing." + D + ".connector", "fiksio",
                "knutepunkt.routing." + D + ".endpoint", fiksio.baseUrl() + "/slow",
                "knutepunkt.delivery.consumers", "8",
                "knutepunkt.delivery.per-member", "2",
                "knutepunkt.delivery.max-defer-delay", "1s",
                "knutepunkt.intake.max-payload-bytes", "67108864")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        fiksio.stop();
    }

    @Test
    void aSlowMemberHoldsUpNoOther() throws Exception {
        // both members' deliveries wait on the queue, the slow member's first
        hub.camel().getRouteController().suspendRoute("deliver-fiksio");
        HubClient a = hub.client(A);
        for (int i = 0; i < 12; i++) {
            send(a, D, "slow-" + i, "<til-treg/>");
        }
        for (int i = 0; i < 60; i++) {
            send(a, C, "fast-" + i, "<til-rask/>");
        }
        long started = System.nanoTime();
        hub.camel().getRouteController().resumeRoute("deliver-fiksio");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> delivered(C, "fast-%") == 60);
        long fastMillis = (System.nanoTime() - started) / 1_000_000;
        int slowDone = delivered(D, "slow-%");
        System.out.printf("60 deliveries to a fast member took %d ms while a member answering in 1 s had %d of 12"
                + " delivered (at most 2 pushes to it at once)%n", fastMillis, slowDone);
        // the slow member takes 12 x 1 s / 2 at once = 6 s; the fast member's deliveries pass it by
        assertThat(slowDone).isLessThan(12);
        assertThat(fastMillis).isLessThan(5000);
        await().atMost(Duration.ofSeconds(60)).until(() -> delivered(D, "slow-%") == 12);
        List<String> pushed = fiksio.findAll(postRequestedFor(urlEqualTo("/slow" + SEND))).stream()
                .map(r -> r.getPart("metadata").getBody().asString()).filter(m -> m.contains("\"slow-")).toList();
        assertThat(pushed).as("each delivered once").hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void theDataPartMayComeBeforeTheMetadata() throws Exception {
        byte[] payload = "<data-foerst/>".getBytes(StandardCharsets.UTF_8);
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("data", hub.sign(A, payload));
        parts.put("metadata", metadata(A, B, "data-first").getBytes(StandardCharsets.UTF_8));
        String[] a = credentials(A);
        HttpResponse<String> response = Multipart.post(hub.uri(), a[0], a[1], parts);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String meldingId = JSON.readTree(response.body()).path("meldingId").asText();
        HubClient b = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(b.inbox()).contains(meldingId));
        assertThat(hub.opener(B).open(b.download(meldingId).enveloped(), A)).isEqualTo(payload);
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        String[] a = credentials(A);
        String auth = java.util.Base64.getEncoder().encodeToString((a[0] + ":" + a[1])
                .getBytes(StandardCharsets.UTF_8));
        int before = hub.count("select count(*) from melding");
        try (Socket socket = new Socket(hub.uri().getHost(), hub.uri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            // a terabyte announced, nothing of it sent: the answer must come without waiting for the body
            out.write(("POST /api/v1/messages HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + auth
                    + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: 1000000000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            // up to the end of the problem's JSON (the hub then drains a little of the body, and closes)
            for (int c = in.read(); c >= 0; c = in.read()) {
                answer.append((char) c);
                if (c == '}' && answer.indexOf("\r\n\r\n{") > 0) {
                    break;
                }
            }
            assertThat(answer.toString()).startsWith("HTTP/1.1 413")
                    .contains("urn:knutepunkt:problem:payload-too-large");
        }
        assertThat(hub.count("select count(*) from melding")).isEqualTo(before);
    }

    @Test
    void aPayloadLargerThanTheSealingBufferStreamsToPushAndDownload() throws Exception {
        byte[] payload = new byte[6 * 1024 * 1024 + 17];
        new Random(9).nextBytes(payload);
        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(B, C), FIL, "stor-1", null, null, null,
                "stor.bin"), hub.sign(A, payload));
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.count("select count(*) from levering where"
                + " melding_id = ? and mottaker = ? and status = 'DELIVERED'", meldingId, C) == 1);
        LoggedRequest push = fiksio.findAll(postRequestedFor(urlEqualTo("/fast" + SEND))).stream()
                .filter(r -> r.getBodyAsString().contains(meldingId)).findFirst().orElseThrow();
        assertThat(hub.opener(C).open(push.getPart("data").getBody().asBytes(), A)).isEqualTo(payload);

        HubClient b = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(b.inbox()).contains(meldingId));
        assertThat(hub.opener(B).open(b.download(meldingId).enveloped(), A)).isEqualTo(payload);
        // stored once, as a file of the payload store (not in the database)
        assertThat(hub.count("select count(*) from payload p join melding m on m.payload_ref = p.ref"
                + " where m.melding_id = ? and p.data is null and p.size = ?", meldingId,
                (long) hub.sign(A, payload).length)).isEqualTo(1);
    }

    @Test
    void aDistributionStoresItsDocumentOnce() throws Exception {
        String[] secretariat = hub.staff("secretariat");
        HttpResponse<String> created = Multipart.post(hub.uri(), "/api/v1/distributions", secretariat[0],
                secretariat[1], Multipart.parts("{\"noekkel\":\"ein-kopi\",\"meldingType\":\"" + FIL + "\","
                        + "\"filnavn\":\"rundskriv.txt\",\"maal\":{\"region\":\"Sunnhordland\"}}",
                        "Rundskriv".getBytes(StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        String id = JSON.readTree(created.body()).path("id").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> hub.count("select count(*) from distribusjon_mottaker"
                + " where distribusjon_id = ? and melding_id is not null", id) == 8);
        assertThat(hub.count("select count(distinct m.payload_ref) from melding m join distribusjon_mottaker d"
                + " on d.melding_id = m.melding_id where d.distribusjon_id = ?", id)).isEqualTo(1);
        assertThat(hub.count("select count(*) from melding m join distribusjon d on d.payload_ref = m.payload_ref"
                + " where d.id = ?", id)).isEqualTo(8);
    }

    @Test
    void finishedMessagesLetGoOfPayloadAndHistoryAfterTheRetentionPeriod() throws Exception {
        HubClient a = hub.client(A);
        String done = send(a, C, "retention-done", "<ferdig/>");
        String waiting = send(a, B, "retention-waiting", "<ventar/>");
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.count("select count(*) from levering where"
                + " melding_id = ? and status = 'DELIVERED'", done) == 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(hub.client(B).inbox()).contains(waiting));

        int purged = hub.bean(RetentionRoute.class).purge(Instant.now().plus(Duration.ofDays(31)));

        assertThat(purged).isGreaterThanOrEqualTo(1);
        assertThat(hub.count("select count(*) from melding where melding_id = ? and payload_ref is null"
                + " and purged_at is not null", done)).isEqualTo(1);
        assertThat(hub.count("select count(*) from levering_hendelse where melding_id = ?", done)).isZero();
        JsonNode status = a.status(done);
        assertThat(status.path("deliveries").get(0).path("status").asText()).isEqualTo("DELIVERED");
        // a message still waiting keeps its payload: the recipient can still download it
        assertThat(hub.count("select count(*) from melding m join payload p on p.ref = m.payload_ref"
                + " where m.melding_id = ?", waiting)).isEqualTo(1);
        assertThat(hub.opener(B).open(hub.client(B).download(waiting).enveloped(), A))
                .isEqualTo("<ventar/>".getBytes(StandardCharsets.UTF_8));
        assertThat(hub.count("select count(*) from payload p where not exists (select 1 from melding m"
                + " where m.payload_ref = p.ref) and not exists (select 1 from distribusjon d"
                + " where d.payload_ref = p.ref)")).isZero();
    }

    private static String send(HubClient client, String to, String klientMeldingId, String xml) throws Exception {
        return client.send(new HubClient.Send(A, List.of(to), FIL, klientMeldingId, null, null, null, "f.xml"),
                hub.sign(A, xml.getBytes(StandardCharsets.UTF_8)));
    }

    private static int delivered(String mottaker, String klientPattern) {
        return hub.count("select count(*) from levering l join melding m on m.melding_id = l.melding_id"
                + " where l.mottaker = ? and l.status = 'DELIVERED' and m.klient_melding_id like ?", mottaker,
                klientPattern);
    }

    private static String metadata(String from, String to, String klientMeldingId) {
        return "{\"avsender\":\"" + from + "\",\"mottakere\":[\"" + to + "\"],\"meldingType\":\"" + FIL
                + "\",\"klientMeldingId\":\"" + klientMeldingId + "\",\"filnavn\":\"f.xml\"}";
    }

    private static String[] credentials(String orgnr) {
        var me = hub.identity(orgnr);
        return new String[] {me.username(), me.password()};
    }
}
