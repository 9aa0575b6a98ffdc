package no.knutepunkt.hub.api;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A multipart/form-data API request with a JSON {@code metadata} part and a {@code data} part,
 * read with the limits given; every way it can be wrong is a specific problem.
 */
public final class MultipartRequest {
    private final HttpServletRequest request;
    private final String dataDescription;
    private final ApiJson json;

    private MultipartRequest(HttpServletRequest request, String dataDescription, ApiJson json) {
        this.request = request;
        this.dataDescription = dataDescription;
        this.json = json;
    }

    /** Checks the content type; the metadata will be read with {@code json}. */
    public static MultipartRequest of(Exchange exchange, String dataDescription, ApiJson json) {
        HttpServletRequest request = Http.request(exchange);
        checkContentType(request, dataDescription);
        return new MultipartRequest(request, dataDescription, json);
    }

    /** 415 for a request that is not multipart/form-data, 400 for one without the boundary its parts need. */
    static void checkContentType(HttpServletRequest request, String dataDescription) {
        String contentType = Optional.ofNullable(request.getContentType()).orElse("");
        MediaType type = null;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            // not a media type at all: refused below like any other
        }
        if (type == null || !MediaType.MULTIPART_FORM_DATA.equalsTypeAndSubtype(type)) {
            throw new Problem(415, "unsupported-media-type", "Multipart expected",
                    "send multipart/form-data with the parts 'metadata' (JSON) and 'data' (" + dataDescription
                            + "); the request had Content-Type '" + contentType + "'");
        }
        String boundary = type.getParameter("boundary");
        if (boundary == null || boundary.isBlank() || boundary.equals("\"\"")) {
            throw malformed("its Content-Type has no boundary parameter, so its parts cannot be told apart (let the"
                    + " HTTP client build the multipart body and its Content-Type rather than setting the header)");
        }
    }

    /** The multipart body cannot be read as one: {@code why} says what is wrong, in words of HTTP. */
    static Problem malformed(String why) {
        return Problem.badRequest("malformed-multipart", "Malformed multipart body",
                "the multipart/form-data body cannot be read: " + why + "; nothing was accepted");
    }

    /** The metadata part as {@code type}; unknown fields and wrong types are refused naming the field. */
    public <T> T metadata(Class<T> type, int maxBytes) throws IOException {
        Part part = part("metadata").orElseThrow(() -> missing("metadata"));
        if (part.getSize() > maxBytes) {
            throw new Problem(413, "metadata-too-large", "Metadata too large",
                    "the metadata part has " + part.getSize() + " bytes; the limit is " + maxBytes);
        }
        try (InputStream in = part.getInputStream()) {
            return json.read(in, type);
        }
    }

    /** The data part's bytes, if there is one; over {@code maxBytes} is refused. */
    public Optional<byte[]> data(long maxBytes) throws IOException {
        Optional<Part> part = part("data");
        if (part.isEmpty()) {
            return Optional.empty();
        }
        if (part.get().getSize() > maxBytes) {
            throw new Problem(413, "payload-too-large", "Payload too large",
                    "the data part has " + part.get().getSize() + " bytes; the limit is " + maxBytes);
        }
        try (InputStream in = part.get().getInputStream()) {
            return Optional.of(in.readAllBytes());
        }
    }

    public Problem missing(String name) {
        return Problem.badRequest("missing-part", "Missing part", "the multipart body has no '" + name
                + "' part; send 'metadata' (JSON) and 'data' (" + dataDescription + ")").with("part", name);
    }

    /** The container's parse of the body; its failures carry the container's class names, never shown. */
    private Optional<Part> part(String name) {
        try {
            return Optional.ofNullable(request.getPart(name));
        } catch (IllegalStateException e) {
            throw new Problem(413, "payload-too-large", "Request too large",
                    "the multipart body or one of its parts is larger than the hub accepts here; nothing was accepted");
        } catch (ServletException | IOException e) {
            throw malformed("it ends before its closing boundary, or a part's headers are broken");
        }
    }

    /** An invalid-metadata problem, naming the field when there is one. */
    public static Problem invalid(String field, String detail) {
        Problem p = Problem.badRequest("invalid-metadata", "Invalid metadata", detail);
        return field == null ? p : p.with("field", field);
    }
}
