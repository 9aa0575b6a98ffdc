package no.knutepunkt.hub.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The API's query parameters, checked: a bad one is a 400 {@code invalid-parameter} naming it. */
public final class QueryParameters {
    private QueryParameters() {
    }

    /** The value, stripped; empty when absent or blank. */
    public static Optional<String> present(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** An ISO-8601 instant such as {@code 2026-12-03T10:00:00Z}, if given. */
    public static Optional<Instant> instant(String field, String value) {
        try {
            return present(value).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw invalid(field, field + " must be an instant such as 2026-12-03T10:00:00Z");
        }
    }

    /** A page size from 1 to {@code max}; {@code fallback} when not given. */
    public static int limit(String field, String value, int fallback, int max) {
        Optional<String> given = present(value);
        if (given.isEmpty()) {
            return fallback;
        }
        if (!given.get().matches("[0-9]{1,9}") || Integer.parseInt(given.get()) < 1
                || Integer.parseInt(given.get()) > max) {
            throw invalid(field, field + " must be a number from 1 to " + max);
        }
        return Integer.parseInt(given.get());
    }

    public static Problem invalid(String field, String detail) {
        return Problem.badRequest("invalid-parameter", "Invalid query parameter", detail).with("field", field);
    }
}
