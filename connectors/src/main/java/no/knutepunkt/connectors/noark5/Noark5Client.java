package no.knutepunkt.connectors.noark5;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.HttpCalls;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A client of one archive's Noark 5 v5 tjenestegrensesnitt (REST, {@code application/vnd.noark5+json}):
 * the {@code ny-*} calls that create a saksmappe, a journalpost, a dokumentbeskrivelse and a
 * dokumentobjekt, and the upload of a dokumentobjekt's file.
 *
 * <p>The paths are fixed, in the form the Noark 5 reference implementation (nikita) exposes them,
 * under {@code {base}/noark5v5/api/}; the client does not discover them from {@code _links}. Every
 * object goes into the one arkivdel given at construction.
 *
 * <p>Failures: a timeout, a refused connection, an I/O error, 5xx, 408 and 429 are
 * {@linkplain DeliveryException#temporary temporary}; any other non-2xx answer, and a 2xx answer
 * without the JSON object asked for, is {@linkplain DeliveryException#permanent permanent}.
 *
 * <p>One client per archive; built once, thread-safe.
 */
public final class Noark5Client {
    static final String JSON_TYPE = "application/vnd.noark5+json";
    static final String API = "/noark5v5/api";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final String base;
    private final String arkivdelSystemId;
    private final Duration timeout;
    private final String authorization;

    /**
     * @param base             the archive's root, e.g. {@code https://arkiv.kommune.no}; {@code /noark5v5/api/...} is added
     * @param arkivdelSystemId systemID of the arkivdel new saksmapper (and journalposter without one) go into
     * @param timeout          connect timeout and timeout of each request
     * @param bearerToken      sent as {@code Authorization: Bearer ...}; {@code null} or blank for none
     */
    public Noark5Client(URI base, String arkivdelSystemId, Duration timeout, String bearerToken) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(timeout, "timeout");
        if (arkivdelSystemId == null || arkivdelSystemId.isBlank()) {
            throw new IllegalArgumentException("arkivdelSystemId is required");
        }
        this.base = stripSlash(base.toString());
        this.arkivdelSystemId = arkivdelSystemId;
        this.timeout = timeout;
        this.authorization = bearerToken == null || bearerToken.isBlank() ? null : "Bearer " + bearerToken.strip();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code POST arkivstruktur/arkivdel/{arkivdel}/ny-saksmappe}; the archive's saksmappe. */
    public JsonNode nySaksmappe(ObjectNode saksmappe) throws DeliveryException {
        return postJson(path("arkivstruktur", "arkivdel", arkivdelSystemId, "ny-saksmappe"), saksmappe);
    }

    /** {@code POST sakarkiv/saksmappe/{saksmappe}/ny-journalpost}; the archive's journalpost. */
    public JsonNode nyJournalpost(String saksmappeSystemId, ObjectNode journalpost) throws DeliveryException {
        return postJson(path("sakarkiv", "saksmappe", saksmappeSystemId, "ny-journalpost"), journalpost);
    }

    /** {@code POST arkivstruktur/arkivdel/{arkivdel}/ny-journalpost}, for a journalpost without a saksmappe. */
    public JsonNode nyJournalpostIArkivdel(ObjectNode journalpost) throws DeliveryException {
        return postJson(path("arkivstruktur", "arkivdel", arkivdelSystemId, "ny-journalpost"), journalpost);
    }

    /** {@code POST arkivstruktur/registrering/{registrering}/ny-dokumentbeskrivelse}. */
    public JsonNode nyDokumentbeskrivelse(String registreringSystemId, ObjectNode dokumentbeskrivelse)
            throws DeliveryException {
        return postJson(path("arkivstruktur", "registrering", registreringSystemId, "ny-dokumentbeskrivelse"),
                dokumentbeskrivelse);
    }

    /** {@code POST arkivstruktur/dokumentbeskrivelse/{dokumentbeskrivelse}/ny-dokumentobjekt}. */
    public JsonNode nyDokumentobjekt(String dokumentbeskrivelseSystemId, ObjectNode dokumentobjekt)
            throws DeliveryException {
        return postJson(path("arkivstruktur", "dokumentbeskrivelse", dokumentbeskrivelseSystemId, "ny-dokumentobjekt"),
                dokumentobjekt);
    }

    /** {@code PUT arkivstruktur/dokumentobjekt/{dokumentobjekt}/referanseFil} with the file's bytes. */
    public void lastOppFil(String dokumentobjektSystemId, byte[] fil, String contentType) throws DeliveryException {
        URI target = path("arkivstruktur", "dokumentobjekt", dokumentobjektSystemId, "referanseFil");
        HttpRequest.Builder request = request(target)
                .header("Content-Type", contentType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(fil));
        HttpCalls.send(http, request.build(), "PUT " + target, timeout);
    }

    private JsonNode postJson(URI target, ObjectNode body) throws DeliveryException {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (JacksonException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
        HttpRequest request = request(target)
                .header("Content-Type", JSON_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        String answer = HttpCalls.send(http, request, "POST " + target, timeout);
        JsonNode node;
        try {
            node = JSON.readTree(answer);
        } catch (JacksonException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            throw DeliveryException.permanent("POST " + target + " succeeded but did not answer with a JSON object"
                    + HttpCalls.abbreviate(answer), "the recipient's archive gave an answer the hub cannot read");
        }
        return node;
    }

    private HttpRequest.Builder request(URI target) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Accept", JSON_TYPE);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }


    private URI path(String... segments) {
        StringBuilder path = new StringBuilder(base).append(API);
        for (String segment : segments) {
            path.append('/').append(encodeSegment(segment));
        }
        return URI.create(path.toString());
    }

    /** Percent-encodes all but RFC 3986 unreserved characters, so an id cannot change the path. */
    static String encodeSegment(String segment) {
        StringBuilder out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        String encoded = out.toString();
        // "." and ".." are path navigation even when they contain nothing to encode
        return encoded.equals(".") ? "%2E" : encoded.equals("..") ? "%2E%2E" : encoded;
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

}
