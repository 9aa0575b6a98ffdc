package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The Fiks Arkiv dialogue end to end: A asks B's archive to create an arkivmelding, B answers
 * mottatt and then kvittering; A's status history shows each step and A receives both answers.
 */
class FiksArkivDialogueTest {
    static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.postgres(dir, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    @Test
    void arkivmeldingOpprettIsAnsweredWithMottattAndKvittering() throws Exception {
        HubClient a = hub.client(A);
        HubClient b = hub.client(B);
        String request = a.send(new HubClient.Send(A, List.of(B), OPPRETT, "dialog-1", "sak-2026-17", null, null,
                "arkivmelding.xml"), hub.sign(A, Samples.arkivmeldingOpprett()));

        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(b.inbox()).contains(request));
        HubClient.Download download = b.download(request);
        assertThat(hub.opener(B).open(download.enveloped(), A)).isEqualTo(Samples.arkivmeldingOpprett());
        b.acknowledge(request);

        String mottatt = b.send(new HubClient.Send(B, List.of(A), OPPRETT + ".mottatt", "dialog-1-mottatt",
                "sak-2026-17", request, null, null), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> reasons(a.status(request)).stream()
                .anyMatch(r -> r.contains(OPPRETT + ".mottatt")));
        assertThat(delivery(a.status(request)).path("status").asText()).isEqualTo("DELIVERED");

        String kvittering = b.send(new HubClient.Send(B, List.of(A), OPPRETT + ".kvittering", "dialog-1-kvittering",
                "sak-2026-17", request, null, "arkivmelding-kvittering.xml"),
                hub.sign(B, Samples.arkivmeldingKvittering()));

        JsonNode status = a.status(request);
        assertThat(delivery(status).path("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(statuses(status)).containsSubsequence("RECEIVED", "QUEUED", "DELIVERED", "DELIVERED",
                "ACKNOWLEDGED");

        // A receives both answers, each pointing at the request
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(a.inbox())
                .containsAll(List.of(mottatt, kvittering)));
        for (JsonNode m : a.inbox()) {
            assertThat(m.path("svarPaMelding").asText()).isEqualTo(request);
            assertThat(m.path("klientKorrelasjonsId").asText()).isEqualTo("sak-2026-17");
        }
        HubClient.Download receipt = a.download(kvittering);
        assertThat(receipt.meldingType()).isEqualTo(OPPRETT + ".kvittering");
        assertThat(receipt.svarPaMelding()).contains(request);
        assertThat(hub.opener(A).open(receipt.enveloped(), B)).isEqualTo(Samples.arkivmeldingKvittering());
        HubClient.Download received = a.download(mottatt);
        assertThat(received.enveloped()).isEmpty();
        a.acknowledge(kvittering);
        a.acknowledge(mottatt);
    }

    @Test
    void answersThatDoNotFitTheRequestAreRefused() throws Exception {
        String request = hub.client(A).send(new HubClient.Send(A, List.of(B), OPPRETT, "dialog-2", null, null, null,
                "arkivmelding.xml"), hub.sign(A, Samples.arkivmeldingOpprett()));
        byte[] kvittering = Samples.arkivmeldingKvittering();

        // a result type that does not answer arkivmelding.opprett
        HubClient.HubException wrongType = assertThrows(HubClient.HubException.class, () -> hub.client(B).send(
                new HubClient.Send(B, List.of(A), "no.ks.fiks.arkiv.v1.innsyn.sok.resultat.utvidet", "w-1", null,
                        request, null, null), hub.sign(B, kvittering)));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.getMessage()).contains("reply-not-allowed");
        // D was not a recipient of the request
        HubClient.HubException notYours = assertThrows(HubClient.HubException.class, () -> hub.client(D).send(
                new HubClient.Send(D, List.of(A), OPPRETT + ".kvittering", "w-2", null, request, null, null),
                hub.sign(D, kvittering)));
        assertThat(notYours.getMessage()).contains("unknown-request");
        // an answer goes back to the request's sender only
        HubClient.HubException elsewhere = assertThrows(HubClient.HubException.class, () -> hub.client(B).send(
                new HubClient.Send(B, List.of(D), OPPRETT + ".kvittering", "w-3", null, request, null, null),
                hub.sign(B, kvittering)));
        assertThat(elsewhere.getMessage()).contains("reply-recipient");
        // an answer type without svarPaMelding
        HubClient.HubException noRequest = assertThrows(HubClient.HubException.class, () -> hub.client(B).send(
                new HubClient.Send(B, List.of(A), OPPRETT + ".kvittering", "w-4", null, null, null, null),
                hub.sign(B, kvittering)));
        assertThat(noRequest.getMessage()).contains("invalid-metadata").contains("svarPaMelding");
        assertThat(delivery(hub.client(A).status(request)).path("status").asText()).isIn("QUEUED", "RECEIVED");
    }

    static JsonNode delivery(JsonNode status) {
        return status.path("deliveries").get(0);
    }

    static List<String> statuses(JsonNode status) {
        return EndToEndTest.statuses(delivery(status));
    }

    static List<String> reasons(JsonNode status) {
        List<String> reasons = new ArrayList<>();
        delivery(status).path("history").forEach(h -> reasons.add(h.path("reason").asText()));
        return reasons;
    }
}
