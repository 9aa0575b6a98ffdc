package no.knutepunkt.hub.api;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * The first thing every request meets, before authentication: a request body is refused by its Content-Type (415)
 * and its Content-Length (413) before a byte of it is read, and is never held whole in memory beyond a small,
 * fixed bound. What each path takes:
 * <ul>
 * <li>{@code POST /api/v1/messages}: multipart/form-data up to {@code maxIntake}; intake streams it to the payload
 * store and enforces its own limits while it reads;</li>
 * <li>other {@code /api/} paths: application/json, read here up to {@code maxJson} (a longer body is 413 whatever
 * its Content-Length says), or multipart/form-data up to {@code maxUpload}, parsed by the container, which keeps
 * parts above 256 KB on disk and counts while it reads;</li>
 * <li>the console and its sign-in: application/x-www-form-urlencoded up to {@code maxForm} (the container reads no
 * more of a form than that), or multipart/form-data up to {@code maxUpload};</li>
 * <li>any other path takes no body of any size or type: 413.</li>
 * </ul>
 */
public final class RequestBodies implements Filter {
    static final String INTAKE = "/api/v1/messages";
    private final long maxIntake;
    private final long maxUpload;
    private final int maxJson;
    private final long maxForm;
    private final ApiJson json;

    /** What a path accepts: its media types, each with its limit. */
    private record Accepts(String what, List<Kind> kinds) {
    }

    private record Kind(MediaType type, long limit, boolean readHere) {
    }

    public RequestBodies(long maxIntake, long maxUpload, int maxJson, long maxForm, ApiJson json) {
        this.maxIntake = maxIntake;
        this.maxUpload = maxUpload;
        this.maxJson = maxJson;
        this.maxForm = maxForm;
        this.json = json;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long length = request.getContentLengthLong();
        boolean body = length > 0 || (length < 0 && request.getHeader("Transfer-Encoding") != null);
        if (!body) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletRequest checked;
        try {
            checked = checked(request, length);
        } catch (Problem problem) {
            // the answer goes out now, with its length, before the container drains what is left of the body (at
            // most its swallow limit, 2 MB) and closes the connection
            response.setHeader("Connection", "close");
            json.problem(response, problem);
            response.flushBuffer();
            return;
        }
        chain.doFilter(checked, response);
    }

    private HttpServletRequest checked(HttpServletRequest request, long length) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals(INTAKE) && request.getMethod().equals("POST")) {
            MultipartRequest.checkContentType(request, "DER CMS SignedData");
            if (length > maxIntake) {
                throw tooLarge(path, maxIntake, length + " bytes");
            }
            return request;
        }
        Accepts accepts = accepts(path);
        if (accepts.kinds().isEmpty()) {
            throw new Problem(413, "payload-too-large", "No body accepted here",
                    request.getMethod() + " " + path + " takes no request body; nothing was read");
        }
        String contentType = Optional.ofNullable(request.getContentType()).orElse("");
        Kind kind = kind(accepts, contentType).orElseThrow(() -> new Problem(415, "unsupported-media-type",
                "Unsupported media type", accepts.what() + " takes " + accepts.kinds().stream()
                        .map(k -> k.type().toString()).toList() + "; the request had Content-Type '"
                        + printable(contentType) + "'. Nothing was read"));
        if (length > kind.limit()) {
            throw tooLarge(path, kind.limit(), length + " bytes");
        }
        if (!kind.readHere()) {
            return request;
        }
        // a JSON body: small by definition; read here, counting, so that no later reader can be made to hold more
        ByteArrayOutputStream buffer = new ByteArrayOutputStream((int) Math.min(Math.max(length, 0), kind.limit()));
        try (InputStream in = request.getInputStream()) {
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buffer.size() + n > kind.limit()) {
                    throw tooLarge(path, kind.limit(), "more than that");
                }
                buffer.write(chunk, 0, n);
            }
        }
        return new Buffered(request, buffer.toByteArray());
    }

    private Accepts accepts(String path) {
        if (path.startsWith("/api/")) {
            return new Accepts("the API", List.of(new Kind(MediaType.APPLICATION_JSON, maxJson, true),
                    new Kind(MediaType.MULTIPART_FORM_DATA, maxUpload, false)));
        }
        if (path.equals("/login") || path.equals("/logout") || path.startsWith("/console/")) {
            return new Accepts("the console", List.of(new Kind(MediaType.APPLICATION_FORM_URLENCODED, maxForm, false),
                    new Kind(MediaType.MULTIPART_FORM_DATA, maxUpload, false)));
        }
        return new Accepts(path, List.of());
    }

    private static Optional<Kind> kind(Accepts accepts, String contentType) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            return Optional.empty();
        }
        return accepts.kinds().stream().filter(k -> k.type().equalsTypeAndSubtype(type)).findFirst();
    }

    private static Problem tooLarge(String path, long limit, String had) {
        return new Problem(413, "payload-too-large", "Request too large",
                "the body for " + path + " may have at most " + limit + " bytes; it had " + had
                        + ". Nothing was accepted");
    }

    /** A Content-Type as it may be shown back: at most 100 printable ASCII characters. */
    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }

    /** The request with its (small) body already read. */
    private static final class Buffered extends HttpServletRequestWrapper {
        private final byte[] body;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new IllegalStateException("the body was read already");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
                    Optional.ofNullable(getCharacterEncoding()).map(Charset::forName).orElse(StandardCharsets.UTF_8)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
