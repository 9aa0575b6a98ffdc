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

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push failures: a transient one (5xx) is retried by the broker with backoff and counted in the
 * delivery's history; a permanent one (4xx) fails the delivery at once.
 */
class DeliveryFailureTest {
    @TempDir
    static Path dir;
    static WireMockServer c;
    static WireMockServer d;
    static TestHub hub;

    @BeforeAll
    static void start() {
        c = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        d = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        c.start();
        d.start();
        hub = TestHub.postgres(dir, Map.of(
                "knutepunkt.routing." + C + ".connector", "fiksio",
                "knutepunkt.routing." + C + ".endpoint", c.baseUrl(),
                "knutepunkt.routing." + D + ".connector", "fiksio",
                "knutepunkt.routing." + D + ".endpoint", d.baseUrl(),
                "knutepunkt.redelivery.initial-delay", "200ms",
                "knutepunkt.redelivery.multiplier", "2")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        c.stop();
        d.stop();
    }

    @Test
    void twoServiceUnavailableAnswersThenOkIsDeliveredAfterRetries() throws Exception {
        c.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).inScenario("flaky").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("one failure"));
        c.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).inScenario("flaky").whenScenarioStateIs("one failure")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        c.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200)));

        String meldingId = send(C, "flaky-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(delivery(meldingId).path("status").asText()));
        c.verify(3, postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
        List<String> reasons = reasons(delivery(meldingId));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("attempt 1 failed").contains("503"));
        assertThat(reasons).anySatisfy(r -> assertThat(r).startsWith("attempt 2 failed").contains("503"));
        assertThat(reasons).noneSatisfy(r -> assertThat(r).startsWith("attempt 3 failed"));
    }

    @Test
    void aBadRequestAnswerFailsTheDeliveryAtOnce() throws Exception {
        d.stubFor(post(urlEqualTo("/fiks-io/api/v1/send")).willReturn(aResponse().withStatus(400)
                .withBody("ugyldig forespørsel")));

        String meldingId = send(D, "bad-1");

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(delivery(meldingId).path("status").asText()));
        d.verify(1, postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")));
        assertThat(reasons(delivery(meldingId))).anySatisfy(r -> assertThat(r).contains("permanent failure")
                .contains("400"));
    }

    private static String send(String to, String klientMeldingId) throws Exception {
        return hub.client(A).send(new HubClient.Send(A, List.of(to), "no.knutepunkt.test", klientMeldingId, null,
                null, null, "x.xml"), hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode delivery(String meldingId) throws Exception {
        return hub.client(A).status(meldingId).path("deliveries").get(0);
    }

    private static List<String> reasons(JsonNode delivery) {
        List<String> reasons = new java.util.ArrayList<>();
        delivery.path("history").forEach(h -> reasons.add(h.path("reason").asText()));
        return reasons;
    }
}
