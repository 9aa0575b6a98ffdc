package no.knutepunkt.platform.protocol;

import static no.knutepunkt.platform.protocol.Samples.OPPDATER;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT_KVITTERING;
import static no.knutepunkt.platform.protocol.Samples.SERVERFEIL;
import static no.knutepunkt.platform.protocol.Samples.SOK;
import static no.knutepunkt.platform.protocol.Validations.OPPRETT_NS;
import static no.knutepunkt.platform.protocol.Validations.trickle;
import static no.knutepunkt.platform.protocol.Validations.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import no.knutepunkt.platform.protocol.Validations.Case;
import no.knutepunkt.platform.testing.Concurrently;
import no.knutepunkt.platform.testing.GeneratedInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link SchemaValidator#validate(String, InputStream)}, and the reuse of parsers and validators between documents. */
class SchemaValidatorStreamingTest {
    private static final MessageTypes TYPES = MessageTypes.load();
    private static SchemaValidator validator;

    @BeforeAll
    static void compileOnce() {
        validator = new SchemaValidator(TYPES);
    }

    /** What a validation gave: empty if valid, else the violation's message, line, column and element. */
    private static Optional<String> outcome(ThrowingValidation validation) {
        try {
            validation.run();
            return Optional.empty();
        } catch (SchemaViolation e) {
            return Optional.of(e.getMessage() + " | " + e.line() + ":" + e.column() + " | " + e.element());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private interface ThrowingValidation {
        void run() throws SchemaViolation, IOException;
    }

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of(OPPRETT, "arkivmelding.opprett/arkivmelding.xml", true),
                Arguments.of(OPPRETT, "arkivmelding.opprett/arkivmelding-invalid.xml", false),
                Arguments.of(OPPDATER, "arkivmelding.oppdater/arkivmelding.xml", true),
                Arguments.of(OPPDATER, "arkivmelding.oppdater/arkivmelding-invalid.xml", false),
                Arguments.of(OPPDATER, "arkivmelding.opprett/arkivmelding.xml", false),
                Arguments.of(SOK, "innsyn.sok/sok.xml", true),
                Arguments.of(SOK, "innsyn.sok/sok-invalid.xml", false),
                Arguments.of(SOK, "arkivmelding.opprett/arkivmelding.xml", false),
                Arguments.of(OPPRETT_KVITTERING, "arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml", true),
                Arguments.of(OPPRETT, "hostile/xxe.xml", false),
                Arguments.of(OPPRETT, "hostile/billion-laughs.xml", false),
                Arguments.of(MessageTypes.FIL, "hostile/billion-laughs.xml", true));
    }

    @ParameterizedTest
    @MethodSource("documents")
    void aStreamGivesTheSameAnswerAsTheBytes(String type, String sample, boolean valid) {
        byte[] xml = Samples.bytes(sample);
        Optional<String> fromBytes = outcome(() -> validator.validate(type, xml));
        assertThat(fromBytes.isEmpty()).as(String.valueOf(fromBytes)).isEqualTo(valid);
        assertThat(outcome(() -> validator.validate(type, new ByteArrayInputStream(xml)))).isEqualTo(fromBytes);
        assertThat(outcome(() -> validator.validate(type, trickle(xml)))).isEqualTo(fromBytes);
    }

