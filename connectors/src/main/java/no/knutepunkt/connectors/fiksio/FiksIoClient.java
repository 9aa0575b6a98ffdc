package no.knutepunkt.connectors.fiksio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.HttpCalls;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fiks IO-style push to a member's archive integration: {@code POST {endpoint}/fiks-io/api/v1/send}
 * with a multipart body of {@code metadata} (JSON) and {@code data} (the encrypted payload).
 * One client per hub; thread-safe.
 */
public final class FiksIoClient {
    static final String SEND_PATH = "/fiks-io/api/v1/send";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http;
    private final Duration timeout;

    public FiksIoClient(Duration connectTimeout, Duration requestTimeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
        this.timeout = requestTimeout;
    }

    public void send(URI endpoint, Delivery delivery) throws DeliveryException {
        String boundary = "knutepunkt-" + UUID.randomUUID();
        byte[] head = head(boundary, metadata(delivery), delivery.filnavn());
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        URI target = URI.create(HttpCalls.base(endpoint) + SEND_PATH);
        // the encrypted payload streams into the request as it is made: never whole in memory
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new SequenceInputStream(Collections.enumeration(List.of(
                                new ByteArrayInputStream(head), delivery.payload().open(),
                                new ByteArrayInputStream(tail))));
                    } catch (IOException e) {
                        throw new UncheckedIOException("the payload of " + delivery.meldingId()
                                + " cannot be read", e);
                    }
                }))
                .build();
        HttpCalls.send(http, request, "POST " + target, timeout);
    }

    static String metadata(Delivery d) {
        return JSON.valueToTree(FiksIoHeaders.of(d)).toString();
    }

    private static byte[] head(String boundary, String metadata, String filename) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        String safeName = filename.replace("\"", "").replace("\r", "").replace("\n", "");
        write(out, "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"data\"; filename=\"" + safeName + "\"\r\n"
                + "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\n\r\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }


}
