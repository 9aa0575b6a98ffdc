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

    /** A member's bearer token refused (see {@link MemberTokens}), with the reason given to the caller. */
    void tokenRefused(HttpServletRequest request, HttpServletResponse response, TokenRefusal refusal, String reason)
            throws IOException;

    /** Why a bearer token was refused. */
    enum TokenRefusal {
        /** Not a token the hub accepts: bad signature, wrong issuer or audience, expired, no organisation (401). */
        INVALID_TOKEN,
        /** Valid, but without the hub's scope (403, RFC 6750 {@code insufficient_scope}). */
        INSUFFICIENT_SCOPE,
        /** Valid, but for an organisation that is not a member (403). */
        NOT_A_MEMBER,
        /** The issuer's keys could not be fetched, so no token can be checked now (503). */
        KEYS_UNAVAILABLE
    }
}