    @Test
    void brokenInputGivesTheSameAnswerFromAStream() {
        Random random = new Random(20240302L);
        List<byte[]> inputs = new ArrayList<>();
        for (String text : List.of("", " ", "not xml at all", "<arkivmelding", "<a></b>", "\uFEFF",
                "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><a/>",
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>",
                "<arkivmelding xmlns=\"" + OPPRETT_NS + "\"></system>")) {
            inputs.add(utf8(text));
        }
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[1 + random.nextInt(400)];
            random.nextBytes(bytes);
            inputs.add(bytes);
        }
        for (byte[] xml : inputs) {
            Optional<String> fromBytes = outcome(() -> validator.validate(OPPRETT, xml));
            assertThat(fromBytes).isPresent();
            assertThat(outcome(() -> validator.validate(OPPRETT, new ByteArrayInputStream(xml)))).isEqualTo(fromBytes);
            assertThat(outcome(() -> validator.validate(OPPRETT, trickle(xml)))).isEqualTo(fromBytes);
        }
        assertThat(outcome(() -> validator.validate(OPPRETT, (InputStream) null)))
                .isEqualTo(outcome(() -> validator.validate(OPPRETT, (byte[]) null)));
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void hostileStreamsAreRefusedQuickly() {
        for (String sample : List.of("hostile/xxe.xml", "hostile/billion-laughs.xml")) {
            long start = System.nanoTime();
            SchemaViolation e = catchThrowableOfType(
                    () -> validator.validate(OPPRETT, trickle(Samples.bytes(sample))), SchemaViolation.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
            assertThat(e.getMessage()).contains("DOCTYPE/DTD is not allowed");
            assertThat(e.line()).isEqualTo(2);
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void stopsReadingAtTheFirstError() throws Exception {
        // A document that goes wrong at once, followed by 1 GiB: only the beginning is read.
        for (String start : List.of("<?xml version=\"1.0\"?>\n<!DOCTYPE arkivmelding>\n<arkivmelding>",
                "<arkiv xmlns=\"https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivstruktur/v1\">",
                "<arkivmelding xmlns=\"" + OPPRETT_NS + "\"><tittelx>")) {
            Endless endless = new Endless(utf8(start), utf8("<x>text</x>"), 1L << 30);
            catchThrowableOfType(() -> validator.validate(OPPRETT, endless), SchemaViolation.class);
            assertThat(endless.read).as(start).isLessThan(1024 * 1024);
            assertThat(endless.closed).isFalse();
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void validatesALargeDocumentAsItStreams() throws Exception {
        // The opprett sample with its korrespondansepart repeated up to some 20 MB.
        String sample = new String(Samples.bytes("arkivmelding.opprett/arkivmelding.xml"), StandardCharsets.UTF_8);
        int from = sample.indexOf("        <korrespondansepart>");
        int to = sample.indexOf("</korrespondansepart>") + "</korrespondansepart>\n".length();
        byte[] head = utf8(sample.substring(0, from));
        byte[] repeated = utf8(sample.substring(from, to));
        byte[] tail = utf8(sample.substring(to));
        long copies = 20L * 1024 * 1024 / repeated.length;
        Endless document = new Endless(head, repeated, copies * repeated.length).then(tail);
        validator.validate(OPPRETT, document);
        assertThat(document.read).isEqualTo(head.length + copies * repeated.length + tail.length);

        // and one that goes wrong at the very end is refused there
        byte[] broken = utf8(sample.substring(to).replace("</arkivmelding>", "<x/></arkivmelding>"));
        Endless invalid = new Endless(head, repeated, copies * repeated.length).then(broken);
        SchemaViolation e = catchThrowableOfType(() -> validator.validate(OPPRETT, invalid), SchemaViolation.class);
        assertThat(e).isNotNull();
        assertThat(e.element()).contains("x");
        assertThat(e.line()).isGreaterThan(100_000);
    }

    @Test
    void exceptionsOfTheStreamPropagateUnchangedAndItIsNotClosed() {
        byte[] xml = Samples.bytes("arkivmelding.opprett/arkivmelding.xml");
        for (int after : new int[] {0, 10, 1000}) {
            IOException failure = new IOException("connection reset after " + after);
            InputStream failing = new FilterInputStream(new ByteArrayInputStream(xml, 0, after)) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b < 0) {
                        throw failure;
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n < 0) {
                        throw failure;
                    }
                    return n;
                }
            };
            assertThatThrownBy(() -> validator.validate(OPPRETT, failing)).isSameAs(failure);
        }
        IllegalStateException unchecked = new IllegalStateException("the stream's own failure");
        InputStream throwing = new InputStream() {
            @Override
            public int read() {
                throw unchecked;
            }
        };
        assertThatThrownBy(() -> validator.validate(OPPRETT, throwing)).isSameAs(unchecked);

        boolean[] closed = new boolean[1];
        InputStream tracking = new FilterInputStream(new ByteArrayInputStream(xml)) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        assertThat(outcome(() -> validator.validate(OPPRETT, tracking))).isEmpty();
        assertThat(closed[0]).isFalse();
    }

    @Test
    void aTypeWithoutSchemaDoesNotReadTheStream() throws Exception {
        InputStream unreadable = new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read");
            }
        };
        validator.validate(MessageTypes.FIL, unreadable);
        validator.validate(MessageTypes.TIDSAVBRUDD, unreadable);
        assertThatThrownBy(() -> validator.validate("no.ks.fiks.arkiv.v1.no.such.type", unreadable))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown message type");
    }

