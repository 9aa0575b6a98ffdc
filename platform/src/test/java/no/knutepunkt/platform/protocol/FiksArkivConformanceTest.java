package no.knutepunkt.platform.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import no.knutepunkt.platform.protocol.FiksArkivSamples.Encoding;
import no.knutepunkt.platform.protocol.FiksArkivSamples.Sample;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance: for every Fiks Arkiv v1 request and answer type the hub validates, every sample the project ships,
 * valid and invalid, in the encodings real clients use (UTF-8, UTF-8 with a byte order mark, UTF-16LE and UTF-16BE
 * with a byte order mark and a declaration that says utf-8) and under the file names they use (the type's own and
 * {@code arkivmelding.xml}, as KS' tooling names most payloads). A valid sample is accepted in each encoding, with
 * the deviation the hub records; an invalid one is refused in each, with the same error as in UTF-8. The hub's
 * intake runs the same validator; {@code LenientIntakeTest} sends a representative set through its REST API.
 */
class FiksArkivConformanceTest {
    private static final MessageTypes TYPES = MessageTypes.load();
    private static final SchemaValidator VALIDATOR = new SchemaValidator(TYPES);

    @Test
    void everyRequestAndAnswerTypeWithAPayloadHasAValidAndAnInvalidSample() {
        List<MessageType> validated = FiksArkivSamples.validatedTypes(TYPES);
        assertThat(validated).extracting(MessageType::id)
                .contains(Samples.OPPRETT, Samples.OPPRETT_KVITTERING, Samples.SOK, Samples.SERVERFEIL)
                .anyMatch(id -> id.contains(".resultat"));
        List<String> missing = new ArrayList<>();
        for (MessageType type : validated) {
            List<Sample> samples = FiksArkivSamples.of(type);
            if (samples.stream().noneMatch(Sample::valid)) {
                missing.add(type.id() + ": no valid sample");
            }
            if (samples.stream().noneMatch(s -> !s.valid() && !FiksArkivSamples.HOSTILE.contains(s.resource()))) {
                missing.add(type.id() + ": no invalid sample");
            }
        }
        assertThat(missing).as("add them under %s<folder>/ (see FiksArkivSamples)", FiksArkivSamples.FOLDER)
                .isEmpty();
        // a type with a payload but no XSD takes any file (the document asked for), so has nothing to validate
        assertThat(TYPES.all().stream().filter(t -> t.id().startsWith(MessageTypes.FIKS_ARKIV_PREFIX)
                        && t.hasPayload() && t.schemaResource().isEmpty()).map(MessageType::id))
                .containsExactly("no.ks.fiks.arkiv.v1.innsyn.dokumentfil.hent.resultat");
    }

    @Test
    void everySampleTheProjectShipsIsRunForItsType() throws Exception {
        Set<String> run = FiksArkivSamples.validatedTypes(TYPES).stream().flatMap(t -> FiksArkivSamples.of(t).stream())
                .map(Sample::resource).collect(Collectors.toCollection(TreeSet::new));
        Set<String> shipped = new TreeSet<>();
        shipped.addAll(xmlFilesUnder(FiksArkivSamples.FOLDER));
        shipped.addAll(xmlFilesUnder(FiksArkivSamples.SHIPPED));
        assertThat(shipped).hasSizeGreaterThan(40);
        assertThat(run).as("every sample file is named as FiksArkivSamples expects, or listed in README.txt")
                .containsAll(shipped);
    }

    @TestFactory
    Stream<DynamicTest> everySampleInEveryEncodingIsAcceptedOrRefusedAsItShouldBe() {
        return FiksArkivSamples.validatedTypes(TYPES).stream().flatMap(type -> FiksArkivSamples.of(type).stream())
                .flatMap(sample -> Stream.of(Encoding.values()).map(encoding ->
                        dynamicTest(sample.type() + ": " + sample + " in " + encoding, () -> check(sample, encoding))));
    }

    private static void check(Sample sample, Encoding encoding) throws Exception {
        byte[] utf8 = sample.bytes();
        byte[] sent = encoding.encode(utf8);
        if (sample.valid()) {
            assertThat(VALIDATOR.validate(sample.type(), sent)).isEqualTo(encoding.deviation(utf8));
            // streamed as intake reads it: the same
            assertThat(VALIDATOR.validate(sample.type(), new java.io.ByteArrayInputStream(sent)))
                    .isEqualTo(encoding.deviation(utf8));
        } else {
            SchemaViolation asSent = catchThrowableOfType(SchemaViolation.class,
                    () -> VALIDATOR.validate(sample.type(), sent));
            SchemaViolation inUtf8 = catchThrowableOfType(SchemaViolation.class,
                    () -> VALIDATOR.validate(sample.type(), utf8));
            assertThat(asSent).as("refused in " + encoding).isNotNull();
            assertThat(asSent.getMessage()).isEqualTo(inUtf8.getMessage());
        }
    }

    @Test
    void everyTypeTakesItsOwnFileNameAndArkivmeldingXmlAndNoOther() {
        for (MessageType type : FiksArkivSamples.validatedTypes(TYPES)) {
            String own = type.payloadFilename().orElseThrow();
            assertThat(type.toleratesFilename(own)).as(type.id()).isFalse(); // its own is no deviation
            assertThat(own.equals("arkivmelding.xml") || type.toleratesFilename("arkivmelding.xml")).as(type.id())
                    .isTrue();
            assertThat(type.toleratesFilename("melding.xml")).as(type.id()).isFalse();
            assertThat(type.toleratesFilename("Arkivmelding.xml")).as(type.id()).isFalse();
        }
        // the cooperation's own types and a plain file are not Fiks Arkiv: their names stay strict
        assertThat(TYPES.find(MessageTypes.AVTALE_SIGNERING).orElseThrow().toleratesFilename("arkivmelding.xml"))
                .isFalse();
        assertThat(TYPES.find(MessageTypes.FIL).orElseThrow().toleratesFilename("arkivmelding.xml")).isFalse();
    }

    @TestFactory
    Stream<DynamicTest> aDocumentWithoutByteOrderMarkThatIsNotWhatItDeclaresStaysRefused() {
        return FiksArkivSamples.validatedTypes(TYPES).stream().flatMap(type -> FiksArkivSamples.of(type).stream())
                .filter(Sample::valid).map(sample -> dynamicTest(sample.type() + ": " + sample, () -> {
                    String text = new String(sample.bytes(), StandardCharsets.UTF_8);
                    for (byte[] undeclared : List.of(text.getBytes(StandardCharsets.UTF_16LE),
                            text.getBytes(StandardCharsets.UTF_16BE))) {
                        assertThatThrownBy(() -> VALIDATOR.validate(sample.type(), undeclared))
                                .isInstanceOf(SchemaViolation.class);
                    }
                    if (!text.chars().allMatch(c -> c < 128)) { // Latin-1 bytes under a utf-8 declaration
                        assertThatThrownBy(() -> VALIDATOR.validate(sample.type(),
                                text.getBytes(StandardCharsets.ISO_8859_1))).isInstanceOf(SchemaViolation.class);
                    }
                }));
    }

    private static List<String> xmlFilesUnder(String folder) throws IOException, URISyntaxException {
        Path root = Path.of(FiksArkivConformanceTest.class.getClassLoader().getResource(folder).toURI());
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(".xml"))
                    .map(p -> folder + root.relativize(p).toString().replace('\\', '/')).toList();
        }
    }
}
