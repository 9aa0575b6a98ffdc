package no.knutepunkt.connectors.svarut;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.HttpCalls;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of KS SvarUt's forsendelse service v1 ({@code {base}/tjenester/api/forsendelse/v1}),
 * with HTTP Basic authentication as the avsender (its name and service password):
 * {@code POST sendForsendelse} (multipart: a {@code forsendelse} JSON part, then one {@code filer}
 * part per document) and {@code GET {id}/status}.
 *
 * <p>Failures: a timeout, a refused connection, an I/O error, 5xx, 408 and 429 are
 * {@linkplain DeliveryException#temporary temporary}; any other non-2xx answer is
 * {@linkplain DeliveryException#permanent permanent}, as is a 2xx answer to the send without a
 * forsendelse id (SvarUt may have taken the forsendelse: it must not be sent again blindly).
 *
 * <p>SvarUt recommends a read timeout of 16 minutes for the send (it times out after 15, large
 * files take time); the timeout given here applies to every request. One client per avsender;
 * built once, thread-safe.
 */
public final class SvarUtClient {
    static final String API = "/tjenester/api/forsendelse/v1";
    static final String SEND_PATH = API + "/sendForsendelse";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** SvarUt refuses these in a filnavn: {@code " < > ? * | : \ /}. */
    private static final Pattern FORBIDDEN_IN_FILNAVN = Pattern.compile("[\"<>?*|:\\\\/\\p{Cntrl}]");
    static final int MAX_FILNAVN = 226;

    private final HttpClient http;
    private final String base;
    private final String authorization;
    private final Duration timeout;

    /**
     * @param base     SvarUt's root, e.g. {@code https://svarut.ks.no}
     * @param username the avsender's name
     * @param password the avsender's service password
     * @param timeout  connect timeout and timeout of each request
     */
    public SvarUtClient(URI base, String username, String password, Duration timeout) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(timeout, "timeout");
        String s = base.toString();
        this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (username + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Sends a forsendelse with one document.
     *
     * @param forsendelse the forsendelse's metadata; its {@code dokumenter} must name this one file
     * @param filnavn     the file's name, as in {@code dokumenter} (see {@link #filnavn(String)})
     * @param mimeType    the file's content type, as in {@code dokumenter}
     * @param fil         the file
     * @return the forsendelse id SvarUt gave
     */
    public String sendForsendelse(ObjectNode forsendelse, String filnavn, String mimeType, byte[] fil)
            throws DeliveryException {
        String boundary = "knutepunkt-" + UUID.randomUUID();
        byte[] body = multipart(boundary, forsendelse.toString(), filnavn, mimeType, fil);
        URI target = URI.create(base + SEND_PATH);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        String answer = HttpCalls.send(http, request, "POST " + target, timeout);
        String id = field(answer, "id");
        if (id == null) {
            throw DeliveryException.permanent("POST " + target + " succeeded but its answer has no forsendelse id"
                    + HttpCalls.abbreviate(answer) + " (not sent again: SvarUt may have taken it)",
                    "SvarUt gave an answer the hub cannot read (not sent again: SvarUt may have taken it)");
        }
        return id;
    }

    /** The forsendelse's status ({@code MOTTATT}, {@code AKSEPTERT}, {@code LEST}, ...). */
    public String status(String forsendelseId) throws DeliveryException {
        URI target = URI.create(base + API + "/" + encodeSegment(forsendelseId) + "/status");
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .GET()
                .build();
        String answer = HttpCalls.send(http, request, "GET " + target, timeout);
        String status = field(answer, "status");
        if (status == null) {
            throw DeliveryException.permanent("GET " + target + " answered without a status"
                    + HttpCalls.abbreviate(answer), "SvarUt gave an answer the hub cannot read");
        }
        return status;
    }

    /**
     * A file name SvarUt accepts: its forbidden characters ({@code " < > ? * | : \ /}) and control
     * characters replaced by {@code _}, at most {@value #MAX_FILNAVN} characters (the extension kept).
     */
    static String filnavn(String name) {
        String clean = FORBIDDEN_IN_FILNAVN.matcher(name == null || name.isBlank() ? "fil" : name.strip())
                .replaceAll("_");
        if (clean.length() <= MAX_FILNAVN) {
            return clean;
        }
        int dot = clean.lastIndexOf('.');
        String extension = dot > 0 && clean.length() - dot <= 16 ? clean.substring(dot) : "";
        return clean.substring(0, MAX_FILNAVN - extension.length()) + extension;
    }


    private static String field(String json, String name) {
        try {
            JsonNode node = JSON.readTree(json);
            JsonNode value = node == null ? null : node.get(name);
            return value != null && value.isValueNode() && !value.isNull() && !value.asString().isBlank()
                    ? value.asString() : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static byte[] multipart(String boundary, String forsendelse, String filnavn, String mimeType, byte[] fil) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(fil.length + 2048);
        // filnavn(...) has removed quotes and control characters: the name cannot end the header
        write(out, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"forsendelse\"\r\n"
                + "Content-Type: application/json\r\n\r\n");
        write(out, forsendelse);
        write(out, "\r\n--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"filer\"; filename=\"" + filnavn(filnavn) + "\"\r\n"
                + "Content-Type: " + mimeType + "\r\n\r\n");
        out.writeBytes(fil);
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, so an id cannot change the path. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

}
