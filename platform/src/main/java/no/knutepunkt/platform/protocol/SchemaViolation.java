package no.knutepunkt.platform.protocol;

import java.util.Optional;

/**
 * A payload that is not a valid document of its message type: not well-formed XML, a DOCTYPE
 * (refused outright), the wrong root element, or content its XSD does not allow. Carries the
 * first error found.
 */
public class SchemaViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String element;

    /**
     * @param message the error, as the schema validator or parser put it
     * @param line    the line of the error, 1-based; -1 if unknown
     * @param column  the column of the error, 1-based; -1 if unknown
     * @param element the local name of the element concerned, if known; may be null
     */
    public SchemaViolation(String message, int line, int column, String element) {
        super(describe(message, line, column));
        this.line = line;
        this.column = column;
        this.element = element == null || element.isBlank() ? null : element;
    }

    private static String describe(String message, int line, int column) {
        String text = message == null || message.isBlank() ? "invalid document" : message.strip();
        if (line < 0) {
            return text;
        }
        return "line " + line + (column < 0 ? "" : ", column " + column) + ": " + text;
    }

    /** The line of the error, 1-based; -1 if unknown. */
    public int line() {
        return line;
    }

    /** The column of the error, 1-based; -1 if unknown. */
    public int column() {
        return column;
    }

    /** The local name of the element concerned, where known. */
    public Optional<String> element() {
        return Optional.ofNullable(element);
    }
}
