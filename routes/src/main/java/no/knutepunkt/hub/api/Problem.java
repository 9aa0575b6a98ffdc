package no.knutepunkt.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem: thrown anywhere on an API path, answered as {@code application/problem+json}
 * with a stable {@code type} ({@code urn:knutepunkt:problem:SLUG}) and a human {@code detail}.
 */
public class Problem extends RuntimeException {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:knutepunkt:problem:";

    private final String slug;
    private final int status;
    private final String title;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Problem(int status, String slug, String title, String detail) {
        super(detail);
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** Adds a member to the problem body (e.g. the offending field). */
    public Problem with(String name, Object value) {
        extra.put(name, value);
        return this;
    }

    /** Adds an HTTP header to the answer (e.g. Retry-After). */
    public Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** The HTTP headers the answer carries besides its content type. */
    public Map<String, String> headers() {
        return headers;
    }

    public int status() {
        return status;
    }

    public String type() {
        return TYPE_PREFIX + slug;
    }

    public Map<String, Object> toBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", getMessage());
        body.putAll(extra);
        return body;
    }

    public static Problem unauthenticated(String instance) {
        return new Problem(401, "unauthenticated", "Authentication required",
                "this API needs HTTP Basic credentials of a member system, an operator or the secretariat, or a"
                        + " member system's bearer token where the hub accepts them")
                .with("instance", instance);
    }

    public static Problem forbiddenRole(String instance) {
        return new Problem(403, "forbidden", "Not allowed for this role",
                "the credentials are valid, but their role may not use " + instance).with("instance", instance);
    }

    public static Problem badRequest(String slug, String title, String detail) {
        return new Problem(400, slug, title, detail);
    }

    public static Problem notFound(String what) {
        return new Problem(404, "not-found", "Not found", what);
    }

    /**
     * The hub cannot reach its database just now: the request was not completed (or a commit whose connection broke
     * may have landed); send the same request again after a few seconds.
     */
    public static Problem unavailable() {
        return new Problem(503, "unavailable", "Temporarily unavailable",
                "the hub cannot reach its database just now, so the request was not completed. Send the same request"
                        + " again after " + RETRY_AFTER_SECONDS + " s (a message with the same klientMeldingId is"
                        + " accepted once)")
                .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
    }

    /** What {@link #unavailable()} asks callers to wait. */
    static final int RETRY_AFTER_SECONDS = 5;

    /** A failure of the hub's own: nothing was accepted; {@code reference} (may be null) finds it in the log. */
    public static Problem internal(String reference) {
        return new Problem(500, "internal-error", "Internal error",
                "the hub could not complete the request; nothing was accepted. Try again later,"
                        + " and tell the operators if it persists" + (reference == null ? "" : " (" + reference + ")"));
    }
}
