package no.knutepunkt.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.C;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.platform.protocol.SchemaValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Failures are visible to the sender: a transient push failure is retried with backoff and
 * counted; a 4xx fails at once with a serverfeil to the sender; a push that times out until its
 * attempts run out becomes a dead letter that an operator can put back; a message not delivered
 * within its time to live expires with a tidsavbrudd to the sender.
 */
class DeliveryFailureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = "921000006";
    private static final String E = "994613006";
    private static final String F = "994614002";
    @TempDir
    static Path dir;
    static WireMockServer c;
    static WireMockServer d;
    static WireMockServer e;
    static TestHub hub;

    @BeforeAll
    static void start() {
        c = server();
        d = server();
        e = server();
        hub = TestHub.postgres(dir, Map.ofEntries(
                Map.entry("knutepunkt.routing." + C + ".connector", "fiksio"),
                Map.entry("knutepunkt.routing." + C + ".endpoint", c.baseUrl()),
                Map.entry("knutepunkt.routing." + D + ".connector", "fiksio"),
                Map.entry("knutepunkt.routing." + D + ".endpoint", d.baseUrl()),
                Map.entry("knutepunkt.routing." + E + ".connector", "fiksio"),
                Map.entry("knutepunkt.routing." + E + ".endpoint", e.baseUrl()),
                Map.entry("knutepunkt.fiksio.request-timeout", "2s"),
                Map.entry("knutepunkt.redelivery.initial-delay", "200ms"),
                Map.entry("knutepunkt.redelivery.multiplier", "2"),
                Map.entry("knutepunkt.redelivery.max-attempts", "3"),
                Map.entry("knutepunkt.expiry.sweep-interval", "500ms"))).start();
    }

    private static WireMockServer server() {
        WireMockServer server = StandIns.started();
        return server;
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        c.stop();
        d.stop();
        e.stop();
    }

    @Test
    void twoServiceUnavailableAnswersThenOkIsDeliveredAfterRetries() throws Exception {
        c.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("one failure"));
        c.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).inScenario("flaky").whenScenarioStateIs("one failure")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        c.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        String meldingId = send(C, "flaky-1", Optional.empty());

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(delivery(meldingId).path("status").asText()));
        c.verify(3, postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
        // the first push is new to the recipient; the broker's redeliveries say it may have had it (Fiks IO's resendt)
        List<Boolean> resendt = c.findAll(postRequestedFor(urlEqualTo("/fiks-io/api/v1/send"))).stream()
                .map(r -> JSON.readTree(r.getPart("metadata").getBody().asBytes()).path("resendt").asBoolean())
                .toList();
        assertThat(resendt).containsExactly(false, true, true);
        List<String> reasons = reasons(delivery(meldingId));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("attempt 1 failed").contains("HTTP 5xx"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("attempt 2 failed").contains("HTTP 5xx"));
        assertThat(reasons).noneSatisfy(r -> assertThat(r).startsWith("attempt 3 failed"));
        // where it was handed over is for operators: the sender's history does not name the recipient's endpoint
        assertThat(hub.client(A).status(meldingId).toString()).doesNotContain(c.baseUrl())
                .doesNotContain(":" + c.port() + "/");
    }

    @Test
    void aBadRequestAnswerFailsTheDeliveryAtOnceAndTheSenderGetsAServerfeil() throws Exception {
        d.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).willReturn(aResponse().withStatus(400)
                .withBody("ugyldig forespørsel: intern-saksbehandler Kari Nordmann, server arkiv-07.intern")));

        String meldingId = send(D, "bad-1", Optional.of("korr-bad-1"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(delivery(meldingId).path("status").asText()));
        d.verify(1, postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
        assertThat(reasons(delivery(meldingId))).anySatisfy(r -> assertThat(r).contains("permanent failure")
                .contains("refused it (HTTP 4xx)").containsPattern("ref [0-9a-f]{8}"));
        // the sender reads neither the recipient's endpoint nor what its system answered
        String senderSees = hub.client(A).status(meldingId).toString();
        assertThat(senderSees).doesNotContain(d.baseUrl()).doesNotContain("127.0.0.1").doesNotContain("Kari")
                .doesNotContain("arkiv-07").doesNotContain("ugyldig");

        JsonNode notice = awaitNotice(meldingId, "no.ks.fiks.arkiv.v1.feilmelding.serverfeil");
        assertThat(notice.path("avsender").asText()).isEqualTo(HUB);
        assertThat(notice.path("filnavn").asText()).isEqualTo("feilmelding.xml");
        assertThat(notice.path("klientKorrelasjonsId").asText()).isEqualTo("korr-bad-1");
        byte[] feilmelding = open(notice);
        hub.bean(SchemaValidator.class).validate("no.ks.fiks.arkiv.v1.feilmelding.serverfeil", feilmelding);
        String serverfeil = new String(feilmelding, StandardCharsets.UTF_8);
        assertThat(serverfeil).contains(D).contains("HTTP 4xx").containsPattern("ref [0-9a-f]{8}")
                .doesNotContain(d.baseUrl()).doesNotContain("127.0.0.1").doesNotContain("Kari")
                .doesNotContain("ugyldig");
        // a permanent failure is on the dead-letter list too, where operators read the whole answer under the same
        // reference as the sender
        JsonNode letter = deadLetter(meldingId).orElseThrow();
        String ref = serverfeil.replaceAll("(?s).*ref ([0-9a-f]{8}).*", "$1");
        assertThat(letter.path("reason").asText()).contains("ref " + ref).contains(d.baseUrl()).contains("400")
                .contains("Kari Nordmann");
    }

    @Test
    void aPushThatTimesOutUntilItsAttemptsRunOutIsADeadLetterThatAnOperatorCanRetry() throws Exception {
        e.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).willReturn(aResponse().withStatus(200)
                .withFixedDelay(4000)));

        String meldingId = send(E, "slow-1", Optional.empty());

        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(delivery(meldingId).path("status").asText()));
        assertThat(reasons(delivery(meldingId))).anySatisfy(r -> assertThat(r).contains("attempts exhausted"));
        assertThat(reasons(delivery(meldingId)).stream().filter(r -> r.contains("within")).count()).isEqualTo(3);
        awaitNotice(meldingId, "no.ks.fiks.arkiv.v1.feilmelding.serverfeil");
        JsonNode letter = deadLetter(meldingId).orElseThrow();
        assertThat(letter.path("connector").asText()).isEqualTo("fiksio");

        // members cannot touch the dead-letter list
        HttpResponse<String> asMember = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(
                "/api/v1/dead-letters/" + letter.path("id").asLong() + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody()), A, hub.identity(A).password());
        assertThat(asMember.statusCode()).isEqualTo(403);

        // the recipient's system is fast again; the operator puts the delivery back
        e.resetAll();
        e.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).willReturn(aResponse().withStatus(200)));
        HttpResponse<String> retry = operator(HttpRequest.newBuilder(hub.uri().resolve(
                "/api/v1/dead-letters/" + letter.path("id").asLong() + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(delivery(meldingId).path("status").asText()));
        e.verify(1, postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
        assertThat(deadLetter(meldingId)).isEmpty();
        assertThat(reasons(delivery(meldingId))).anySatisfy(r -> assertThat(r).contains("by operator"));
        // a second retry of the same dead letter finds nothing
        assertThat(operator(HttpRequest.newBuilder(hub.uri().resolve(
                "/api/v1/dead-letters/" + letter.path("id").asLong() + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
    }

    @Test
    void aMessageNotPickedUpWithinItsTimeToLiveExpiresAndTheSenderGetsATidsavbrudd() throws Exception {
        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(F), "no.knutepunkt.v1.fil", "ttl-1", null,
                null, 1500L, "x.xml"), hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));

        await().atMost(Duration.ofSeconds(30)).until(() -> "EXPIRED".equals(delivery(meldingId).path("status").asText()));
        assertThat(EndToEndTest.ids(hub.client(F).inbox())).doesNotContain(meldingId);
        JsonNode notice = awaitNotice(meldingId, "no.ks.fiks.kvittering.tidsavbrudd");
        assertThat(notice.path("avsender").asText()).isEqualTo(HUB);
        assertThat(open(notice)).isEmpty();
    }

    private static String send(String to, String klientMeldingId, Optional<String> korrelasjon) throws Exception {
        return hub.client(A).send(new HubClient.Send(A, List.of(to), "no.knutepunkt.v1.fil", klientMeldingId,
                korrelasjon.orElse(null), null, null, "x.xml"), hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));
    }

    /** Waits for the hub's notice of this type about {@code meldingId} in A's inbox. */
    private static JsonNode awaitNotice(String meldingId, String type) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode m : hub.client(A).inbox()) {
                if (m.path("svarPaMelding").asText().equals(meldingId) && m.path("meldingType").asText().equals(type)) {
                    return m;
                }
            }
            return null;
        }, n -> n != null);
    }

    private static byte[] open(JsonNode notice) throws Exception {
        HubClient.Download download = hub.client(A).download(notice.path("meldingId").asText());
        byte[] content = hub.opener(A).open(download.enveloped(), HUB);
        hub.client(A).acknowledge(notice.path("meldingId").asText());
        return content;
    }

    private static Optional<JsonNode> deadLetter(String meldingId) throws Exception {
        HttpResponse<String> list = operator(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/dead-letters")).GET());
        assertThat(list.statusCode()).isEqualTo(200);
        for (JsonNode letter : JSON.readTree(list.body())) {
            if (letter.path("meldingId").asText().equals(meldingId)) {
                return Optional.of(letter);
            }
        }
        return Optional.empty();
    }

    private static HttpResponse<String> operator(HttpRequest.Builder request) throws Exception {
        String[] operator = hub.staff("operator");
        return Multipart.send(request, operator[0], operator[1]);
    }

    private static JsonNode delivery(String meldingId) throws Exception {
        return hub.client(A).status(meldingId).path("deliveries").get(0);
    }

    private static List<String> reasons(JsonNode delivery) {
        List<String> reasons = new ArrayList<>();
        delivery.path("history").forEach(h -> reasons.add(h.path("reason").asText()));
        return reasons;
    }
}
