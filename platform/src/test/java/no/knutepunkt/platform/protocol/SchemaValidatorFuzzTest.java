package no.knutepunkt.platform.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the validation of Fiks Arkiv payloads with arbitrary bytes. The first byte of an input picks the
 * message type ({@link #TYPES}, modulo their number), the rest is the payload. The validator either accepts it
 * or refuses it with a {@link SchemaViolation} (a DOCTYPE included); any other exception is a finding. Refusing
 * must not depend on the path (in memory or streamed from a caller's stream), must be the same the second time
 * (the validator reuses its parsers), and must leave the validator able to accept the type's valid sample.
 *
 * <p>The seeds in {@code SchemaValidatorFuzzTestInputs/payload} are the Fiks Arkiv samples of the tests, valid,
 * invalid and hostile (XXE, billion laughs); {@link Seeds} makes them anew.
 */
class SchemaValidatorFuzzTest {
    /** The types fuzzed, and the valid sample of each. */
    static final List<String> TYPES = List.of(Samples.OPPRETT, Samples.OPPDATER, Samples.SOK,
            Samples.OPPRETT_KVITTERING);
    private static final List<String> VALID = List.of("arkivmelding.opprett/arkivmelding.xml",
            "arkivmelding.oppdater/arkivmelding.xml", "innsyn.sok/sok.xml",
            "arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml");
    private static final SchemaValidator VALIDATOR = new SchemaValidator(MessageTypes.load());

    @FuzzTest(maxDuration = "10s")
    void payload(byte[] input) throws IOException {
        int index = input.length == 0 ? 0 : Math.floorMod(input[0], TYPES.size());
        String type = TYPES.get(index);
        byte[] xml = input.length == 0 ? input : Arrays.copyOfRange(input, 1, input.length);

        String inMemory = outcome(type, xml, false);
        assertThat(outcome(type, xml, true)).as("the streamed validation agrees").isEqualTo(inMemory);
        assertThat(outcome(type, xml, false)).as("the second validation agrees").isEqualTo(inMemory);
        assertThatCode(() -> VALIDATOR.validate(type, Samples.bytes(VALID.get(index))))
                .as("the valid sample of " + type + " is still valid").doesNotThrowAnyException();
    }

    /** "valid", or the refusal's message; any other exception escapes. */
    private static String outcome(String type, byte[] xml, boolean streamed) throws IOException {
        try {
            if (streamed) {
                VALIDATOR.validate(type, new BufferedInputStream(new ByteArrayInputStream(xml), 7));
            } else {
                VALIDATOR.validate(type, xml);
            }
            return "valid";
        } catch (SchemaViolation e) {
            assertThat(e.getMessage()).as("message of a refusal").isNotBlank();
            assertThat(e.line()).as("line of " + e.getMessage()).isGreaterThanOrEqualTo(-1);
            return "refused: " + e.getMessage();
        }
    }

    /**
     * Writes the seeds:
     * {@code java ... 'SchemaValidatorFuzzTest$Seeds' platform/src/test/resources/no/knutepunkt/platform/protocol}.
     */
    static final class Seeds {
        public static void main(String[] args) throws IOException {
            Path seeds = Files.createDirectories(Path.of(args[0]).resolve("SchemaValidatorFuzzTestInputs/payload"));
            String[][] samples = {
                    {"opprett", "arkivmelding.opprett/arkivmelding.xml"},
                    {"opprett-invalid", "arkivmelding.opprett/arkivmelding-invalid.xml"},
                    {"opprett-xxe", "hostile/xxe.xml"},
                    {"opprett-billion-laughs", "hostile/billion-laughs.xml"},
                    {"oppdater", "arkivmelding.oppdater/arkivmelding.xml"},
                    {"oppdater-invalid", "arkivmelding.oppdater/arkivmelding-invalid.xml"},
                    {"sok", "innsyn.sok/sok.xml"},
                    {"sok-invalid", "innsyn.sok/sok-invalid.xml"},
                    {"kvittering", "arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml"},
            };
            for (String[] sample : samples) {
                String type = sample[0].replaceFirst("-.*", "");
                int index = List.of("opprett", "oppdater", "sok", "kvittering").indexOf(type);
                byte[] xml = Samples.bytes(sample[1]);
                byte[] seed = new byte[xml.length + 1];
                seed[0] = (byte) index;
                System.arraycopy(xml, 0, seed, 1, xml.length);
                Files.write(seeds.resolve(sample[0]), seed);
            }
        }
    }
}
