package no.knutepunkt.connectors.fiksio;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;

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
        URI target = URI.create(stripSlash(endpoint.toString()) + SEND_PATH);
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(timeout)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw DeliveryException.temporary("no answer from " + target + " within " + timeout, e);
        } catch (ConnectException e) {
            throw DeliveryException.temporary("cannot connect to " + target + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw DeliveryException.temporary("I/O error talking to " + target + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.temporary("interrupted while sending to " + target, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String detail = target + " answered " + status + abbreviate(response.body());
        if (status >= 500 || status == 408 || status == 429) {
            throw DeliveryException.temporary(detail, null);
        }
        throw DeliveryException.permanent(detail);
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

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }
}
