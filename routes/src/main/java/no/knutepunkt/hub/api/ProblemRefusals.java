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
}
