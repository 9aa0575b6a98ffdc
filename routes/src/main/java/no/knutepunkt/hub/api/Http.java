package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import no.knutepunkt.hub.security.Caller;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import org.springframework.security.core.Authentication;

/** Small helpers the API routes share: who is calling, and answers that are no JSON (see {@link ApiJson}). */
public final class Http {
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
     * Replaces the message with a 200 answer of the given content type. Returns the message for further headers.
     */
    public static Message content(Exchange exchange, byte[] content, String contentType) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(content);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, contentType);
        return out;
    }

    /**
     * Replaces the message with a file to download: 200, its content type, and a Content-Disposition naming it.
     * Returns the message for further headers.
     */
    public static Message file(Exchange exchange, byte[] content, String contentType, String filename) {
        Message out = content(exchange, content, contentType);
        out.setHeader("Content-Disposition", contentDisposition(filename));
        return out;
    }

    /**
     * {@code attachment} with the name as RFC 6266 gives it for any script: {@code filename*} in UTF-8 (percent
     * encoded), and {@code filename} with an ASCII stand-in for clients that know only that (a header is Latin-1
     * on the wire: a name in Cyrillic or Sami in {@code filename} alone would be lost).
     */
    public static String contentDisposition(String filename) {
        String ascii = filename.codePoints()
                .mapToObj(c -> c >= 0x20 && c < 0x7F && c != '"' && c != '\\' ? Character.toString(c) : "_")
                .collect(java.util.stream.Collectors.joining());
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                + org.springframework.web.util.UriUtils.encode(filename, java.nio.charset.StandardCharsets.UTF_8);
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

    public static void noContent(Exchange exchange) {
        Message out = exchange.getMessage();
        out.removeHeaders("*");
        out.setBody(null);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }
}