    @Test
    void hasSchemaForKnownTypesWithASchemaOnly() {
        assertThat(validator.hasSchema(OPPRETT)).isTrue();
        assertThat(validator.hasSchema(SOK)).isTrue();
        assertThat(validator.hasSchema(MessageTypes.AVTALE_SIGNERING)).isTrue();
        assertThat(validator.hasSchema(MessageTypes.FIL)).isFalse();
        assertThat(validator.hasSchema(MessageTypes.TIDSAVBRUDD)).isFalse();
        assertThat(validator.hasSchema("no.ks.fiks.arkiv.v1.no.such.type")).isFalse();
        assertThat(validator.hasSchema(null)).isFalse();
        for (MessageType type : TYPES.all()) {
            assertThat(validator.hasSchema(type.id())).as(type.id()).isEqualTo(type.schemaResource().isPresent());
        }
    }

    // --- reuse of parsers and validators ---

    @Test
    void aValidDocumentsPipelineIsReused() throws Exception {
        SchemaValidator fresh = new SchemaValidator(TYPES);
        byte[] valid = Samples.bytes("arkivmelding.opprett/arkivmelding.xml");
        for (int i = 0; i < 50; i++) {
            fresh.validate(OPPRETT, valid);
            fresh.validate(OPPRETT, new ByteArrayInputStream(valid));
        }
        assertThat(fresh.pipelinesBuilt()).isEqualTo(1);
        fresh.validate(SOK, Samples.bytes("innsyn.sok/sok.xml"));
        assertThat(fresh.pipelinesBuilt()).as("one per schema").isEqualTo(2);
        // one stopped by an error is dropped: the next document gets a fresh one, which is then reused
        for (int i = 1; i <= 3; i++) {
            catchThrowableOfType(() -> fresh.validate(OPPRETT, Samples.bytes("hostile/xxe.xml")),
                    SchemaViolation.class);
            fresh.validate(OPPRETT, valid);
            fresh.validate(OPPRETT, valid);
            assertThat(fresh.pipelinesBuilt()).isEqualTo(2 + i);
        }
    }

