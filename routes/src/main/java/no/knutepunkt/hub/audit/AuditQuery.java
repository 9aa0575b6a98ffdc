package no.knutepunkt.hub.audit;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.Set;
import no.knutepunkt.hub.api.Problem;

/** The audit trail's filters as the API and the console take them, checked: a bad one is a 400 that names it. */
public final class AuditQuery {
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    private static final Set<String> OUTCOMES = Set.of("done", "refused", "failed");

    private AuditQuery() {
    }

    /**
     * @param actor   a username, exactly
     * @param outcome done, refused or failed
     * @param action  a part of the action, any case ({@code dead-letters}, {@code sign in})
     * @param from    an ISO-8601 instant: entries at or after it
     * @param limit   1 to 1000 entries, newest first (default 100)
     */
    public static AuditStore.Filter parse(String actor, String outcome, String action, String from, String limit) {
        Optional<String> byOutcome = present(outcome);
        if (byOutcome.isPresent() && !OUTCOMES.contains(byOutcome.get())) {
            throw invalid("outcome", "outcome must be done, refused or failed");
        }
        Optional<Instant> since;
        try {
            since = present(from).map(Instant::parse);
        } catch (DateTimeParseException e) {
            throw invalid("from", "from must be an instant such as 2026-12-03T10:00:00Z");
        }
        int max = DEFAULT_LIMIT;
        if (present(limit).isPresent()) {
            if (!limit.strip().matches("[0-9]{1,4}") || Integer.parseInt(limit.strip()) < 1
                    || Integer.parseInt(limit.strip()) > MAX_LIMIT) {
                throw invalid("limit", "limit must be a number from 1 to " + MAX_LIMIT);
            }
            max = Integer.parseInt(limit.strip());
        }
        return new AuditStore.Filter(present(actor), byOutcome, present(action), since, max);
    }

    private static Optional<String> present(String s) {
        return Optional.ofNullable(s).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Problem invalid(String field, String detail) {
        return Problem.badRequest("invalid-parameter", "Invalid query parameter", detail).with("field", field);
    }
}
