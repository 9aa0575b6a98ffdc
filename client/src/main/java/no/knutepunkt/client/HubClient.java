package no.knutepunkt.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The client's side of the hub's REST API. A member system's: send, list the inbox, download, acknowledge, ask for
 * a status; staff's: distribute a document and follow it (secretariat), list, retry and discard dead letters
 * (operator), ask what an invoicing run would issue (secretariat). Answers other than 2xx become
 * {@link HubException} with the problem text; a hub that cannot be connected to becomes {@link HubUnreachable}.
 */
public final class HubClient {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI hub;
    private final String authorization;

    public HubClient(URI hub, String username, String password) {
        this.hub = hub;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** What to send besides the signed payload: the metadata part, with Fiks IO's field names. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Send(String avsender, List<String> mottakere, String meldingType, String klientMeldingId,
                       String klientKorrelasjonsId, String svarPaMelding, Long ttl, String filnavn) {
    }

    /**
     * A distribution's metadata part: the key chosen by the secretariat, the message type, the file name, the target
     * and an optional time to live in milliseconds.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Distribution(String noekkel, String meldingType, String filnavn, Target maal, Long ttl) {
    }

    /** Who a distribution goes to: exactly one of all members, a region, an IT cooperation, or a list of orgnr. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(Boolean alle, String region, String itSamarbeid, List<String> mottakere) {
    }

    /** The hub's answer to a distribution: the distribution, and whether it was made now (false: its key was known). */
    public record Registered(boolean created, JsonNode distribution) {
    }

    /** A downloaded message: the encrypted payload and the hub's headers. */
    public record Download(byte[] enveloped, String avsender, String meldingType,
                           Optional<String> svarPaMelding, Map<String, List<String>> headers) {
    }

    /** Sends a signed payload (null for a message type without payload); returns the meldingId. */
    public String send(Send metadata, byte[] signedData) throws IOException, InterruptedException {
        List<Part> parts = new ArrayList<>();
        parts.add(Part.json("metadata", metadata));
        if (signedData != null) {
            parts.add(new Part("data", "data.p7m", "application/pkcs7-mime", signedData));
        }
        HttpResponse<byte[]> response = call(multipart(request("/api/v1/messages"), parts));
        return ClientJson.MAPPER.readTree(response.body()).path("meldingId").asString();
    }

    /** The messages waiting in this member's inbox. */
    public JsonNode inbox() throws IOException, InterruptedException {
        return ClientJson.MAPPER.readTree(call(request("/api/v1/inbox").GET()).body());
    }

