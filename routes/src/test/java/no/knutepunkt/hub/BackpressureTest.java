package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Back-pressure: with the inbox connector stopped, deliveries pile up; past the bound, intake answers 429 with
 * Retry-After and a problem, before it reads the body, and stores nothing; once the backlog drains, the same
 * message is accepted.
 */
class BackpressureTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;

    @Test
    void pastTheBacklogBoundIntakeAnswers429UntilTheBacklogDrains() throws Exception {
        try (TestHub hub = TestHub.embedded(dir, Map.of(
                "knutepunkt.intake.max-backlog", "3",
                "knutepunkt.intake.backlog-check-interval", "1ms",
                "knutepunkt.intake.retry-after", "3s")).start()) {
            // stopped, not suspended: stopping returns once the route's listeners are done with their last receive
            // (a message they take while stopping is delivered), so all four below stay waiting
            hub.camel().getRouteController().stopRoute("deliver-inbox");
            var me = hub.identity(A);
            for (int i = 0; i < 4; i++) {
                assertThat(send(hub, me.username(), me.password(), "bp-" + i).statusCode()).isEqualTo(202);
            }
            int stored = hub.count("select count(*) from melding");

            HttpResponse<String> busy = send(hub, me.username(), me.password(), "bp-4");

            assertThat(busy.statusCode()).isEqualTo(429);
            assertThat(busy.headers().firstValue("Retry-After")).hasValue("3");
            assertThat(busy.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
            JsonNode problem = JSON.readTree(busy.body());
            assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:busy");
            assertThat(problem.path("detail").asString()).contains("4 deliveries wait");
            assertThat(hub.count("select count(*) from melding")).isEqualTo(stored);

            hub.camel().getRouteController().startRoute("deliver-inbox");
            await().atMost(Duration.ofSeconds(30)).until(() -> hub.count(
                    "select count(*) from levering where status = 'QUEUED' and in_inbox = false") == 0);
            assertThat(send(hub, me.username(), me.password(), "bp-4").statusCode()).isEqualTo(202);
        }
    }

    private static HttpResponse<String> send(TestHub hub, String user, String password, String klientMeldingId)
            throws Exception {
        String metadata = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":"
                + "\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"" + klientMeldingId + "\",\"filnavn\":\"f.txt\"}";
        return Multipart.post(hub.uri(), user, password, Multipart.parts(metadata,
                hub.sign(A, "vent".getBytes(StandardCharsets.UTF_8))));
    }
}
