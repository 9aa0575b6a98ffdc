package no.knutepunkt.platform.protocol;

import static no.knutepunkt.platform.protocol.Samples.OPPDATER;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT_KVITTERING;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT_MOTTATT;
import static no.knutepunkt.platform.protocol.Samples.SERVERFEIL;
import static no.knutepunkt.platform.protocol.Samples.SOK;
import static no.knutepunkt.platform.protocol.Validations.OPPRETT_NS;
import static no.knutepunkt.platform.protocol.Validations.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import no.knutepunkt.platform.protocol.Validations.Case;
import no.knutepunkt.platform.testing.Concurrently;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaValidatorTest {
    private static final MessageTypes TYPES = MessageTypes.load();
    private static SchemaValidator validator;

    @BeforeAll
    static void compileOnce() {
        validator = new SchemaValidator(TYPES);
    }

    @AfterAll
    static void eachSchemaWasCompiledAtMostOnce() {
        long withSchema = TYPES.all().stream().filter(t -> t.schemaResource().isPresent()).count();
        assertThat(validator.compilations()).isLessThanOrEqualTo((int) withSchema);
    }

    private static SchemaViolation violation(String type, byte[] xml) {
        SchemaViolation e = catchThrowableOfType(() -> validator.validate(type, xml), SchemaViolation.class);
        assertThat(e).as("expected a SchemaViolation for " + type).isNotNull();
        return e;
    }

    // --- valid payloads ---

    @ParameterizedTest
    @CsvSource({
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett, arkivmelding.opprett/arkivmelding.xml",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.oppdater, arkivmelding.oppdater/arkivmelding.xml",
            "no.ks.fiks.arkiv.v1.innsyn.sok, innsyn.sok/sok.xml",
            "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering, "
                    + "arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml",
    })
    void acceptsTheValidSamples(String type, String sample) {
        assertThatCode(() -> validator.validate(type, Samples.bytes(sample))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({
            "arkivmelding.xml, arkivmelding.opprett/arkivmelding.xml, no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett",
            "arkivmelding-kvittering.xml, arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml, "
                    + "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering",
            "sok.xml, innsyn.sok/sok.xml, no.ks.fiks.arkiv.v1.innsyn.sok",
    })
    void theShippedSamplesAreTheValidTestSamples(String shipped, String sample, String type) throws Exception {
        byte[] bytes = Samples.classpath("fiks-arkiv-v1/samples/" + shipped);
        assertThat(bytes).isEqualTo(Samples.bytes(sample));
        validator.validate(type, bytes);
    }

    // --- invalid payloads ---

    @Test
    void opprettWithAMisspeltElement() {
        String sample = "arkivmelding.opprett/arkivmelding-invalid.xml";
        SchemaViolation e = violation(OPPRETT, Samples.bytes(sample));
        assertThat(e.element()).contains("tittelx");
        assertThat(e.line()).isEqualTo(Samples.lineOf(sample, "<tittelx>"));
        assertThat(e.column()).isPositive();
        assertThat(e.getMessage())
                .startsWith("line " + e.line() + ", column " + e.column() + ": cvc-complex-type.2.4.a")
                .contains("tittelx");
    }

    @Test
    void oppdaterWithAValueThatIsNotADate() {
        String sample = "arkivmelding.oppdater/arkivmelding-invalid.xml";
        SchemaViolation e = violation(OPPDATER, Samples.bytes(sample));
        assertThat(e.element()).contains("saksdato");
        assertThat(e.line()).isEqualTo(Samples.lineOf(sample, "<saksdato>"));
        assertThat(e.getMessage()).startsWith("line " + e.line() + ", column ").contains("04.03.2024");
    }

    @Test
    void sokWithAnUnknownOperator() {
        String sample = "innsyn.sok/sok-invalid.xml";
        SchemaViolation e = violation(SOK, Samples.bytes(sample));
        assertThat(e.element()).contains("operator");
        assertThat(e.line()).isEqualTo(Samples.lineOf(sample, "<operator>"));
        assertThat(e.getMessage()).contains("'like'");
    }

    @Test
    void aMissingRequiredElementIsReportedAtTheEndOfItsParent() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <arkivmelding xmlns="%s">
                    <system>fagsystem</system>
                </arkivmelding>
                """.formatted(OPPRETT_NS);
        SchemaViolation e = violation(OPPRETT, utf8(xml));
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.element()).contains("arkivmelding");
        assertThat(e.getMessage()).contains("cvc-complex-type.2.4.b").contains("antallFiler");
    }

    @Test
    void anOpprettPayloadIsNoOppdaterPayload() {
        // The oppdater XSD imports the opprett XSD, so its Schema also knows <arkivmelding>.
        SchemaViolation e = violation(OPPDATER, Samples.bytes("arkivmelding.opprett/arkivmelding.xml"));
        assertThat(e.element()).contains("arkivmelding");
        assertThat(e.getMessage()).contains("not a payload of " + OPPDATER).contains("arkivmeldingOppdatering");
    }

    @Test
    void anArkivstrukturDocumentIsNoSok() {
        // sok.xsd imports arkivstruktur.xsd, which declares the global element <arkiv>.
        String xml = "<arkiv xmlns=\"https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivstruktur/v1\"/>";
        SchemaViolation e = violation(SOK, utf8(xml));
        assertThat(e.element()).contains("arkiv");
        assertThat(e.line()).isEqualTo(1);
    }

    @Test
    void theRightNameInTheWrongNamespaceIsRefused() {
        String xml = "<arkivmelding><system>x</system><antallFiler>0</antallFiler></arkivmelding>";
        SchemaViolation e = violation(OPPRETT, utf8(xml));
        assertThat(e.element()).contains("arkivmelding");
    }

    @Test
    void aPayloadOfAnotherTypeIsRefused() {
        SchemaViolation e = violation(SOK, Samples.bytes("arkivmelding.opprett/arkivmelding.xml"));
        assertThat(e.element()).contains("arkivmelding");
    }

    @Test
    void everyBundledSchemaCompilesFromTheClasspathAndNamesItsRootElement() {
        SchemaValidator fresh = new SchemaValidator(TYPES);
        List<MessageType> withSchema = TYPES.all().stream().filter(t -> t.schemaResource().isPresent()).toList();
        // 21 message XSDs in the spec; the two for innsyn.kodeliste.hent[.resultat] have no meldingstype;
        // and the cooperation's own 6 with payload
        assertThat(withSchema).hasSize(19 + 6);
        for (MessageType type : withSchema) {
            SchemaViolation e = catchThrowableOfType(() -> fresh.validate(type.id(), utf8("<x/>")),
                    SchemaViolation.class);
            assertThat(e).as(type.id()).isNotNull();
            assertThat(e.getMessage()).as(type.id()).contains("is not a payload of " + type.id() + "; expected '");
            assertThat(e.element()).contains("x");
        }
        assertThat(fresh.compilations()).isEqualTo(withSchema.size());
    }

    // --- hostile and broken input ---

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void refusesXxeQuickly() {
        byte[] xml = Samples.bytes("hostile/xxe.xml");
        long start = System.nanoTime();
        SchemaViolation e = violation(OPPRETT, xml);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(e.getMessage()).contains("DOCTYPE/DTD is not allowed").doesNotContain("root:");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.element()).isEmpty();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void refusesBillionLaughsQuickly() {
        byte[] xml = Samples.bytes("hostile/billion-laughs.xml");
        long start = System.nanoTime();
        SchemaViolation e = violation(OPPRETT, xml);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(e.getMessage()).contains("DOCTYPE/DTD is not allowed");
    }

    @Test
    void refusesEvenAnInnocentDoctype() {
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE arkivmelding>\n<arkivmelding xmlns=\"" + OPPRETT_NS
                + "\"><system>x</system><antallFiler>0</antallFiler></arkivmelding>";
        assertThat(violation(OPPRETT, utf8(xml)).getMessage()).contains("DOCTYPE/DTD is not allowed");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void neverFetchesAnythingTheDocumentPointsTo() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + server.getLocalPort() + "/evil";
            String externalDtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE arkivmelding SYSTEM \"" + url + ".dtd\">\n"
                    + "<arkivmelding xmlns=\"" + OPPRETT_NS + "\"/>";
            assertThat(violation(OPPRETT, utf8(externalDtd)).getMessage()).contains("DOCTYPE/DTD is not allowed");

            String schemaHint = """
                    <arkivmelding xmlns="%s" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                  xsi:schemaLocation="%s %s.xsd">
                        <system>x</system>
                        <antallFiler>0</antallFiler>
                    </arkivmelding>""".formatted(OPPRETT_NS, OPPRETT_NS, url);
            validator.validate(OPPRETT, utf8(schemaHint));

            String xinclude = """
                    <arkivmelding xmlns="%s" xmlns:xi="http://www.w3.org/2001/XInclude">
                        <system><xi:include href="%s.xml" parse="text"/></system>
                        <antallFiler>0</antallFiler>
                    </arkivmelding>""".formatted(OPPRETT_NS, url);
            assertThat(violation(OPPRETT, utf8(xinclude)).element()).isPresent();

            server.setSoTimeout(300);
            assertThatThrownBy(() -> {
                try (Socket ignored = server.accept()) {
                    // a connection would mean the parser went out to fetch something
                }
            }).isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void refusesRandomBytes() {
        Random random = new Random(20240301L);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[1 + random.nextInt(400)];
            random.nextBytes(bytes);
            SchemaViolation e = violation(OPPRETT, bytes);
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "not xml at all", "{\"json\": true}", "<arkivmelding", "<a></b>",
            "\uFEFF", "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><a/>",
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>", "<?xml version=\"1.0\" encoding=\"EBCDIC-CP-US\"?>"})
    void refusesWhatIsNotXml(String text) {
        SchemaViolation e = violation(OPPRETT, utf8(text));
        assertThat(e.getMessage()).isNotBlank();
    }

    @Test
    void refusesInvalidUtf8WithAPosition() {
        byte[] head = utf8("<arkivmelding xmlns=\"" + OPPRETT_NS + "\">\n<system>ab");
        byte[] tail = utf8("x</system><antallFiler>0</antallFiler></arkivmelding>");
        byte[] xml = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, xml, 0, head.length);
        xml[head.length] = (byte) 0xC3; // a UTF-8 lead byte followed by ASCII: malformed
        System.arraycopy(tail, 0, xml, head.length + 1, tail.length);
        SchemaViolation e = violation(OPPRETT, xml);
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void treatsNullAsAnEmptyPayload() {
        assertThat(violation(OPPRETT, null).getMessage()).isNotBlank();
    }

    // --- types without schema ---

    @Test
    void doesNotValidateTypesWithoutSchema() throws Exception {
        byte[] garbage = {0, 1, 2, (byte) 0xFF, '<', '!'};
        validator.validate(MessageTypes.FIL, garbage);
        validator.validate(OPPRETT_MOTTATT, garbage);
        validator.validate("no.ks.fiks.arkiv.v1.innsyn.dokumentfil.hent.resultat", garbage);
        validator.validate(MessageTypes.TIDSAVBRUDD, new byte[0]);
        validator.validate(MessageTypes.FIL, Samples.bytes("hostile/billion-laughs.xml"));
    }

    @Test
    void refusesAnUnknownType() {
        assertThatThrownBy(() -> validator.validate("no.ks.fiks.arkiv.v1.no.such.type", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown message type");
    }

    // --- compilation and threads ---

    @Test
    void compilesEachSchemaOnceAndReusesIt() throws Exception {
        SchemaValidator fresh = new SchemaValidator(TYPES);
        assertThat(fresh.compilations()).isZero();
        fresh.validate(MessageTypes.FIL, new byte[0]);
        assertThat(fresh.compilations()).isZero();
        for (int i = 0; i < 3; i++) {
            fresh.validate(OPPRETT, Samples.bytes("arkivmelding.opprett/arkivmelding.xml"));
            catchThrowableOfType(() -> fresh.validate(OPPRETT, Samples.bytes("hostile/xxe.xml")),
                    SchemaViolation.class);
        }
        assertThat(fresh.compilations()).isEqualTo(1);
        fresh.validate(SOK, Samples.bytes("innsyn.sok/sok.xml"));
        assertThat(fresh.compilations()).isEqualTo(2);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void givesCorrectAnswersFromEightThreadsAtOnce() throws Exception {
        SchemaValidator shared = new SchemaValidator(TYPES); // cold: the threads also race to compile
        List<Case> cases = List.of(
                new Case(OPPRETT, Samples.bytes("arkivmelding.opprett/arkivmelding.xml"), Optional.empty()),
                new Case(OPPRETT, Samples.bytes("arkivmelding.opprett/arkivmelding-invalid.xml"),
                        Optional.of("tittelx")),
                new Case(OPPDATER, Samples.bytes("arkivmelding.oppdater/arkivmelding.xml"), Optional.empty()),
                new Case(OPPDATER, Samples.bytes("arkivmelding.oppdater/arkivmelding-invalid.xml"),
                        Optional.of("saksdato")),
                new Case(SOK, Samples.bytes("innsyn.sok/sok.xml"), Optional.empty()),
                new Case(SOK, Samples.bytes("innsyn.sok/sok-invalid.xml"), Optional.of("operator")),
                new Case(OPPRETT_KVITTERING,
                        Samples.bytes("arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml"), Optional.empty()),
                new Case(SERVERFEIL, Feilmeldinger.serverfeil("Noe gikk galt & <feil>", "k-1"), Optional.empty()),
                new Case(OPPDATER, Samples.bytes("arkivmelding.opprett/arkivmelding.xml"),
                        Optional.of("arkivmelding")));
        int threads = 8;
        int rounds = 30;
        assertThat(Concurrently.wrongAnswers(threads, (offset, wrong) -> {
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get((i + offset + r) % cases.size());
                    c.wrongAnswer(shared, false).ifPresent(wrong::add);
                }
            }
        })).isEmpty();
        assertThat(shared.compilations()).as("opprett, oppdater, sok, opprett.kvittering, serverfeil").isEqualTo(5);
    }

    // --- element names in messages ---

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "cvc-complex-type.2.4.a: Invalid content was found starting with element 'tittelx'. One of ... | tittelx",
            "cvc-complex-type.2.4.a: Invalid content was found starting with element "
                    + "'{\"https://ks-no.github.io/x/v1\":tittelx}'. One of '{\"https://ks-no.github.io/x/v1\":tittel}' | tittelx",
            "cvc-complex-type.2.4.b: The content of element 'mappe' is not complete. | mappe",
            "cvc-type.3.1.3: The value 'x' of element 'n5mdk:kode' is not valid. | kode",
            "The element type \"system\" must be terminated by the matching end-tag \"</system>\". | system",
    })
    void namesTheElementTheMessageNames(String message, String element) {
        assertThat(SchemaValidator.namedElement(message)).isEqualTo(element);
    }

    @Test
    void namesNoElementWhenTheMessageNamesNone() {
        assertThat(SchemaValidator.namedElement("cvc-datatype-valid.1.2.1: '04.03.2024' is not a valid value for 'date'."))
                .isNull();
    }

    @Test
    void messagesAreEnglishWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("sv-SE")); // the JDK's parser has Swedish messages
            SchemaViolation invalid = violation(OPPRETT, Samples.bytes("arkivmelding.opprett/arkivmelding-invalid.xml"));
            assertThat(invalid.getMessage()).contains("Invalid content was found starting with element");
            assertThat(invalid.element()).contains("tittelx");
            SchemaViolation broken = violation(OPPRETT, utf8("<arkivmelding xmlns=\"" + OPPRETT_NS + "\"></system>"));
            assertThat(broken.getMessage()).contains("must be terminated by the matching end-tag");
            assertThat(broken.element()).contains("arkivmelding");
            assertThat(violation(OPPRETT, Samples.bytes("hostile/xxe.xml")).getMessage())
                    .contains("DOCTYPE/DTD is not allowed");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void violationMessagesNameLineAndColumn() {
        SchemaViolation e = new SchemaViolation("cvc-x: bad", 4, 17, "tittelx");
        assertThat(e.getMessage()).isEqualTo("line 4, column 17: cvc-x: bad");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(17);
        assertThat(e.element()).contains("tittelx");
        assertThat(new SchemaViolation("bad", -1, -1, null).getMessage()).isEqualTo("bad");
        assertThat(new SchemaViolation("bad", -1, -1, " ").element()).isEmpty();
    }

    @Test
    void aRefusedPayloadLeavesNothingBehind() {
        // A parser and validator stopped by an error are dropped: a failed parse leaves nothing behind for the next one.
        assertThat(violation(OPPRETT, Samples.bytes("hostile/xxe.xml"))).isNotNull();
        assertThatCode(() -> validator.validate(OPPRETT, Samples.bytes("arkivmelding.opprett/arkivmelding.xml")))
                .doesNotThrowAnyException();
    }
}
