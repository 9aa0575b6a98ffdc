package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import no.knutepunkt.hub.security.Refusals;
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
    public void forbidden(HttpServletRequest request, HttpServletResponse response) throws IOException {
        json.problem(response, Problem.forbiddenRole(request.getRequestURI()));
    }
}
