package no.knutepunkt.hub.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadByteCountLimitException;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;

/**
 * A multipart/form-data request read as a stream, one part after the other, straight from the
 * connection: nothing is buffered by the container or by Camel, so a part of any size costs no
 * memory. The body limit is checked against Content-Length before anything is read, and again while
 * reading (a body without Content-Length, or one that lies about it); a part over its limit stops
 * the read. Every way the request can be wrong is a specific {@link Problem}.
 */
public final class MultipartStream {
    private final FileItemInputIterator items;
    private final String dataDescription;
    private final long maxBody;

    private MultipartStream(FileItemInputIterator items, String dataDescription, long maxBody) {
        this.items = items;
        this.dataDescription = dataDescription;
        this.maxBody = maxBody;
    }

    /**
     * Checks the content type and length and starts reading.
     *
     * @param maxBody the largest body accepted, in bytes (all parts and their headers)
     * @param maxPart the largest single part accepted, in bytes
     */
    public static MultipartStream open(Exchange exchange, String dataDescription, long maxBody, long maxPart) {
        HttpServletRequest request = Http.request(exchange);
        MultipartRequest.checkContentType(request, dataDescription);
        long length = request.getContentLengthLong();
        if (length > maxBody) {
            throw tooLarge(maxBody, "the request declares " + length + " bytes");
        }
        JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
        upload.setSizeMax(maxBody);
        upload.setFileSizeMax(maxPart);
        try {
            return new MultipartStream(upload.getItemIterator(request), dataDescription, maxBody);
        } catch (IOException e) {
            throw problem(e, maxBody, maxPart);
        }
    }

    /** One part: its name and its content, to be read before the next part is asked for. */
    public record Part(String name, InputStream content) {
    }

    /** The next part, or empty after the last. */
    public Optional<Part> next() {
        try {
            if (!items.hasNext()) {
                return Optional.empty();
            }
            FileItemInput item = items.next();
            return Optional.of(new Part(Optional.ofNullable(item.getFieldName()).orElse(""), item.getInputStream()));
        } catch (IOException e) {
            throw problem(e, maxBody, items.getFileSizeMax());
        }
    }

    /**
     * The problem for an I/O failure while reading this request: too large, malformed, or cut off. The failures'
     * own messages are not shown: they name the container's and the parser's classes.
     */
    public Problem problem(IOException e) {
        return problem(e, maxBody, items.getFileSizeMax());
    }

    public Problem missing(String name) {
        return Problem.badRequest("missing-part", "Missing part", "the multipart body has no '" + name
                + "' part; send 'metadata' (JSON) and 'data' (" + dataDescription + ")").with("part", name);
    }

    private static Problem problem(IOException e, long maxBody, long maxPart) {
        if (e instanceof FileUploadByteCountLimitException part) {
            return new Problem(413, "payload-too-large", "Payload too large",
                    "the '" + part.getFieldName() + "' part has more than " + maxPart + " bytes; the limit is "
                            + maxPart);
        }
        if (e instanceof FileUploadSizeException) {
            return tooLarge(maxBody, "the request has more");
        }
        if (e instanceof FileUploadException) {
            return MultipartRequest.malformed("it ends before its closing boundary, or a part's headers are broken");
        }
        return Problem.badRequest("body-unreadable", "Request body cut off",
                "the request body ended before its end (the connection was closed or broke off); nothing was"
                        + " accepted");
    }

    private static Problem tooLarge(long maxBody, String what) {
        return new Problem(413, "payload-too-large", "Request too large",
                what + " than the " + maxBody + " bytes this request may have; nothing was accepted");
    }
}
