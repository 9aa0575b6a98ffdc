package no.knutepunkt.hub.directory;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static no.knutepunkt.hub.TestHub.D;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.Samples;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.crypto.DemoPki;
import no.knutepunkt.platform.crypto.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The catalog ({@code GET /api/v1/catalog}) and each member's accepted requests ({@code knutepunkt.routing.*.accepts}),
 * through the real API of a real hub: Bergen (A) takes everything and rotates its key (two certificates), Kinn (B)
 * takes Fiks Arkiv's arkivering only, Etne (C) nothing (a system that only sends), Sveio (D) has no setting.
 */
class CatalogTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ARKIV = "no.ks.fiks.arkiv.v1";
    private static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    private static final String SOK = "no.ks.fiks.arkiv.v1.innsyn.sok";
    private static final String FIL = "no.knutepunkt.v1.fil";
    @TempDir
    static Path dir;
    static TestHub hub;
    static DemoPki.Issued aNext;

    @BeforeAll
    static void start() throws Exception {
        // a first start makes the demo identities; then Bergen's second certificate is registered, as in a rotation
        Instant now = Instant.now();
        aNext = TestHub.demoCa(dir).issue("Bergen kommune", A, now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(800)));
        Files.writeString(memberDir(A).resolve("cert-next.pem"), Pem.toPem(aNext.certificate()));
        hub = TestHub.embedded(dir, Map.of(
                "knutepunkt.routing." + B + ".accepts[0]", "no.ks.fiks.arkiv.v1.arkivering",
                "knutepunkt.routing." + C + ".accepts", "",
                "knutepunkt.routing." + A + ".connector", "svarut")).start();
    }

    private static Path memberDir(String orgnr) {
        return dir.resolve("demo").resolve("members").resolve(orgnr);
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static HttpResponse<String> lookup(String query, String... credentials) throws Exception {
        String[] who = credentials.length == 0
                ? new String[] {hub.identity(D).username(), hub.identity(D).password()} : credentials;
        return Multipart.get(hub.uri(), "/api/v1/catalog" + query, who[0], who[1]);
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode problem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:" + slug);
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }

    @Test
    void aMemberWithoutRestrictionsShowsEveryRequestTypeAndEveryRegisteredCertificateInPem() throws Exception {
        JsonNode account = ok(lookup("?orgnr=" + A));
        assertThat(account.path("kontoId").asString()).isEqualTo(A);
        assertThat(account.path("orgnr").asString()).isEqualTo(A);
        assertThat(account.path("name").asString()).isEqualTo("Bergen");
        assertThat(account.path("kommunenummer").asString()).isEqualTo("4601");
        assertThat(account.path("connector").asString()).isEqualTo("svarut");
        assertThat(account.path("gyldigAvsender").asBoolean()).isTrue();
        assertThat(account.path("gyldigMottaker").asBoolean()).isTrue();
        assertThat(account.path("protocols")).extracting(p -> p.path("protocol").asString())
                .containsExactly(ARKIV, "no.knutepunkt.v1");
        List<String> arkiv = texts(account.path("protocols").get(0).path("messageTypes"));
        assertThat(arkiv).contains(OPPRETT, SOK, "no.ks.fiks.arkiv.v1.innsyn.mappe.hent")
                // answers reach the sender of the request anyway: they are not something to accept
                .doesNotContain(OPPRETT + ".kvittering", "no.ks.fiks.arkiv.v1.feilmelding.serverfeil");
        assertThat(texts(account.path("protocols").get(1).path("messageTypes"))).contains(FIL,
                "no.knutepunkt.v1.avtale.signering").doesNotContain("no.knutepunkt.v1.faktura");

        JsonNode certificates = account.path("certificates");
        assertThat(certificates).hasSize(2);
        X509Certificate main = Pem.readCertificate(hub.memberDir(A).resolve("cert.pem"));
        X509Certificate first = Pem.readCertificate(certificates.get(0).path("pem").asString(), "catalog");
        X509Certificate second = Pem.readCertificate(certificates.get(1).path("pem").asString(), "catalog");
        assertThat(first).isEqualTo(main);
        assertThat(second).isEqualTo(aNext.certificate());
        assertThat(certificates.get(1).path("serialNumber").asString())
                .isEqualTo(aNext.certificate().getSerialNumber().toString(16));
        assertThat(Instant.parse(certificates.get(1).path("notAfter").asString()))
                .isEqualTo(aNext.certificate().getNotAfter().toInstant());
        assertThat(certificates).allSatisfy(c -> assertThat(c.path("validNow").asBoolean()).isTrue());
        // staff may look up too
        String[] operator = hub.staff("operator");
        assertThat(ok(lookup("?orgnr=" + A, operator)).path("orgnr").asString()).isEqualTo(A);
    }

    @Test
    void aRestrictedMemberShowsWhatItAcceptsAndAProtocolItTakesNothingOfIsNotFound() throws Exception {
        JsonNode kinn = ok(lookup("?orgnr=" + B + "&protokoll=" + ARKIV));
        assertThat(kinn.path("protocols")).hasSize(1);
        List<String> types = texts(kinn.path("protocols").get(0).path("messageTypes"));
        assertThat(types).contains(OPPRETT, "no.ks.fiks.arkiv.v1.arkivering.avskrivning.slett")
                .allSatisfy(t -> assertThat(t).startsWith("no.ks.fiks.arkiv.v1.arkivering."));
        assertThat(kinn.path("gyldigMottaker").asBoolean()).isTrue();

        JsonNode none = problem(lookup("?orgnr=" + B + "&protokoll=no.knutepunkt.v1"), 404, "protocol-not-accepted");
        assertThat(none.path("field").asString()).isEqualTo("protokoll");
        assertThat(none.path("detail").asString()).contains(B).contains("no.knutepunkt.v1");

        JsonNode etne = ok(lookup("?orgnr=" + C));
        assertThat(etne.path("protocols")).isEmpty();
        assertThat(etne.path("gyldigMottaker").asBoolean()).isFalse();
        assertThat(etne.path("gyldigAvsender").asBoolean()).isTrue();
        problem(lookup("?orgnr=" + C + "&protokoll=" + ARKIV), 404, "protocol-not-accepted");
    }

    @Test
    void badLookupsAreSpecificProblems() throws Exception {
        assertThat(problem(lookup(""), 400, "invalid-parameter").path("field").asString()).isEqualTo("orgnr");
        assertThat(problem(lookup("?orgnr=12345"), 400, "invalid-parameter").path("field").asString())
                .isEqualTo("orgnr");
        // nine digits failing the MOD11 check
        assertThat(problem(lookup("?orgnr=994601009"), 400, "invalid-parameter").path("field").asString())
                .isEqualTo("orgnr");
        // a valid orgnr that is no member (the hub's own)
        assertThat(problem(lookup("?orgnr=921000006"), 404, "not-found").path("detail").asString())
                .contains("921000006");
        assertThat(problem(lookup("?orgnr=" + A + "&protokoll=no.ks.fiks.arkiv.v2"), 400, "invalid-parameter")
                .path("field").asString()).isEqualTo("protokoll");
        assertThat(Multipart.get(hub.uri(), "/api/v1/catalog?orgnr=" + A, null, null).statusCode()).isEqualTo(401);
    }

    private static String metadata(String avsender, List<String> mottakere, String type, String key) {
        return "{\"avsender\":\"" + avsender + "\",\"mottakere\":" + JSON.writeValueAsString(mottakere)
                + ",\"meldingType\":\"" + type + "\",\"klientMeldingId\":\"" + key + "\"}";
    }

    private static HttpResponse<String> send(String from, List<String> to, String type, String key, byte[] payload)
            throws Exception {
        return Multipart.post(hub.uri(), from, hub.identity(from).password(),
                Multipart.parts(metadata(from, to, type, key), payload == null ? null : hub.sign(from, payload)));
    }

    @Test
    void intakeRefusesARequestTheRecipientDoesNotAcceptAndStoresNothing() throws Exception {
        int messages = hub.count("select count(*) from melding");
        int deliveries = hub.count("select count(*) from levering");
        byte[] any = "x".getBytes(StandardCharsets.UTF_8);

        JsonNode sok = problem(send(A, List.of(B), SOK, "acc-1", any), 422, "type-not-accepted");
        assertThat(sok.path("field").asString()).isEqualTo("mottakere");
        assertThat(texts(sok.path("notAccepting"))).containsExactly(B);
        assertThat(sok.path("meldingType").asString()).isEqualTo(SOK);
        assertThat(sok.path("detail").asString()).contains(B).contains(SOK);
        // one recipient of two that does not accept refuses the whole message
        JsonNode fil = problem(send(A, List.of(D, C), FIL, "acc-2", any), 422, "type-not-accepted");
        assertThat(texts(fil.path("notAccepting"))).containsExactly(C);
        assertThat(hub.count("select count(*) from melding")).isEqualTo(messages);
        assertThat(hub.count("select count(*) from levering")).isEqualTo(deliveries);

        // what it accepts goes through
        HttpResponse<String> opprett = send(A, List.of(B, D), OPPRETT, "acc-3", Samples.arkivmeldingOpprett());
        assertThat(opprett.statusCode()).as(opprett.body()).isEqualTo(202);
        assertThat(hub.count("select count(*) from melding")).isEqualTo(messages + 1);
    }

    @Test
    void anAnswerReachesTheSenderOfTheRequestWhateverItAccepts() throws Exception {
        // Etne accepts no request, but sends one to Kinn and gets Kinn's answer
        HttpResponse<String> request = send(C, List.of(B), OPPRETT, "acc-4", Samples.arkivmeldingOpprett());
        assertThat(request.statusCode()).as(request.body()).isEqualTo(202);
        String meldingId = JSON.readTree(request.body()).path("meldingId").asString();
        String mottatt = "{\"avsender\":\"" + B + "\",\"mottakere\":[\"" + C + "\"],\"meldingType\":\"" + OPPRETT
                + ".mottatt\",\"klientMeldingId\":\"acc-5\",\"svarPaMelding\":\"" + meldingId + "\"}";
        HttpResponse<String> answer = Multipart.post(hub.uri(), B, hub.identity(B).password(),
                Multipart.parts(mottatt, null));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        String answerId = JSON.readTree(answer.body()).path("meldingId").asString();
        assertThat(hub.count("select count(*) from levering where melding_id = ? and mottaker = ?", answerId, C))
                .isEqualTo(1);
    }

    @Test
    void aDistributionToMembersThatDoNotAcceptItsTypeIsRefusedNamingThemAndRegistersNothing() throws Exception {
        String[] secretariat = hub.staff("secretariat");
        int distributions = hub.count("select count(*) from distribusjon");
        String all = "{\"noekkel\":\"acc-alle\",\"meldingType\":\"" + FIL + "\",\"filnavn\":\"notat.txt\","
                + "\"maal\":{\"alle\":true}}";
        JsonNode refused = problem(Multipart.post(hub.uri(), "/api/v1/distributions", secretariat[0], secretariat[1],
                Multipart.parts(all, "notat".getBytes(StandardCharsets.UTF_8))), 422, "type-not-accepted");
        assertThat(texts(refused.path("notAccepting"))).containsExactlyInAnyOrder(B, C);
        assertThat(refused.path("field").asString()).isEqualTo("maal");
        assertThat(hub.count("select count(*) from distribusjon")).isEqualTo(distributions);

        // the same to the members that accept it is registered
        String list = "{\"noekkel\":\"acc-liste\",\"meldingType\":\"" + FIL + "\",\"filnavn\":\"notat.txt\","
                + "\"maal\":{\"mottakere\":[\"" + A + "\",\"" + D + "\"]}}";
        HttpResponse<String> accepted = Multipart.post(hub.uri(), "/api/v1/distributions", secretariat[0],
                secretariat[1], Multipart.parts(list, "notat".getBytes(StandardCharsets.UTF_8)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(hub.count("select count(*) from distribusjon")).isEqualTo(distributions + 1);
    }
}
