package no.knutepunkt.hub.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import no.knutepunkt.hub.api.QueryParameters;

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
        Optional<String> byOutcome = QueryParameters.present(outcome);
        if (byOutcome.isPresent() && !OUTCOMES.contains(byOutcome.get())) {
            throw QueryParameters.invalid("outcome", "outcome must be done, refused or failed");
        }
        Optional<Instant> since = QueryParameters.instant("from", from);
        int max = QueryParameters.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        return new AuditStore.Filter(QueryParameters.present(actor), byOutcome, QueryParameters.present(action), since,
                max);
    }
}
