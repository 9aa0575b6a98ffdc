package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Writes a {@link Problem} straight onto a servlet response, for answers given outside the Camel routes. */
public final class ProblemResponse {
    private ProblemResponse() {
    }

    public static void write(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        problem.headers().forEach(response::setHeader);
        response.getOutputStream().write(Http.JSON.writeValueAsBytes(problem.toBody()));
    }
}
