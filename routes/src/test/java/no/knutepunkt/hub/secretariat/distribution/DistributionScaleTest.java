package no.knutepunkt.hub.secretariat.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.member.Orgnr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * A scale check: a registry the size of all of Norway's 357 municipalities, and a distribution to
 * every one of them, through the ordinary path. Prints how long it took.
 */
class DistributionScaleTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MEMBERS = 357;
    private static final List<String> REGIONS = List.of("Bergen", "Bergensregionen", "Nordhordland", "Sunnhordland",
            "Hardanger/Voss", "Sogn/Sunnfjord", "Nordfjord");
    @TempDir
    Path dir;

    @Test
    void aDistributionTo357MembersCompletes() throws Exception {
        Path registry = Files.writeString(dir.resolve("norway.csv"), registry());
        try (TestHub hub = TestHub.embedded(dir.resolve("data"), Map.of(
                "knutepunkt.members.file", "file:" + registry,
                "knutepunkt.distributions.batch-size", "100",
                "knutepunkt.distributions.interval", "200ms")).start()) {
            String[] secretariat = hub.staff("secretariat");
            long started = System.nanoTime();
            HttpResponse<String> created = Multipart.post(hub.uri(), "/api/v1/distributions", secretariat[0],
                    secretariat[1], Multipart.parts("{\"noekkel\":\"norge-1\",\"meldingType\":\"no.knutepunkt.v1.fil\","
                                    + "\"filnavn\":\"rundskriv.txt\",\"maal\":{\"alle\":true}}",
                            "Rundskriv til alle kommunar".getBytes(StandardCharsets.UTF_8)));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
            String id = JSON.readTree(created.body()).path("id").asString();
            assertThat(JSON.readTree(created.body()).path("recipients").asInt()).isEqualTo(MEMBERS);

            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200)).until(() -> JSON.readTree(
                    Multipart.get(hub.uri(), "/api/v1/distributions/" + id, secretariat[0], secretariat[1]).body())
                    .path("counts").path("QUEUED").asInt() == MEMBERS);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> hub.count(
                    "select count(distinct mottaker) from levering where status = 'QUEUED' and in_inbox = true")
                    == MEMBERS);
            long millis = (System.nanoTime() - started) / 1_000_000;
            System.out.printf("Distribution to %d members: every message in its recipient's inbox after %d ms"
                    + " (%.1f messages/s)%n", MEMBERS, millis, MEMBERS * 1000.0 / millis);
        }
    }

    /** 357 municipalities with MOD11-valid synthetic orgnrs, spread over the configured regions. */
    private static String registry() {
        StringBuilder csv = new StringBuilder("kommunenummer,name,orgnr,region,it_cooperation,inhabitants_2020\n");
        int made = 0;
        for (int base = 97_000_000; made < MEMBERS; base++) {
            String orgnr = Orgnr.withCheckDigit(Integer.toString(base)).orElse(null);
            if (orgnr == null) {
                continue;
            }
            made++;
            csv.append(String.format("%04d,Kommune %d,%s,%s,,%d%n", made, made, orgnr,
                    REGIONS.get(made % REGIONS.size()), 1000 + made));
        }
        return csv.toString();
    }
}
