package no.knutepunkt.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * A member system's side of the hub's REST API: send, list the inbox, download, acknowledge,
 * ask for a status. Answers other than 2xx become {@link HubException} with the problem text;
 * a hub that cannot be connected to becomes {@link HubUnreachable}.
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

    /** A downloaded message: the encrypted payload and the hub's headers. */
    public record Download(byte[] enveloped, String avsender, String meldingType,
                           Optional<String> svarPaMelding, Map<String, List<String>> headers) {
    }

    /** Sends a signed payload (null for a message type without payload); returns the meldingId. */
    public String send(Send metadata, byte[] signedData) throws IOException, InterruptedException {
        String boundary = "----knutepunkt-client-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(ClientJson.MAPPER.writeValueAsBytes(metadata));
        if (signedData != null) {
            body.writeBytes(("\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; "
                    + "filename=\"data.p7m\"\r\nContent-Type: application/pkcs7-mime\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(signedData);
        }
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> response = call(request("/api/v1/messages")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
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
