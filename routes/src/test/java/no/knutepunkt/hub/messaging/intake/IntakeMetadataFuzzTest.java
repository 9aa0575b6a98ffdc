package no.knutepunkt.hub.messaging.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import jakarta.validation.Validation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Problem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fuzzes how intake turns the bytes of a send's {@code metadata} part into {@link IntakeMetadata}, without a hub:
 * arbitrary bytes either give the metadata or a problem, 413 metadata-too-large for more than the limit and
 * 400 invalid-metadata otherwise; any other exception is a finding. What is accepted is one JSON object of the
 * known fields only (checked against Jackson's tree of the same bytes), and every problem can be written as
 * problem+json. (The hub's JsonMapper is Spring Boot's; {@link ApiJson#read} sets the features that matter.)
 *
 * <p>The seeds in {@code IntakeMetadataFuzzTestInputs/metadata} are metadata parts as member systems send them,
 * and a few refused ones.
 */
class IntakeMetadataFuzzTest {
    /** Smaller than the hub's 64 KB so that inputs over the limit are among those fuzzed. */
    private static final int MAX_BYTES = 1024;
    private static final Set<String> FIELDS = Set.of("avsender", "mottakere", "meldingType", "klientMeldingId",
            "klientKorrelasjonsId", "svarPaMelding", "ttl", "filnavn");
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ApiJson JSON = new ApiJson(MAPPER,
            Validation.buildDefaultValidatorFactory().getValidator());

    @FuzzTest(maxDuration = "10s")
    void metadata(byte[] input) throws IOException {
        IntakeMetadata metadata;
        try {
            metadata = IntakeMetadata.read(new ByteArrayInputStream(input), MAX_BYTES, JSON);
        } catch (Problem p) {
            if (input.length > MAX_BYTES) {
                assertThat(p.type()).isEqualTo(Problem.TYPE_PREFIX + "metadata-too-large");
                assertThat(p.status()).isEqualTo(413);
            } else {
                assertThat(p.type()).as(p.getMessage()).isEqualTo(Problem.TYPE_PREFIX + "invalid-metadata");
                assertThat(p.status()).isEqualTo(400);
            }
            assertThat(p.getMessage()).isNotBlank();
            assertThatCode(() -> MAPPER.writeValueAsBytes(p.toBody())).as("the problem+json of " + p.getMessage())
                    .doesNotThrowAnyException();
            return;
        }
        assertThat(input.length).as("accepted only within the limit").isLessThanOrEqualTo(MAX_BYTES);
        assertThat(metadata).isNotNull();
        JsonNode tree = MAPPER.readTree(input);
        assertThat(tree.isObject()).as("accepted only a JSON object, not " + tree.getNodeType()).isTrue();
        assertThat(tree.propertyNames()).as("accepted only the known fields").isSubsetOf(FIELDS);
    }
}
