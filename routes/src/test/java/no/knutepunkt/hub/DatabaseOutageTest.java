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
 * The database goes away while the hub runs (PostgreSQL restarting, failing over): a send is answered at once with
 * 503 {@code unavailable} and {@code Retry-After}, nothing is stored, and once the database is back the hub serves
 * again by itself, and the same send is accepted once.
 */
class DatabaseOutageTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    @TempDir
    Path dir;

    @Test
    void aSendWhileTheDatabaseIsAwayIsRefusedWith503AndAcceptedOnceItIsBack() throws Exception {
        try (TcpProxy database = new TcpProxy(5432);
             TestHub hub = TestHub.postgresVia(database.port(), dir, Map.of()).start()) {
            try {
                byte[] signed = hub.sign(A, "<utkast/>".getBytes(StandardCharsets.UTF_8));
                String metadata = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],"
                        + "\"meldingType\":\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"outage-1\","
                        + "\"filnavn\":\"utkast.xml\"}";
                String password = hub.identity(A).password();

                database.cut();
                long started = System.nanoTime();
                HttpResponse<String> refused = Multipart.post(hub.uri(), A, password, Multipart.parts(metadata, signed));
                long millis = (System.nanoTime() - started) / 1_000_000;
                System.out.printf("Send while the database is away: %d after %d ms%n", refused.statusCode(), millis);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
                JsonNode problem = JSON.readTree(refused.body());
                assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:unavailable");
                assertThat(problem.path("detail").asString()).contains("the request was not completed");
                assertThat(millis).as("answered within the pool's connection timeout, not after minutes")
                        .isLessThan(20_000);

                database.restore();
                // the hub serves again by itself; the same send is accepted (once) and delivered
                HttpResponse<String>[] accepted = new HttpResponse[1];
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                    accepted[0] = Multipart.post(hub.uri(), A, password, Multipart.parts(metadata, signed));
                    return accepted[0].statusCode() == 202;
                });
                String meldingId = JSON.readTree(accepted[0].body()).path("meldingId").asString();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> EndToEndTest.ids(hub.client(B).inbox()).contains(meldingId));
                assertThat(hub.count("select count(*) from melding where klient_melding_id = 'outage-1'")).isEqualTo(1);
                assertThat(hub.count("select count(*) from melding")).isEqualTo(1);
            } finally {
                database.restore();
                hub.stop();
                hub.dropSchema();
            }
        }
    }
}
