package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's JSON, read and written with the hub's one {@link JsonMapper} (the one Spring Boot configures): request
 * bodies are read strictly (an unknown field or a wrong type is refused naming the field), answers and problems
 * are written with their status and content type.
 */
@Component
public class ApiJson {
    private final JsonMapper json;
    private final Validator validator;

    public ApiJson(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /**
     * The request's JSON body as {@code type}: 415 for another content type, 400 (invalid-metadata) for a body
     * that is no such JSON.
     */
    public <T> T body(Exchange exchange, Class<T> type) {
        String contentType = Optional.ofNullable(Http.request(exchange).getContentType()).orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "unsupported-media-type", "JSON expected",
                    "send application/json; the request had Content-Type '" + contentType + "'");
        }
        byte[] body = Optional.ofNullable(exchange.getMessage().getBody(byte[].class)).orElse(new byte[0]);
        return read(new ByteArrayInputStream(body), type);
    }

    /**
     * Reads a JSON object as {@code type}; unknown fields, wrong types and values its constraints refuse (a text
     * longer than its column, say) are refused naming the field, before anything is stored.
     */
    public <T> T read(InputStream in, Class<T> type) {
        T value = parse(in, type);
        Optional<ConstraintViolation<T>> violation = validator.validate(value).stream()
                .min(Comparator.comparing(v -> v.getPropertyPath().toString()));
        if (violation.isPresent()) {
            String field = violation.get().getPropertyPath().toString();
            throw MultipartRequest.invalid(field, "field '" + field + "' " + violation.get().getMessage());
        }
        return value;
    }

    private <T> T parse(InputStream in, Class<T> type) {
        try {
            T value = json.readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                            DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                    .readValue(in);
            if (value == null) {
                throw MultipartRequest.invalid(null, "the JSON is empty");
            }
            return value;
        } catch (UnrecognizedPropertyException e) {
            throw MultipartRequest.invalid(e.getPropertyName(), "unknown field '" + e.getPropertyName()
                    + "'; known fields: " + e.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                    .collect(Collectors.joining(", ")));
        } catch (MismatchedInputException e) {
            String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getPropertyName();
            throw MultipartRequest.invalid(field, field == null ? "the JSON must be an object"
                    : "field '" + field + "' has the wrong type");
        } catch (JacksonException e) {
            throw MultipartRequest.invalid(null, "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Replaces the message with a JSON answer; request headers are not echoed back. */
    public void write(Exchange exchange, int status, Object body) {
        write(exchange, status, "application/json", body);
    }

    /** Replaces the message with the problem's {@code application/problem+json} answer and its headers. */
    public void problem(Exchange exchange, Problem problem) {
        write(exchange, problem.status(), Problem.MEDIA_TYPE, problem.toBody());
        problem.headers().forEach(exchange.getMessage()::setHeader);
    }

    /** Answers with the problem outside Camel (the security filters refuse before any route runs). */
    public void problem(HttpServletResponse response, Problem problem) throws IOException {
        response.setStatus(problem.status());
        response.setContentType(Problem.MEDIA_TYPE);
        problem.headers().forEach(response::setHeader);
        byte[] body = json.writeValueAsBytes(problem.toBody());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void write(Exchange exchange, int status, String contentType, Object body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(json.writeValueAsBytes(body));
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
    }
}
