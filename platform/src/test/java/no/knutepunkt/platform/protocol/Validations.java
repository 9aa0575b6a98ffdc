package no.knutepunkt.platform.protocol;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** What the schema validator's tests share: documents to validate, and validations with their expected answer. */
final class Validations {
    static final String OPPRETT_NS =
            "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";

    private Validations() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A stream that gives at most a few bytes per read, so that documents arrive in many pieces. */
    static InputStream trickle(byte[] bytes) {
        return new FilterInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
    }

    /** One validation and what it must give: empty for valid, else the element the error names. */
    record Case(String type, byte[] xml, Optional<String> element) {
        /**
         * Validates the document from its bytes, or {@link #trickle}d if {@code streamed}.
         *
         * @return empty if the answer is the one expected, else what was expected and what came instead
         */
        Optional<String> wrongAnswer(SchemaValidator validator, boolean streamed) throws IOException {
            Optional<String> got;
            try {
                if (streamed) {
                    validator.validate(type, trickle(xml));
                } else {
                    validator.validate(type, xml);
                }
                got = Optional.empty();
            } catch (SchemaViolation e) {
                got = Optional.of(e.element().orElse("?"));
            }
            if (got.equals(element)) {
                return Optional.empty();
            }
            return Optional.of(type + (streamed ? " streamed" : "") + ": expected " + element + ", got " + got);
        }
    }
}
