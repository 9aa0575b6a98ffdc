package no.knutepunkt.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A hub on PostgreSQL beside another instance that holds the distribution job: it makes none of the distribution's
 * messages while that lease lasts, and all of them once the lease has run out (the other instance died); operators
 * see who holds which job in {@code /actuator/health/cluster}.
 */
class JobLeasesHubTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;
    private TestHub hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.stop();
            hub.dropSchema();
        }
    }

    @Test
    void aDistributionWaitsForTheJobWhileAnotherInstanceHoldsItsLease() throws Exception {
        hub = TestHub.postgres(dir.resolve("data"), Map.of("knutepunkt.cluster.instance-id", "hub-a",
                "knutepunkt.cluster.lease", "2s", "knutepunkt.distributions.interval", "200ms")).start();
        String[] operator = hub.staff("operator");
        String[] secretariat = hub.staff("secretariat");

        // this instance takes the distribution job at its first tick
        await().atMost(Duration.ofSeconds(20)).until(() -> holder(operator, "distribution").equals("hub-a"));
        JsonNode health = health(operator);
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("details").path("instance").asString()).isEqualTo("hub-a");

        // another instance ("hub-b") holds it now, for a long while
        OffsetDateTime far = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
        hub.jdbc().update("update job_lease set holder = 'hub-b', held_until = ? where job = 'distribution'", far);
        HttpResponse<String> created = Multipart.post(hub.uri(), "/api/v1/distributions", secretariat[0],
                secretariat[1], Multipart.parts("{\"noekkel\":\"lease-1\",\"meldingType\":\"no.knutepunkt.v1.fil\","
                        + "\"filnavn\":\"rundskriv.txt\",\"maal\":{\"alle\":true}}",
                        "Rundskriv".getBytes(StandardCharsets.UTF_8)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        int recipients = JSON.readTree(created.body()).path("recipients").asInt();
        assertThat(recipients).isEqualTo(43);

        // several ticks of this instance: it skips the job, so no message is made
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> hub.count("select count(*) from distribusjon_mottaker where melding_id is not null") == 0);
        assertThat(holder(operator, "distribution")).isEqualTo("hub-b");

        // hub-b died: its lease runs out, this instance takes the job over and makes every message once
        hub.jdbc().update("update job_lease set held_until = ? where job = 'distribution'",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.count(
                "select count(*) from distribusjon_mottaker where melding_id is not null") == recipients);
        assertThat(holder(operator, "distribution")).isEqualTo("hub-a");
        assertThat(hub.count("select count(*) from melding where klient_melding_id like 'distribusjon/%'"))
                .isEqualTo(recipients);
    }

    private JsonNode health(String[] operator) throws Exception {
        HttpResponse<String> response = Multipart.get(hub.uri(), "/actuator/health/cluster", operator[0], operator[1]);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).path("components").path("jobs");
    }

    private String holder(String[] operator, String job) throws Exception {
        return health(operator).path("details").path("jobs").path(job).path("holder").asString("");
    }
}
