package no.knutepunkt.hub.messaging;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.function.Consumer;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.platform.message.FileNames;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import no.knutepunkt.platform.protocol.SchemaValidator;
import no.knutepunkt.platform.protocol.SchemaViolation;
import org.springframework.stereotype.Component;

/** The checks every payload that enters the hub gets, as API problems: known type, its file name, its schema. */
@Component
public class PayloadChecks {
    private final MessageTypes types;
    private final SchemaValidator schemas;

    public PayloadChecks(MessageTypes types, SchemaValidator schemas) {
        this.types = types;
        this.schemas = schemas;
    }

    public MessageType messageType(String meldingType) {
        if (meldingType == null || meldingType.isBlank()) {
            throw Problem.badRequest("invalid-metadata", "Invalid metadata", "metadata field 'meldingType' is required")
                    .with("field", "meldingType");
        }
        return types.find(meldingType).orElseThrow(() -> new Problem(400, "unknown-message-type",
                "Unknown message type", "the hub does not know the message type '" + meldingType
                        + "'; see GET /api/v1/message-types").with("field", "meldingType"));
    }

    /** The payload's file name: the one given, which must be the type's own if it has one; else the type's. */
    public String filnavn(MessageType type, String given) {
        return filnavn(type, given, null);
    }

    /**
     * As {@link #filnavn(MessageType, String)}, but also takes a name the type tolerates
     * ({@link MessageType#toleratesFilename}: {@code arkivmelding.xml} for any Fiks Arkiv v1 type, as KS' tooling
     * names them), telling {@code deviations} what it took ({@code filnavn arkivmelding.xml, forventet sok.xml}).
     *
     * @param deviations where a tolerated name is told; null to refuse it like any other
     */
    public String filnavn(MessageType type, String given, Consumer<String> deviations) {
        String filnavn = Optional.ofNullable(given).map(String::strip).or(type::payloadFilename).orElse("melding.bin");
        if (type.payloadFilename().isPresent() && !type.payloadFilename().get().equals(filnavn)) {
            if (deviations == null || !type.toleratesFilename(filnavn)) {
                throw invalidFilnavn(type.id() + " carries its payload as '" + type.payloadFilename().get()
                        + "', not '" + filnavn + "'");
            }
            deviations.accept("filnavn " + filnavn + ", forventet " + type.payloadFilename().get());
        }
        checkFileName("filnavn", filnavn);
        return filnavn;
    }

    /**
     * Validates a payload against its type's schema (types without schema pass).
     *
     * @return how the document deviated from what it declares and was read nonetheless (a byte order mark that
     *         overruled the declared encoding), to be recorded; empty when it did not
     */
    public Optional<String> validate(MessageType type, byte[] content) {
        try {
            return schemas.validate(type.id(), content);
        } catch (SchemaViolation e) {
            throw invalid(type, e);
        }
    }

    /** As {@link #validate(MessageType, byte[])}, reading the payload as it streams. */
    public Optional<String> validate(MessageType type, InputStream content) throws IOException {
        try {
            return schemas.validate(type.id(), content);
        } catch (SchemaViolation e) {
            throw invalid(type, e);
        }
    }

    private static Problem invalid(MessageType type, SchemaViolation e) {
        Problem problem = new Problem(422, "schema-invalid", "Payload does not match its schema",
                "the payload is not a valid " + type.payloadFilename().orElse(type.id()) + " for " + type.id()
                        + ": " + e.getMessage())
                .with("line", e.line()).with("column", e.column());
        e.element().ifPresent(element -> problem.with("element", element));
        return problem;
    }

    /**
     * Refuses (400 invalid-metadata naming {@code field}) a file name that is not one plain name every member's
     * system can store ({@link FileNames}).
     */
    public static void checkFileName(String field, String name) {
        FileNames.problem(name).ifPresent(why -> {
            throw Problem.badRequest("invalid-metadata", "Invalid metadata", field + " '" + printable(name)
                    + "' is refused: " + why).with("field", field);
        });
    }

    /** A refused name as it may be shown back: controls as U+XXXX, at most 100 characters. */
    private static String printable(String name) {
        StringBuilder shown = new StringBuilder();
        name.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                shown.append(String.format("U+%04X", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return name.codePointCount(0, name.length()) > 100 ? shown + "…" : shown.toString();
    }

    private static Problem invalidFilnavn(String detail) {
        return Problem.badRequest("invalid-metadata", "Invalid metadata", detail).with("field", "filnavn");
    }
}
