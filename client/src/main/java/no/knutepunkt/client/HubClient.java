package no.knutepunkt.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A member system's side of the hub's REST API: send, list the inbox, download, acknowledge,
 * ask for a status. Answers other than 2xx become {@link HubException} with the problem text.
 */
public final class HubClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI hub;
    private final String authorization;

    public HubClient(URI hub, String username, String password) {
        this.hub = hub;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** What to send besides the signed payload. */
    public record Send(String avsender, List<String> mottakere, String meldingType, String klientMeldingId,
                       String klientKorrelasjonsId, String svarPaMelding, Long ttl, String filnavn) {
        JsonNode toJson() {
            ObjectNode node = JSON.createObjectNode();
            node.put("avsender", avsender);
            ArrayNode to = node.putArray("mottakere");
            mottakere.forEach(to::add);
            node.put("meldingType", meldingType);
            node.put("klientMeldingId", klientMeldingId);
            if (klientKorrelasjonsId != null) {
                node.put("klientKorrelasjonsId", klientKorrelasjonsId);
            }
            if (svarPaMelding != null) {
                node.put("svarPaMelding", svarPaMelding);
            }
            if (ttl != null) {
                node.put("ttl", ttl);
            }
            if (filnavn != null) {
                node.put("filnavn", filnavn);
            }
            return node;
        }
    }

    /** A downloaded message: the encrypted payload and the hub's headers. */
    public record Download(byte[] enveloped, String avsender, String meldingType,
                           java.util.Optional<String> svarPaMelding, Map<String, List<String>> headers) {
    }

    /** Sends a signed payload (null for a message type without payload); returns the meldingId. */
    public String send(Send metadata, byte[] signedData) throws IOException, InterruptedException {
        String boundary = "----knutepunkt-client-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(JSON.writeValueAsBytes(metadata.toJson()));
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
        return JSON.readTree(response.body()).path("meldingId").asText();
    }

    /** The messages waiting in this member's inbox. */
    public JsonNode inbox() throws IOException, InterruptedException {
        return JSON.readTree(call(request("/api/v1/inbox").GET()).body());
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
        return JSON.readTree(call(request("/api/v1/messages/" + meldingId).GET()).body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(hub.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization);
    }

    private HttpResponse<byte[]> call(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            String text = new String(response.body(), StandardCharsets.UTF_8);
            String detail = text;
            try {
                JsonNode problem = JSON.readTree(text);
                if (problem.has("detail")) {
                    detail = problem.path("title").asText() + ": " + problem.path("detail").asText()
                            + " (" + problem.path("type").asText() + ")";
                }
            } catch (IOException notJson) {
                // keep the raw text
            }
            throw new HubException(response.statusCode(), detail);
        }
        return response;
    }

    /** The hub refused a request. */
    public static final class HubException extends IOException {
        private final int status;

        public HubException(int status, String detail) {
            super("HTTP " + status + ": " + detail);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
