package no.knutepunkt.hub.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The error page: whatever the container, Spring MVC or camel-servlet answered with a bare status (an unknown path,
 * a method the path does not take, a request the container could not read) is answered as a problem. The detail
 * never carries an exception's message (those name the container's classes).
 */
@Controller
public class ProblemErrorController implements ErrorController {
    private final ApiJson json;

    public ProblemErrorController(ApiJson json) {
        this.json = json;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // asked for directly, /error is just a path that does not exist
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 404;
        String uri = Optional.ofNullable(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI))
                .map(Object::toString).orElse(request.getRequestURI());
        // the error dispatch itself is a GET (Servlet 6.1); the request's own method is kept in an attribute
        String method = Optional.ofNullable(request.getAttribute(RequestDispatcher.ERROR_METHOD))
                .map(Object::toString).orElse(request.getMethod());
        json.problem(response, problem(status, method, uri, response.getHeader("Allow")));
    }

    static Problem problem(int status, String method, String uri, String allow) {
        Problem problem = switch (status) {
            case 400 -> Problem.badRequest("bad-request", "Bad request",
                    "the hub could not read the request: its request line, a header or its body is malformed");
            case 404 -> Problem.notFound("there is nothing at " + uri + "; the API is under /api/v1");
            case 405 -> new Problem(405, "method-not-allowed", "Method not allowed", method + " is not allowed on "
                    + uri + (allow == null ? "" : "; allowed: " + allow));
            case 413 -> new Problem(413, "payload-too-large", "Request too large",
                    "the request is larger than the hub accepts on " + uri + "; nothing was accepted");
            case 415 -> new Problem(415, "unsupported-media-type", "Unsupported media type",
                    "the request's Content-Type is not one " + uri + " takes");
            case 500 -> Problem.internal(null);
            default -> {
                String reason = Optional.ofNullable(HttpStatus.resolve(status)).map(HttpStatus::getReasonPhrase)
                        .orElse("HTTP " + status);
                yield new Problem(status, reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), reason,
                        "the hub answered " + method + " " + uri + " with " + status + " " + reason);
            }
        };
        return problem.with("instance", uri);
    }
}