    @Test
    void nothingOfOneDocumentReachesTheNext() throws Exception {
        // One thread, so that the same pipeline serves each valid document in turn: after a valid document,
        // the root element check must run again, the DOCTYPE refusal must be the next document's own, and
        // the type named in messages must be the next call's.
        SchemaValidator fresh = new SchemaValidator(TYPES);
        byte[] valid = Samples.bytes("arkivmelding.opprett/arkivmelding.xml");
        byte[] wrongRoot = utf8("<arkiv xmlns=\"https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivstruktur/v1\"/>");
        for (int i = 0; i < 3; i++) {
            fresh.validate(OPPRETT, valid);
            SchemaViolation root = catchThrowableOfType(() -> fresh.validate(OPPRETT, wrongRoot), SchemaViolation.class);
            assertThat(root.getMessage()).contains("not a payload of " + OPPRETT);
            fresh.validate(OPPRETT, valid);
            fresh.validate(OPPDATER, Samples.bytes("arkivmelding.oppdater/arkivmelding.xml"));
            // the oppdater schema imports opprett's: its pipeline must know it checks oppdater now
            SchemaViolation other = catchThrowableOfType(() -> fresh.validate(OPPDATER, valid), SchemaViolation.class);
            assertThat(other.getMessage()).contains("not a payload of " + OPPDATER);
            SchemaViolation missing = catchThrowableOfType(() -> fresh.validate(OPPRETT,
                    utf8("<arkivmelding xmlns=\"" + OPPRETT_NS + "\"><system>x</system></arkivmelding>")),
                    SchemaViolation.class);
            assertThat(missing.element()).contains("arkivmelding");
            assertThat(missing.getMessage()).doesNotContain("DOCTYPE");
        }
        assertThat(fresh.pipelinesBuilt()).isLessThanOrEqualTo(2 + 3 * 3);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void invalidAndValidDocumentsAlternatelyFromSixThreadsGetTheRightAnswers() throws Exception {
        SchemaValidator shared = new SchemaValidator(TYPES);
        byte[] opprett = Samples.bytes("arkivmelding.opprett/arkivmelding.xml");
        // each invalid one is followed by a valid one of the same schema; streamed and from bytes in turn
        List<Case> cases = List.of(
                new Case(OPPRETT, Samples.bytes("arkivmelding.opprett/arkivmelding-invalid.xml"), Optional.of("tittelx")),
                new Case(OPPRETT, opprett, Optional.empty()),
                new Case(OPPRETT, Samples.bytes("hostile/xxe.xml"), Optional.of("?")),
                new Case(OPPRETT, opprett, Optional.empty()),
                new Case(OPPRETT, utf8("<arkiv xmlns=\"https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/"
                        + "arkivstruktur/v1\"/>"), Optional.of("arkiv")),
                new Case(OPPRETT, opprett, Optional.empty()),
                new Case(OPPDATER, opprett, Optional.of("arkivmelding")),
                new Case(OPPDATER, Samples.bytes("arkivmelding.oppdater/arkivmelding.xml"), Optional.empty()),
                new Case(OPPDATER, Samples.bytes("arkivmelding.oppdater/arkivmelding-invalid.xml"), Optional.of("saksdato")),
                new Case(OPPDATER, Samples.bytes("arkivmelding.oppdater/arkivmelding.xml"), Optional.empty()),
                new Case(SOK, Samples.bytes("innsyn.sok/sok-invalid.xml"), Optional.of("operator")),
                new Case(SOK, Samples.bytes("innsyn.sok/sok.xml"), Optional.empty()),
                new Case(OPPRETT, utf8("<arkivmelding xmlns=\"" + OPPRETT_NS + "\"><system>x</system>"),
                        Optional.of("arkivmelding")),
                new Case(OPPRETT, opprett, Optional.empty()),
                new Case(SERVERFEIL, Feilmeldinger.serverfeil("Noe gikk galt & <feil>", "k-1"), Optional.empty()),
                new Case(OPPRETT_KVITTERING, opprett, Optional.of("arkivmelding")),
                new Case(OPPRETT_KVITTERING,
                        Samples.bytes("arkivmelding.opprett.kvittering/arkivmelding-kvittering.xml"), Optional.empty()));
        int threads = 6;
        int rounds = 40;
        assertThat(Concurrently.wrongAnswers(threads, (offset, wrong) -> {
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < cases.size(); i++) {
                    Case c = cases.get((i + offset * 2 + r) % cases.size());
                    c.wrongAnswer(shared, (i + r) % 2 == 0).ifPresent(wrong::add);
                }
            }
        })).isEmpty();
        // each invalid document costs its pipeline; the valid ones hand theirs on
        int validations = threads * rounds * cases.size();
        assertThat(shared.pipelinesBuilt()).as("pipelines built for %d validations", validations)
                .isLessThan(validations);
    }

    /** A beginning, then one piece repeated up to a length, then optionally an end; counts what is read. */
    private static final class Endless extends GeneratedInputStream {
        private final byte[] start;
        private final byte[] piece;
        private final long repeatedLength;
        private byte[] end = new byte[0];
        long read;
        boolean closed;

        Endless(byte[] start, byte[] piece, long repeatedLength) {
            this.start = start;
            this.piece = piece;
            this.repeatedLength = repeatedLength;
        }

        Endless then(byte[] end) {
            this.end = end;
            return this;
        }

        @Override
        protected long length() {
            return start.length + repeatedLength + end.length;
        }

        @Override
        protected void generate(long position, byte[] b, int off, int n) {
            for (int i = 0; i < n; i++, position++) {
                if (position < start.length) {
                    b[off + i] = start[(int) position];
                } else if (position < start.length + repeatedLength) {
                    b[off + i] = piece[(int) ((position - start.length) % piece.length)];
                } else {
                    b[off + i] = end[(int) (position - start.length - repeatedLength)];
                }
            }
            read += n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
