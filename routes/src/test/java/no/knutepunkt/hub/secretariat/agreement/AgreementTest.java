package no.knutepunkt.hub.secretariat.agreement;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.protocol.Samarbeid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cooperation agreement through the REST API: sent for signing to its parties, each party's
 * system answers with a CMS signature over the exact document; in force only when all have
 * signed; a wrong signature is refused; an amendment again needs every party.
 */
class AgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUB = "921000006";
    private static final String SIGNATUR = "no.knutepunkt.v1.avtale.signatur";
    private static final List<String> PARTIES = List.of(A, B, C, D);
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.postgres(dir, Map.of("knutepunkt.distributions.interval", "200ms")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    private static JsonNode register(String path, String noekkel, String parter, byte[] document) throws Exception {
        String[] secretariat = hub.staff("secretariat");
        String metadata = "{\"noekkel\":\"" + noekkel + "\",\"tittel\":\"Samarbeidsavtale Digi Vestland\","
                + (parter == null ? "" : "\"parter\":" + parter + ",")
                + "\"gyldigTil\":\"2030-01-01\",\"evalueringsdato\":\"2027-06-30\","
                + "\"filnavn\":\"samarbeidsavtale.txt\",\"mimeType\":\"text/plain\"}";
        HttpResponse<String> response = Multipart.post(hub.uri(), path, secretariat[0], secretariat[1],
                Multipart.parts(metadata, document));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body());
    }

    private static JsonNode agreement(String id) throws Exception {
        HttpResponse<String> response = Multipart.get(hub.uri(), "/api/v1/agreements/" + id, A,
                hub.identity(A).password());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode version(String id, int versjon) throws Exception {
        return agreement(id).path("versions").get(versjon - 1);
    }

    /** The signing request a party got for a version: its meldingId and the agreement as sent. */
    private record Request(String meldingId, Samarbeid.Avtale avtale) {
    }

    private static Request request(String party, String noekkel) throws Exception {
        HubClient client = hub.client(party);
        JsonNode message = await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode m : client.inbox()) {
                if (("avtale:" + noekkel).equals(m.path("klientKorrelasjonsId").asText())) {
                    return m;
                }
            }
            return null;
        }, m -> m != null);
        assertThat(message.path("meldingType").asText()).isEqualTo("no.knutepunkt.v1.avtale.signering");
        String meldingId = message.path("meldingId").asText();
        HubClient.Download download = client.download(meldingId);
        byte[] xml = hub.opener(party).open(download.enveloped(), HUB);
        client.acknowledge(meldingId);
        return new Request(meldingId, Samarbeid.readAvtale(xml));
    }

    private static String answer(String party, Request request, byte[] signatur) throws Exception {
        return answer(party, request, signatur, "signatur-" + request.meldingId() + "-" + signatur.length
                + "-" + java.util.Arrays.hashCode(signatur));
    }

    private static String answer(String party, Request request, byte[] signatur, String klientMeldingId)
            throws Exception {
        return hub.client(party).send(new HubClient.Send(party, List.of(HUB), SIGNATUR, klientMeldingId, null,
                request.meldingId(), null, "signatur.xml"), hub.sign(party, signatur));
    }

    private static byte[] signature(String signer, Request request, byte[] over, String naming) {
        MemberIdentity me = hub.identity(signer);
        byte[] detached = new CmsSigner(me.key(), me.certificate()).signDetached(over);
        return Samarbeid.avtaleSignatur(request.avtale().avtaleId(), request.avtale().versjon(), naming, detached);
    }

    @Test
    void inForceOnlyWhenEveryPartyHasSignedAndAnAmendmentNeedsEveryPartyAgain() throws Exception {
        byte[] document = "Avtale om samordna regional digitalisering. § 5: gjeld til 1. januar 2030."
                .getBytes(StandardCharsets.UTF_8);
        JsonNode created = register("/api/v1/agreements", "avtale-1", JSON.writeValueAsString(
                Map.of("mottakere", PARTIES)), document);
        String id = created.path("id").asText();

        for (String party : PARTIES.subList(0, 3)) {
            Request request = request(party, "avtale-1");
            assertThat(request.avtale().dokument()).isEqualTo(document);
            assertThat(request.avtale().parter()).containsExactlyInAnyOrderElementsOf(PARTIES);
            answer(party, request, signature(party, request, request.avtale().dokument(), party));
        }
        JsonNode three = version(id, 1);
        assertThat(three.path("status").asText()).isEqualTo("AWAITING_SIGNATURES");
        assertThat(three.path("counts").path("SIGNED").asInt()).isEqualTo(3);
        assertThat(agreement(id).path("iKraftVersjon").isNull()).isTrue();

        Request last = request(D, "avtale-1");
        answer(D, last, signature(D, last, last.avtale().dokument(), D));
        JsonNode all = version(id, 1);
        assertThat(all.path("status").asText()).isEqualTo("IN_FORCE");
        assertThat(all.path("gyldigFra").asText()).isNotBlank();
        assertThat(agreement(id).path("iKraftVersjon").asInt()).isEqualTo(1);

        // an amendment is a new version that needs every party again
        byte[] amended = "Avtale om samordna regional digitalisering. Endring 1: ny finansieringsmodell."
                .getBytes(StandardCharsets.UTF_8);
        register("/api/v1/agreements/" + id + "/versions", "avtale-1-endring-1", null, amended);
        assertThat(version(id, 2).path("status").asText()).isEqualTo("AWAITING_SIGNATURES");
        assertThat(version(id, 1).path("status").asText()).isEqualTo("IN_FORCE");
        for (String party : PARTIES) {
            Request request = request(party, "avtale-1-endring-1");
            assertThat(request.avtale().versjon()).isEqualTo(2);
            assertThat(request.avtale().dokument()).isEqualTo(amended);
            answer(party, request, signature(party, request, amended, party));
        }
        assertThat(version(id, 2).path("status").asText()).isEqualTo("IN_FORCE");
        assertThat(version(id, 1).path("status").asText()).isEqualTo("SUPERSEDED");
        assertThat(agreement(id).path("iKraftVersjon").asInt()).isEqualTo(2);
    }

    @Test
    void wrongSignaturesAreRefusedAndARefusalKeepsTheAgreementOutOfForce() throws Exception {
        byte[] document = "Avtale om felles innkjøp av skytenester".getBytes(StandardCharsets.UTF_8);
        String id = register("/api/v1/agreements", "avtale-2", JSON.writeValueAsString(
                Map.of("mottakere", List.of(A, B))), document).path("id").asText();
        Request a = request(A, "avtale-2");

        HubClient.HubException otherBytes = assertThrows(HubClient.HubException.class, () ->
                answer(A, a, signature(A, a, "Ei anna avtale".getBytes(StandardCharsets.UTF_8), A)));
        assertThat(otherBytes.status()).isEqualTo(422);
        assertThat(otherBytes.getMessage()).contains("agreement-signature-invalid");

        HubClient.HubException otherSigner = assertThrows(HubClient.HubException.class, () ->
                answer(A, a, signature(C, a, document, A)));
        assertThat(otherSigner.getMessage()).contains("agreement-signature-invalid");

        HubClient.HubException otherParty = assertThrows(HubClient.HubException.class, () ->
                answer(A, a, signature(A, a, document, B)));
        assertThat(otherParty.getMessage()).contains("agreement-party-mismatch");
        assertThat(version(id, 1).path("counts").path("SIGNED").asInt()).isZero();

        answer(A, a, signature(A, a, document, A));
        Request b = request(B, "avtale-2");
        hub.client(B).send(new HubClient.Send(B, List.of(HUB), "no.knutepunkt.v1.avtale.avslag", "avslag-b", null,
                b.meldingId(), null, "avslag.xml"), hub.sign(B, Samarbeid.avtaleAvslag(b.avtale().avtaleId(),
                b.avtale().versjon(), B, "Kommunestyret har ikkje handsama saka")));
        JsonNode v = version(id, 1);
        assertThat(v.path("status").asText()).isEqualTo("REFUSED");
        assertThat(v.path("counts").path("SIGNED").asInt()).isEqualTo(1);
        assertThat(v.path("counts").path("REFUSED").asInt()).isEqualTo(1);
        assertThat(agreement(id).path("iKraftVersjon").isNull()).isTrue();
        // a second answer from the same party is refused
        HubClient.HubException again = assertThrows(HubClient.HubException.class, () ->
                answer(A, a, signature(A, a, document, A), "signatur-once-more"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.getMessage()).contains("already-answered");
    }
}
