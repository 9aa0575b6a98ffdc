package no.knutepunkt.connectors.fiksio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.HttpCalls;

/**
 * Fiks IO-style push to a member's archive integration: {@code POST {endpoint}/fiks-io/api/v1/send}
 * with a multipart body of {@code metadata} (JSON) and {@code data} (the encrypted payload).
 * One client per hub; thread-safe.
 */
public final class FiksIoClient {
    static final String SEND_PATH = "/fiks-io/api/v1/send";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    public FiksIoClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.timeout = requestTimeout;
    }

    public void send(URI endpoint, Delivery delivery) throws DeliveryException {
        String boundary = "knutepunkt-" + UUID.randomUUID();
        byte[] body = multipart(boundary, metadata(delivery), delivery.filnavn(), delivery.payload().get());
        URI target = URI.create(HttpCalls.base(endpoint) + SEND_PATH);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpCalls.send(http, request, "POST " + target, timeout);
    }

    static String metadata(Delivery d) {
        ObjectNode node = JSON.createObjectNode();
        node.put("meldingId", d.meldingId());
        node.put("avsender", d.avsender());
        node.put("mottaker", d.mottaker());
        node.put("meldingType", d.meldingType());
        node.put("klientMeldingId", d.klientMeldingId());
        d.klientKorrelasjonsId().ifPresent(v -> node.put("klientKorrelasjonsId", v));
        d.svarPaMelding().ifPresent(v -> node.put("svarPaMelding", v));
        node.put("ttl", d.ttlMillis());
        node.put("filnavn", d.filnavn());
        return node.toString();
    }

    private static byte[] multipart(String boundary, String metadata, String filename, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 1024);
        String safeName = filename.replace("\"", "").replace("\r", "").replace("\n", "");
        write(out, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"data\"; filename=\"" + safeName + "\"\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n\r\n");
        out.writeBytes(data);
        write(out, "\r\n--" + boundary + "--\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }


}
