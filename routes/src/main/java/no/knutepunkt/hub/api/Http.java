package no.knutepunkt.hub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import no.knutepunkt.hub.security.Caller;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.security.core.Authentication;

/** Small helpers the API routes share: who is calling, and writing answers. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();

    private Http() {
    }

    /** The servlet request behind an API exchange. */
    public static HttpServletRequest request(Exchange exchange) {
        HttpMessage message = exchange.getIn(HttpMessage.class);
        if (message == null) {
            throw new IllegalStateException("not an HTTP exchange");
        }
        return message.getRequest();
    }

    /** The authenticated caller; Spring Security lets no unauthenticated request reach the routes. */
    public static Caller caller(Exchange exchange) {
        if (request(exchange).getUserPrincipal() instanceof Authentication a && a.getPrincipal() instanceof Caller c) {
            return c;
        }
        throw Problem.unauthenticated(request(exchange).getRequestURI());
    }

    /** The organisation a member system acts as. */
    public static String memberOrgnr(Exchange exchange) {
        Caller caller = caller(exchange);
        return caller.orgnr().orElseThrow(() -> Problem.forbiddenRole(request(exchange).getRequestURI()));
    }

    /**
     * The request's JSON body as {@code type}: 415 for another content type, 400 (invalid-metadata) for a body
     * that is no such JSON.
     */
    public static <T> T jsonBody(Exchange exchange, Class<T> type) throws IOException {
        String contentType = Optional.ofNullable(request(exchange).getContentType()).orElse("");
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Problem(415, "unsupported-media-type", "JSON expected",
                    "send application/json; the request had Content-Type '" + contentType + "'");
        }
        byte[] body = Optional.ofNullable(exchange.getMessage().getBody(byte[].class)).orElse(new byte[0]);
        return MultipartRequest.readJson(new ByteArrayInputStream(body), type);
    }

    /** Replaces the message with a JSON answer; request headers are not echoed back. */
    public static void json(Exchange exchange, int status, Object body) {
        write(exchange, status, "application/json", body);
    }

    /** Replaces the message with a 200 answer of the given content type. Returns the message for further headers. */
    public static Message content(Exchange exchange, byte[] content, String contentType) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(content);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        return out;
    }

    /**
     * Replaces the message with a file to download: 200, its content type, and a Content-Disposition naming it
     * (quotes and line breaks taken out of the name). Returns the message for further headers.
     */
    public static Message file(Exchange exchange, byte[] content, String contentType, String filename) {
        Message out = content(exchange, content, contentType);
        out.setHeader("Content-Disposition", "attachment; filename=\"" + filename.replaceAll("[\"\\r\\n]", "")
                + "\"");
        return out;
    }

    /**
     * As {@link #file(Exchange, byte[], String, String)}, streamed: the stream is copied to the response as it is
     * read (and closed), never held whole.
     */
    public static Message file(Exchange exchange, java.io.InputStream content, String contentType, String filename) {
        Message out = file(exchange, new byte[0], contentType, filename);
        out.setBody(content);
        return out;
    }

    public static void problem(Exchange exchange, Problem problem) {
        write(exchange, problem.status(), Problem.MEDIA_TYPE, problem.toBody());
        problem.headers().forEach(exchange.getMessage()::setHeader);
    }

    public static void noContent(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(null);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    private static void write(Exchange exchange, int status, String contentType, Object body) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        try {
            out.setBody(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
    }
}
