package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static no.knutepunkt.hub.TestHub.C;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.client.MemberIdentity;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every refusal at intake is a specific problem+json and stores nothing; a repeated
 * klientMeldingId answers with the first meldingId and stores nothing new.
 */
class IntakeRefusalTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] PAYLOAD = "<arkivmelding/>".getBytes(StandardCharsets.UTF_8);
    @TempDir
    static Path dir;
    static TestHub hub;
    private int messagesBefore;
    private int deliveriesBefore;

    @BeforeAll
    static void start() {
        hub = TestHub.postgres(dir, Map.of("knutepunkt.intake.max-payload-bytes", "65536")).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    @BeforeEach
    void counts() {
        messagesBefore = hub.count("select count(*) from melding");
        deliveriesBefore = hub.count("select count(*) from levering");
    }

    private static String metadata(String avsender, String mottaker, String klientMeldingId) {
        return "{\"avsender\":\"" + avsender + "\",\"mottakere\":[\"" + mottaker + "\"],"
                + "\"meldingType\":\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"" + klientMeldingId + "\"}";
    }

    private HttpResponse<String> sendAs(String caller, String metadata, byte[] data) throws Exception {
        return Multipart.post(hub.uri(), caller, hub.identity(caller).password(), Multipart.parts(metadata, data));
    }

    private JsonNode problem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:" + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asString()).isNotBlank();
        return problem;
    }

    private void nothingStored() {
        assertThat(hub.count("select count(*) from melding")).isEqualTo(messagesBefore);
        assertThat(hub.count("select count(*) from levering")).isEqualTo(deliveriesBefore);
    }

    @Test
    void aRepeatedKlientMeldingIdAnswersWithTheFirstMeldingIdAndStoresNothingNew() throws Exception {
        HttpResponse<String> first = sendAs(A, metadata(A, B, "idem-1"), hub.sign(A, PAYLOAD));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String meldingId = JSON.readTree(first.body()).path("meldingId").asString();

        HttpResponse<String> again = sendAs(A, metadata(A, B, "idem-1"), hub.sign(A, PAYLOAD));
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).path("meldingId").asString()).isEqualTo(meldingId);
        assertThat(hub.count("select count(*) from melding")).isEqualTo(messagesBefore + 1);
        assertThat(hub.count("select count(*) from levering where melding_id = ?", meldingId)).isEqualTo(1);

        // the same key from another sender is another message
        HttpResponse<String> other = sendAs(B, metadata(B, A, "idem-1"), hub.sign(B, PAYLOAD));
        assertThat(JSON.readTree(other.body()).path("meldingId").asString()).isNotEqualTo(meldingId);
    }

    @Test
    void aUsedKlientMeldingIdForAnotherMessageIsRefusedWith409NamingWhatDiffers() throws Exception {
        HttpResponse<String> first = sendAs(A, metadata(A, B, "idem-2"), hub.sign(A, PAYLOAD));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        String meldingId = JSON.readTree(first.body()).path("meldingId").asString();

        JsonNode otherContent = problem(sendAs(A, metadata(A, B, "idem-2"),
                hub.sign(A, "<arkivmelding>annan</arkivmelding>".getBytes(StandardCharsets.UTF_8))), 409,
                "klient-melding-id-reused");
        assertThat(otherContent.path("meldingId").asString()).isEqualTo(meldingId);
        assertThat(otherContent.path("differs").toString()).isEqualTo("[\"data\"]");
        JsonNode otherRecipient = problem(sendAs(A, metadata(A, C, "idem-2"), hub.sign(A, PAYLOAD)), 409,
                "klient-melding-id-reused");
        assertThat(otherRecipient.path("differs").toString()).isEqualTo("[\"mottakere\"]");
        // the data part first, then the metadata: the same comparison
        Map<String, byte[]> reversed = new LinkedHashMap<>();
        reversed.put("data", hub.sign(A, new byte[] {1, 2, 3}));
        reversed.put("metadata", metadata(A, B, "idem-2").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> dataFirst = Multipart.post(hub.uri(), A, hub.identity(A).password(), reversed);
        problem(dataFirst, 409, "klient-melding-id-reused");
        // signed again, same content and recipients: the same message, answered as before
        HttpResponse<String> resigned = sendAs(A, metadata(A, B, "idem-2"), hub.sign(A, PAYLOAD));
        assertThat(resigned.statusCode()).as(resigned.body()).isEqualTo(202);
        assertThat(JSON.readTree(resigned.body()).path("meldingId").asString()).isEqualTo(meldingId);
        assertThat(hub.count("select count(*) from melding")).isEqualTo(messagesBefore + 1);
    }

    @Test
    void fileNamesThatAreNotOnePlainNameAndAnUnboundedTtlOrOverlongFieldsAreRefused() throws Exception {
        byte[] signed = hub.sign(A, PAYLOAD);
        for (String name : new String[] {".", "..", "CON", "nul.txt", "vedtak.pdf:skjult", "faktura\u202Efdp.exe",
                "a/b.pdf", "vedtak.pdf."}) {
            String json = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":"
                    + "\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"name-" + name.hashCode() + "\",\"filnavn\":"
                    + JSON.writeValueAsString(name) + "}";
            JsonNode p = problem(sendAs(A, json, signed), 400, "invalid-metadata");
            assertThat(p.path("field").asString()).as(name).isEqualTo("filnavn");
        }
        String ttl = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":"
                + "\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"ttl-1\",\"ttl\":" + Long.MAX_VALUE + "}";
        assertThat(problem(sendAs(A, ttl, signed), 400, "invalid-metadata").path("field").asString())
                .isEqualTo("ttl");
        String longKey = metadata(A, B, "k".repeat(201));
        assertThat(problem(sendAs(A, longKey, signed), 400, "invalid-metadata").path("detail").asString())
                .contains("klientMeldingId").contains("at most 200 characters");
        String longCorrelation = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":"
                + "\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"corr-1\",\"klientKorrelasjonsId\":\""
                + "c".repeat(201) + "\"}";
        assertThat(problem(sendAs(A, longCorrelation, signed), 400, "invalid-metadata").path("field").asString())
                .isEqualTo("klientKorrelasjonsId");
        nothingStored();
    }

    @Test
    void aNameInAnyScriptComesBackInTheDownloadsContentDisposition() throws Exception {
        String name = "Søknad – Кирилл ᚠ.pdf";
        String json = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":"
                + "\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\"utf8-name\",\"filnavn\":\"" + name + "\"}";
        HttpResponse<String> sent = sendAs(A, json, hub.sign(A, PAYLOAD));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String meldingId = JSON.readTree(sent.body()).path("meldingId").asString();
        HttpResponse<byte[]> download = java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        hub.uri().resolve("/api/v1/inbox/" + meldingId))
                        .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                                (B + ":" + hub.identity(B).password()).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        String disposition = download.headers().firstValue("Content-Disposition").orElseThrow();
        // the sealed download is the name with .p7m
        assertThat(disposition).startsWith("attachment; filename=\"S_knad _ ______ _.pdf.p7m\"");
        String encoded = disposition.substring(disposition.indexOf("filename*=UTF-8''") + "filename*=UTF-8''".length());
        assertThat(java.net.URLDecoder.decode(encoded.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(name + ".p7m");
    }

    @Test
    void aForgedSignatureIsRefused() throws Exception {
        byte[] signed = hub.sign(A, PAYLOAD);
        // change one byte of the payload inside the SignedData: the signature no longer matches
        int at = indexOf(signed, PAYLOAD);
        assertThat(at).isPositive();
        signed[at + 1] ^= 0x01;
        problem(sendAs(A, metadata(A, B, "forged"), signed), 400, "signature-invalid");
        nothingStored();
    }

    @Test
    void aSha1OrMd5SignatureIsRefusedAsTooWeak() throws Exception {
        MemberIdentity a = hub.identity(A);
        for (String algorithm : new String[] {"SHA1withRSA", "MD5withRSA"}) {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder(algorithm).build(a.key()), a.certificate()));
            byte[] signed = generator.generate(new CMSProcessableByteArray(PAYLOAD), true).getEncoded("DER");
            JsonNode p = problem(sendAs(A, metadata(A, B, "weak-" + algorithm), signed), 400,
                    "signature-weak-algorithm");
            assertThat(p.path("detail").asString()).as(algorithm).contains("SHA-256 or stronger is required");
        }
        nothingStored();
    }

    @Test
    void aSignerThatIsNotTheSenderIsRefused() throws Exception {
        JsonNode p = problem(sendAs(A, metadata(A, B, "signed-by-b"), hub.sign(B, PAYLOAD)), 403, "signer-not-sender");
        assertThat(p.path("detail").asString()).contains(A);
        nothingStored();
    }

    @Test
    void anUnknownRecipientIsRefused() throws Exception {
        JsonNode p = problem(sendAs(A, metadata(A, "999999999", "unknown-recipient"), hub.sign(A, PAYLOAD)), 422,
                "unknown-recipient");
        assertThat(p.path("unknown").get(0).asString()).isEqualTo("999999999");
        nothingStored();
    }

    @Test
    void aCallerThatIsNotTheSenderIsRefused() throws Exception {
        JsonNode p = problem(sendAs(B, metadata(A, B, "impostor"), hub.sign(A, PAYLOAD)), 403, "sender-mismatch");
        assertThat(p.path("field").asString()).isEqualTo("avsender");
        nothingStored();
    }

    @Test
    void malformedRequestsAreRefusedSpecifically() throws Exception {
        byte[] signed = hub.sign(A, PAYLOAD);
        problem(sendAs(A, null, signed), 400, "missing-part");
        problem(sendAs(A, metadata(A, B, "no-data"), null), 400, "missing-part");
        problem(sendAs(A, "{not json", signed), 400, "invalid-metadata");
        JsonNode unknownField = problem(sendAs(A, "{\"avsender\":\"" + A + "\",\"hemmeleg\":1}", signed), 400,
                "invalid-metadata");
        assertThat(unknownField.path("field").asString()).isEqualTo("hemmeleg");
        JsonNode noType = problem(sendAs(A, "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],"
                + "\"klientMeldingId\":\"x\"}", signed), 400, "invalid-metadata");
        assertThat(noType.path("field").asString()).isEqualTo("meldingType");
        problem(sendAs(A, metadata(A, B, "garbage"), "not cms".getBytes(StandardCharsets.UTF_8)), 400,
                "signature-malformed");
        problem(sendAs(A, metadata(A, B, "too-big"), hub.sign(A, new byte[70_000])), 413, "payload-too-large");
        HttpResponse<String> form = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/messages"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("metadata=x&data=y")),
                A, hub.identity(A).password());
        problem(form, 415, "unsupported-media-type");
        nothingStored();
    }

    @Test
    void callersWithoutValidCredentialsOrTheWrongRoleAreRefused() throws Exception {
        problem(Multipart.get(hub.uri(), "/api/v1/inbox", null, null), 401, "unauthenticated");
        problem(Multipart.get(hub.uri(), "/api/v1/inbox", A, "wrong-password"), 401, "unauthenticated");
        String[] operator = hub.staff("operator");
        problem(Multipart.post(hub.uri(), operator[0], operator[1], Multipart.parts(metadata(A, B, "op"),
                hub.sign(A, PAYLOAD))), 403, "forbidden");
        HttpResponse<String> members = Multipart.get(hub.uri(), "/api/v1/members", operator[0], operator[1]);
        assertThat(members.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(members.body())).hasSize(43);
        nothingStored();
    }

    @Test
    void unknownMessagesAreNotFound() throws Exception {
        problem(Multipart.get(hub.uri(), "/api/v1/messages/00000000-0000-0000-0000-000000000000", A,
                hub.identity(A).password()), 404, "not-found");
        problem(Multipart.get(hub.uri(), "/api/v1/inbox/00000000-0000-0000-0000-000000000000", A,
                hub.identity(A).password()), 404, "not-found");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
