package no.knutepunkt.hub.operations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.StandIns;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A connector's health follows its deliveries (embedded H2 and broker): DOWN while a member system answers every
 * push with 500 until the attempts run out, and UP again once a push succeeds; the failures show in the delivery
 * counters, the dead-letter gauge and the delivery route's last error, and the probes stay UP.
 */
class ConnectorHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIL = "no.knutepunkt.v1.fil";
    @TempDir
    static Path dir;
    static WireMockServer member;
    static TestHub hub;

    @BeforeAll
    static void start() {
        member = StandIns.started();
        hub = TestHub.embedded(dir, Map.of(
                "knutepunkt.routing." + D + ".connector", "fiksio",
                "knutepunkt.routing." + D + ".endpoint", member.baseUrl(),
                "knutepunkt.redelivery.initial-delay", "100ms",
                "knutepunkt.redelivery.multiplier", "1",
                "knutepunkt.redelivery.max-attempts", "3",
                "knutepunkt.operations.gauge-cache", "100ms")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        member.stop();
    }

    @Test
    void aPushEndpointAnsweringFiveHundredToEveryAttemptTakesItsConnectorDownUntilAPushSucceeds() throws Exception {
        JsonNode before = connectors(200);
        assertThat(before.path("status").asString()).isIn("UP", "UNKNOWN");
        assertThat(component(before, "fiksio").path("status").asString()).isEqualTo("UNKNOWN");
        assertThat(component(before, "inbox").path("status").asString()).isIn("UP", "UNKNOWN");
        Scrape scraped = scrape();

        member.stubFor(post(urlEqualTo(StandIns.FIKS_IO_SEND)).willReturn(aResponse().withStatus(500)));
        String failing = send("health-500");
        await().atMost(Duration.ofSeconds(60)).until(() -> "FAILED".equals(status(failing)));

        JsonNode down = connectors(503);
        assertThat(down.path("status").asString()).isEqualTo("DOWN");
        JsonNode fiksio = component(down, "fiksio");
        assertThat(fiksio.path("status").asString()).isEqualTo("DOWN");
        assertThat(fiksio.path("details").path("failed").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(fiksio.path("details").path("failed").asInt()).isEqualTo(fiksio.path("details").path("attempts").asInt());
        assertThat(fiksio.path("details").has("lastFailure")).isTrue();
        // the other connectors are not touched, and the probes stay up: a member's system is down, not the hub
        assertThat(component(down, "inbox").path("status").asString()).isNotEqualTo("DOWN");
        assertThat(Multipart.get(hub.uri(), "/actuator/health/readiness", null, null).statusCode()).isEqualTo(200);
        assertThat(Multipart.get(hub.uri(), "/actuator/health/liveness", null, null).statusCode()).isEqualTo(200);
        // strangers see the status, not the details
        HttpResponse<String> anonymous = Multipart.get(hub.uri(), "/actuator/health/connectors", null, null);
        assertThat(anonymous.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(anonymous.body()).path("status").asString()).isEqualTo("DOWN");
        assertThat(JSON.readTree(anonymous.body()).has("components")).isFalse();

        // the failures in the meters and the route's statistics
        Map<String, String> retried = Map.of("connector", "fiksio", "type", FIL, "outcome", "retried");
        Map<String, String> failed = Map.of("connector", "fiksio", "type", FIL, "outcome", "failed");
        Scrape after = await().atMost(Duration.ofSeconds(10)).until(ConnectorHealthTest::scrape,
                s -> s.value("knutepunkt_dead_letters", Map.of()) == scraped.value("knutepunkt_dead_letters", Map.of()) + 1);
        assertThat(after.value("knutepunkt_deliveries_total", retried))
                .isEqualTo(scraped.value("knutepunkt_deliveries_total", retried) + 3);
        assertThat(after.value("knutepunkt_deliveries_total", failed))
                .isEqualTo(scraped.value("knutepunkt_deliveries_total", failed) + 1);
        assertThat(after.value("knutepunkt_route_exchanges_total", Map.of("route", "deliver-fiksio",
                "outcome", "failed"))).isEqualTo(3);
        RouteStatistics.RouteView route = hub.bean(RouteStatistics.class).route("deliver-fiksio").orElseThrow();
        assertThat(route.failed()).isEqualTo(3);
        assertThat(route.lastError()).hasValueSatisfying(e -> assertThat(e).contains("500"));
        assertThat(route.lastErrorAt()).isPresent();

        // the member's system is back: the next push succeeds, and the connector is UP
        member.resetAll();
        member.stubFor(post(urlEqualTo(StandIns.FIKS_IO_SEND)).willReturn(aResponse().withStatus(200)));
        String recovered = send("health-200");
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(recovered)));
        JsonNode up = connectors(200);
        assertThat(up.path("status").asString()).isEqualTo("UP");
        assertThat(component(up, "fiksio").path("status").asString()).isEqualTo("UP");
        assertThat(component(up, "fiksio").path("details").has("lastSuccess")).isTrue();
    }

    /** {@code /actuator/health/connectors} as an operator, answered with {@code status}. */
    private static JsonNode connectors(int status) throws Exception {
        String[] operator = hub.staff("operator");
        HttpResponse<String> response = await().atMost(Duration.ofSeconds(10)).until(() ->
                Multipart.get(hub.uri(), "/actuator/health/connectors", operator[0], operator[1]),
                r -> r.statusCode() == status);
        return JSON.readTree(response.body());
    }

    private static JsonNode component(JsonNode group, String connector) {
        JsonNode node = group.path("components").path("connector").path("components").path(connector);
        assertThat(node.isMissingNode()).as(connector + " in " + group).isFalse();
        return node;
    }

    private static Scrape scrape() throws Exception {
        String[] operator = hub.staff("operator");
        HttpResponse<String> response = Multipart.get(hub.uri(), "/actuator/prometheus", operator[0], operator[1]);
        assertThat(response.statusCode()).isEqualTo(200);
        return new Scrape(response.body());
    }

    private static String send(String klientMeldingId) throws Exception {
        return hub.client(A).send(new HubClient.Send(A, List.of(D), FIL, klientMeldingId, null, null, null, "x.xml"),
                hub.sign(A, "<x/>".getBytes(StandardCharsets.UTF_8)));
    }

    private static String status(String meldingId) throws Exception {
        return hub.client(A).status(meldingId).path("deliveries").get(0).path("status").asString();
    }
}
