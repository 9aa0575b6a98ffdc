package no.knutepunkt.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * How a refusal by the security filters is written to the caller (the API answers problem+json; it implements this,
 * so that security needs nothing of the API).
 */
public interface Refusals {
    /** No valid credentials: 401. */
    void unauthenticated(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** A caller whose role may not go where it asked: 403. */
    void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException;

    /** A sign-in refused unchecked, its username or address locked after failures: 429 with Retry-After. */
    void signInLocked(HttpServletRequest request, HttpServletResponse response, SignInLocked locked)
            throws IOException;
}
