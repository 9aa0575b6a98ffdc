package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Intake validates every Fiks Arkiv payload against its type's XSD, checks the file name,
 * refuses unknown types, and refuses hostile XML without harm to the hub. Runs on the embedded
 * default database.
 */
class SchemaValidationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ARKIV = "no.ks.fiks.arkiv.v1.";
    @TempDir
    static Path dir;
    static TestHub hub;
    static int counter;

    @BeforeAll
    static void start() {
        hub = TestHub.embedded(dir, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static HttpResponse<String> send(String type, String filnavn, byte[] payload) throws Exception {
        String metadata = "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":\"" + type
                + "\",\"klientMeldingId\":\"schema-" + (++counter) + "\""
                + (filnavn == null ? "" : ",\"filnavn\":\"" + filnavn + "\"") + "}";
        return Multipart.post(hub.uri(), A, hub.identity(A).password(),
                Multipart.parts(metadata, hub.sign(A, payload)));
    }

    /** The response is the problem of that status and type; returns it. */
    static JsonNode problem(HttpResponse<String> response, int status, String slug) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:" + slug);
        return problem;
    }

    @ParameterizedTest
    @CsvSource({
        "arkivering.arkivmelding.opprett, arkivmelding.xml, fiks-arkiv-v1/samples/arkivmelding.xml",
        "arkivering.arkivmelding.oppdater, arkivmelding.xml, payloads/arkivmelding.oppdater/arkivmelding.xml",
        "innsyn.sok, sok.xml, fiks-arkiv-v1/samples/sok.xml"})
    void validPayloadsAreAccepted(String type, String filnavn, String resource) throws Exception {
        HttpResponse<String> response = send(ARKIV + type, filnavn, Samples.resource(resource));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @ParameterizedTest
    @CsvSource({
        "arkivering.arkivmelding.opprett, arkivmelding.xml, payloads/arkivmelding.opprett/arkivmelding-invalid.xml, tittelx",
        "arkivering.arkivmelding.oppdater, arkivmelding.xml, payloads/arkivmelding.oppdater/arkivmelding-invalid.xml, saksdato",
        "innsyn.sok, sok.xml, payloads/innsyn.sok/sok-invalid.xml, operator"})
    void invalidPayloadsAreRefusedNamingLineAndElement(String type, String filnavn, String resource, String element)
            throws Exception {
        int before = hub.count("select count(*) from melding");
        JsonNode problem = problem(send(ARKIV + type, filnavn, Samples.resource(resource)), 422, "schema-invalid");
        assertThat(problem.path("element").asString()).isEqualTo(element);
        assertThat(problem.path("line").asInt()).isPositive();
        assertThat(problem.path("detail").asString()).contains("line " + problem.path("line").asInt());
        assertThat(hub.count("select count(*) from melding")).isEqualTo(before);
    }

    @Test
    void anOpprettPayloadIsNotAnOppdater() throws Exception {
        problem(send(ARKIV + "arkivering.arkivmelding.oppdater", "arkivmelding.xml",
                Samples.arkivmeldingOpprett()), 422, "schema-invalid");
    }

    @Test
    void hostileXmlIsRefusedAndTheHubStaysHealthy() throws Exception {
        for (String hostile : new String[] {"payloads/hostile/xxe.xml", "payloads/hostile/billion-laughs.xml"}) {
            long started = System.nanoTime();
            JsonNode problem = problem(send(ARKIV + "arkivering.arkivmelding.opprett", "arkivmelding.xml",
                    Samples.resource(hostile)), 422, "schema-invalid");
            assertThat(problem.path("detail").asString()).contains("DOCTYPE");
            assertThat(problem.path("detail").asString()).doesNotContain("root:");
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        }
        HttpResponse<String> health = Multipart.get(hub.uri(), "/actuator/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).path("status").asString()).isEqualTo("UP");
        assertThat(send(ARKIV + "arkivering.arkivmelding.opprett", "arkivmelding.xml",
                Samples.arkivmeldingOpprett()).statusCode()).isEqualTo(202);
    }

    @Test
    void theFileNameMustBeTheOneTheTypeGives() throws Exception {
        JsonNode problem = problem(send(ARKIV + "arkivering.arkivmelding.opprett", "melding.xml",
                Samples.arkivmeldingOpprett()), 400, "invalid-metadata");
        assertThat(problem.path("field").asString()).isEqualTo("filnavn");
        assertThat(problem.path("detail").asString()).contains("arkivmelding.xml");
        // without a file name, the type's own is used
        assertThat(send(ARKIV + "arkivering.arkivmelding.opprett", null, Samples.arkivmeldingOpprett())
                .statusCode()).isEqualTo(202);
    }

    @Test
    void unknownTypesAreRefusedAndKnownOnesListed() throws Exception {
        JsonNode problem = problem(send("no.ks.fiks.arkiv.v9.ukjent", "x.xml", new byte[] {1}), 400,
                "unknown-message-type");
        assertThat(problem.path("field").asString()).isEqualTo("meldingType");
        HttpResponse<String> types = Multipart.get(hub.uri(), "/api/v1/message-types", A, hub.identity(A).password());
        assertThat(types.statusCode()).isEqualTo(200);
        assertThat(types.body()).contains("no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett")
                .contains("no.knutepunkt.v1.fil").contains("no.ks.fiks.kvittering.tidsavbrudd");
    }
}