    public Download download(String meldingId) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = call(request("/api/v1/inbox/" + meldingId).GET());
        return new Download(response.body(),
                response.headers().firstValue("Knutepunkt-Avsender").orElse(""),
                response.headers().firstValue("Knutepunkt-Melding-Type").orElse(""),
                response.headers().firstValue("Knutepunkt-Svar-Pa-Melding"),
                response.headers().map());
    }

    public void acknowledge(String meldingId) throws IOException, InterruptedException {
        call(request("/api/v1/inbox/" + meldingId).DELETE());
    }

    public JsonNode status(String meldingId) throws IOException, InterruptedException {
        return ClientJson.MAPPER.readTree(call(request("/api/v1/messages/" + meldingId).GET()).body());
    }

    /** Distributes a document (secretariat): 202 for a new distribution, 200 with the one registered with the key. */
    public Registered distribute(Distribution metadata, byte[] document) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = call(multipart(request("/api/v1/distributions"), List.of(
                Part.json("metadata", metadata),
                new Part("data", metadata.filnavn(), "application/octet-stream", document))));
        return new Registered(response.statusCode() == 202, ClientJson.MAPPER.readTree(response.body()));
    }

    /** A distribution with its counts per status and every recipient's meldingId and status. */
    public JsonNode distribution(String id) throws IOException, InterruptedException {
        return ClientJson.MAPPER.readTree(call(request("/api/v1/distributions/" + segment(id)).GET()).body());
    }

    /** The dead-letter list (operator). */
    public JsonNode deadLetters() throws IOException, InterruptedException {
        return ClientJson.MAPPER.readTree(call(request("/api/v1/dead-letters").GET()).body());
    }

    /** Puts a dead letter's delivery back on its connector's queue; the hub's answer: the letter and its status. */
    public JsonNode retryDeadLetter(long id) throws IOException, InterruptedException {
        return ClientJson.MAPPER.readTree(call(request("/api/v1/dead-letters/" + id + "/retry")
                .POST(HttpRequest.BodyPublishers.noBody())).body());
    }

    /** Takes a dead letter off the list; its delivery stays FAILED. */
    public void discardDeadLetter(long id) throws IOException, InterruptedException {
        call(request("/api/v1/dead-letters/" + id).DELETE());
    }

    /** {@code POST /api/v1/invoicing-runs}: the body of an invoicing run's request. */
    public record InvoicingRun(int year, boolean dryRun) {
    }

    /** Asks for an invoicing run (a dry run issues nothing); the hub's answer as it came. */
    public byte[] invoicingRun(InvoicingRun run) throws IOException, InterruptedException {
        return call(request("/api/v1/invoicing-runs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ClientJson.MAPPER.writeValueAsBytes(run)))).body();
    }

    /** One part of a multipart/form-data body. */
    private record Part(String name, String filename, String contentType, byte[] content) {
        static Part json(String name, Object value) {
            return new Part(name, null, "application/json", ClientJson.MAPPER.writeValueAsBytes(value));
        }
    }

    /** {@code request} as a POST of {@code parts} as multipart/form-data. */
    private static HttpRequest.Builder multipart(HttpRequest.Builder request, List<Part> parts) {
        String boundary = "----knutepunkt-client-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String separator = "--";
        for (Part part : parts) {
            body.writeBytes((separator + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.name() + "\""
                    + (part.filename() == null ? "" : "; filename=\"" + quotable(part.filename()) + "\"")
                    + "\r\nContent-Type: " + part.contentType() + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.content());
            separator = "\r\n--";
        }
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return request.header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    /** A file name as it can stand between quotes in a header. */
    private static String quotable(String filename) {
        return filename.replaceAll("[\"\\\\\\p{Cntrl}]", "_");
    }

    /** An id as one path segment. */
    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(hub.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization);
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new HubUnreachable(hub, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new HubException(response.statusCode(), problemText(response));
        }
        return response;
    }

    /**
     * One line about a refusal: "title: detail (type)" of a problem+json answer, else the answer's text
     * (not an HTML page), on one line and at most 200 characters.
     */
    private static String problemText(HttpResponse<byte[]> response) {
        String text = new String(response.body(), StandardCharsets.UTF_8);
        try {
            JsonNode problem = ClientJson.MAPPER.readTree(text);
            if (problem != null && problem.has("detail")) {
                return problem.path("title").asString() + ": " + problem.path("detail").asString()
                        + " (" + problem.path("type").asString() + ")";
            }
        } catch (JacksonException notJson) {
            // the text, below
        }
        if (response.headers().firstValue("Content-Type").orElse("").contains("html")) {
            return "";
        }
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /** The hub refused a request. */
    public static final class HubException extends IOException {
        private final int status;

        public HubException(int status, String detail) {
            super("HTTP " + status + (detail.isEmpty() ? "" : ": " + detail));
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** No connection to the hub could be made (nothing listens, unknown host, connect timeout). */
    public static final class HubUnreachable extends IOException {
        private final URI hub;
        private final String reason;

        HubUnreachable(URI hub, IOException cause) {
            super("cannot reach " + hub + ": " + reason(cause), cause);
            this.hub = hub;
            this.reason = reason(cause);
        }

        public URI hub() {
            return hub;
        }

        /** Why, in a few lower-case words: "connection refused", "unknown host", "connect timed out". */
        public String reason() {
            return reason;
        }

        private static String reason(Throwable e) {
            if (e instanceof HttpConnectTimeoutException) {
                return "connect timed out";
            }
            String message = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof UnresolvedAddressException) {
                    return "unknown host";
                }
                if (t.getMessage() != null && !t.getMessage().isBlank()) {
                    message = t.getMessage();
                }
            }
            if (message == null) {
                return "connection refused"; // the JDK's HttpClient says no more than ConnectException
            }
            return Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
    }
}
