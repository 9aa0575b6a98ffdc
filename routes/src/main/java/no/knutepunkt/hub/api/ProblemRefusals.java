package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.knutepunkt.hub.security.Refusals;
import no.knutepunkt.hub.security.SignInLocked;
import org.springframework.stereotype.Component;

/** The security filters' refusals as problem+json, like every other API error. */
@Component
public class ProblemRefusals implements Refusals {
    private final ApiJson json;

    public ProblemRefusals(ApiJson json) {
        this.json = json;
    }

    @Override
    public void unauthenticated(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json.problem(response, Problem.unauthenticated(request.getRequestURI()));
    }

    @Override
    public void signInLocked(HttpServletRequest request, HttpServletResponse response, SignInLocked locked)
            throws IOException {
        long seconds = locked.retryAfterSeconds();
        json.problem(response, new Problem(429, "too-many-sign-in-failures", "Too many failed sign-ins",
                "too many failed sign-ins with this username or from this address; the credentials were not checked."
                        + " Try again after " + seconds + " s").header("Retry-After", Long.toString(seconds))
                .with("instance", request.getRequestURI()));
    }

    @Override
    public void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json.problem(response, Problem.forbiddenRole(request.getRequestURI()));
    }

    @Override
    public void tokenRefused(HttpServletRequest request, HttpServletResponse response, TokenRefusal refusal,
                             String reason) throws IOException {
        Problem problem = switch (refusal) {
            case INVALID_TOKEN -> new Problem(401, "invalid-token", "Invalid bearer token",
                    "the bearer token is not accepted: " + reason);
            case INSUFFICIENT_SCOPE -> new Problem(403, "insufficient-scope", "Scope missing", reason);
            case NOT_A_MEMBER -> new Problem(403, "not-a-member", "Not a member", reason);
            case KEYS_UNAVAILABLE -> new Problem(503, "token-keys-unavailable", "Cannot check tokens now",
                    "the hub cannot reach its token issuer's keys to check the bearer token; nothing was accepted."
                            + " Try again later, and tell the operators if it persists")
                    .header("Retry-After", "30");
        };
        json.problem(response, problem.with("instance", request.getRequestURI()));
    }
}
