package no.knutepunkt.connectors.peppol;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.HttpCalls;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client of a Peppol access point's outbound REST API, as Norwegian access points offer it
 * (this is the access point's own API, not a Peppol specification; Peppol's AS4 transport is the
 * access point's business): {@code POST {base}/api/v1/outbound} with the business document as the
 * body ({@code Content-Type: application/xml}, the bytes as given) and the routing in headers:
 * {@code X-Peppol-Sender}, {@code X-Peppol-Receiver}, {@code X-Peppol-Document-Type},
 * {@code X-Peppol-Process}, {@code Idempotency-Key}, and {@code Authorization: Bearer <apiKey>}
 * when an API key is configured. It asks for {@code Accept: application/json}. The access point
 * answers 200, 201 or 202 with {@code {"transmissionId": "..."}}.
 *
 * <p>Failures: a timeout, a refused connection, an I/O error, 5xx, 408 and 429 are
 * {@linkplain DeliveryException#temporary temporary}; any other non-2xx answer is
 * {@linkplain DeliveryException#permanent permanent}, as is a header value the HTTP client
 * refuses (no request is made). A 2xx answer is success even without a (readable)
 * transmission id: the access point has taken the document, and sending it again would risk a
 * duplicate invoice.
 *
 * <p>After a timeout the access point may still have taken the document; the idempotency key
 * lets a retry be recognised as the same transmission, assuming the access point honours it.
 *
 * <p>One client per hub (per access point); built once, thread-safe.
 */
public final class PeppolClient {
    static final String OUTBOUND_PATH = "/api/v1/outbound";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI target;
    private final Optional<String> authorization;
    private final Duration timeout;

    /**
     * @param accessPointBase the access point's API root, e.g. {@code https://ap.example.no}
     *                        (a trailing slash is ignored; a path is kept)
     * @param apiKey          the hub's API key at the access point, sent as a bearer token;
     *                        {@code null} or blank for none (no {@code Authorization} header)
     * @param timeout         connect timeout and timeout of each request
     * @throws IllegalArgumentException if the API key contains control characters
     */
    public PeppolClient(URI accessPointBase, String apiKey, Duration timeout) {
        Objects.requireNonNull(accessPointBase, "accessPointBase");
        Objects.requireNonNull(timeout, "timeout");
        if (apiKey != null && apiKey.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the Peppol API key contains control characters");
        }
        this.target = URI.create(HttpCalls.base(accessPointBase) + OUTBOUND_PATH);
        this.authorization = apiKey == null || apiKey.isBlank()
                ? Optional.empty() : Optional.of("Bearer " + apiKey.strip());
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /**
     * Hands one document to the access point for transmission.
     *
     * @param sender         the sender's participant id, e.g. {@code 0192:994601008}
     * @param receiver       the receiver's participant id, e.g. {@code 0192:994602004}
     * @param documentType   the Peppol document type identifier
     * @param process        the Peppol process identifier
     * @param idempotencyKey the same for every attempt at the same transmission
     * @param document       the business document, sent as it is
     * @return the access point's transmission id, when its answer names one
     */
    public Optional<String> send(String sender, String receiver, String documentType, String process,
                                 String idempotencyKey, byte[] document) throws DeliveryException {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(target)
                    .timeout(timeout)
                    .header("Content-Type", "application/xml")
                    .header("Accept", "application/json")
                    .header("X-Peppol-Sender", sender)
                    .header("X-Peppol-Receiver", receiver)
                    .header("X-Peppol-Document-Type", documentType)
                    .header("X-Peppol-Process", process)
                    .header("Idempotency-Key", idempotencyKey);
            authorization.ifPresent(value -> builder.header("Authorization", value));
            request = builder.POST(HttpRequest.BodyPublishers.ofByteArray(document)).build();
        } catch (IllegalArgumentException | NullPointerException e) {
            throw DeliveryException.permanent("cannot build POST " + target + ": " + e.getMessage(),
                    "the hub's Peppol access point is not set up to send it");
        }
        String answer = HttpCalls.send(http, request, "POST " + target, timeout);
        return transmissionId(answer);
    }

    /** The answer's {@code transmissionId}, when it is JSON with a non-blank scalar one. */
    static Optional<String> transmissionId(String answer) {
        if (answer == null || answer.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(answer);
            JsonNode value = node == null ? null : node.get("transmissionId");
            return value != null && value.isValueNode() && !value.isNull() && !value.asString().isBlank()
                    ? Optional.of(value.asString().strip()) : Optional.empty();
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }
}
