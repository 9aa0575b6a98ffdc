package no.knutepunkt.hub;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import no.knutepunkt.client.HubClient;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The embedded default (H2 and a persistent Artemis under the data directory): a hub stopped
 * with a delivery still on the broker delivers it, once, after it starts again on the same data
 * directory; the inbox and the demo identities survive too.
 */
class RestartTest {
    @TempDir
    Path dir;
    WireMockServer fiksio;

    @BeforeEach
    void stubs() {
        fiksio = StandIns.fiksIoReceiver();
    }

    @AfterEach
    void stopStubs() {
        fiksio.stop();
    }

    @Test
    void aRestartLosesNoQueuedMessage() throws Exception {
        Map<String, String> routing = Map.of(
                "knutepunkt.routing." + C + ".connector", "fiksio",
                "knutepunkt.routing." + C + ".endpoint", fiksio.baseUrl());
        byte[] payload = "<journalpost>Referat styringsgruppa</journalpost>".getBytes(StandardCharsets.UTF_8);
        String meldingId;
        byte[] certBefore;
        try (TestHub first = TestHub.embedded(dir, routing).start()) {
            certBefore = Files.readAllBytes(first.memberDir(A).resolve("cert.pem"));
            // the operator has stopped Fiks IO deliveries: C's delivery waits on its broker queue
            first.camel().getRouteController().stopRoute("deliver-fiksio");
            NotifyBuilder placed = new NotifyBuilder(first.camel()).fromRoute("deliver-inbox").whenCompleted(1)
                    .create();
            meldingId = first.client(A).send(new HubClient.Send(A, List.of(B, C), "no.knutepunkt.v1.fil", "restart-1",
                    null, null, null, "referat.xml"), first.sign(A, payload));
            assertThat(placed.matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(status(first, meldingId, C)).isEqualTo("QUEUED");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> EndToEndTest.ids(first.client(B).inbox()).contains(meldingId));
        }
        assertThat(fiksio.findAll(postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")))).isEmpty();

        try (TestHub second = TestHub.embedded(dir, routing).start()) {
            assertThat(Files.readAllBytes(second.memberDir(A).resolve("cert.pem"))).isEqualTo(certBefore);
            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(second, meldingId, C)));
            assertThat(fiksio.findAll(postRequestedFor(urlEqualTo("/fiks-io/api/v1/send")))).hasSize(1);
            // B's copy still waits in its inbox and opens as A signed it
            HubClient.Download download = second.client(B).download(meldingId);
            assertThat(second.opener(B).open(download.enveloped(), A)).isEqualTo(payload);
            // nothing more arrives later
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> fiksio.findAll(postRequestedFor(urlEqualTo("/fiks-io/api/v1/send"))).size() == 1);
        }
    }

    private static String status(TestHub hub, String meldingId, String mottaker) throws Exception {
        JsonNode status = hub.client(A).status(meldingId);
        for (JsonNode d : status.path("deliveries")) {
            if (d.path("mottaker").asText().equals(mottaker)) {
                return d.path("status").asText();
            }
        }
        return null;
    }
}
