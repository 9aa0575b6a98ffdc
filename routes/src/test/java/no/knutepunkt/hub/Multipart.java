package no.knutepunkt.hub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Raw HTTP requests for tests that must send what a well-behaved client would not. */
public final class Multipart {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Multipart() {
    }

    /** POSTs multipart/form-data with the given parts (name → bytes; a null value leaves the part out). */
    public static HttpResponse<String> post(URI uri, String user, String password, Map<String, byte[]> parts)
            throws IOException, InterruptedException {
        return post(uri, "/api/v1/messages", user, password, parts);
    }

    /** POSTs multipart/form-data to a path of the hub. */
    public static HttpResponse<String> post(URI uri, String path, String user, String password,
                                            Map<String, byte[]> parts) throws IOException, InterruptedException {
        return send(multipart(uri, path, parts), user, password);
    }

    /** A multipart/form-data POST to a path of the hub, for the caller to add its credentials to. */
    public static HttpRequest.Builder multipart(URI uri, String path, Map<String, byte[]> parts) {
        String boundary = "test-boundary-7d9f";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> part : parts.entrySet()) {
            if (part.getValue() == null) {
                continue;
            }
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + part.getKey()
                    + "\"; filename=\"" + part.getKey() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(part.getValue());
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(uri.resolve(path))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }

    public static Map<String, byte[]> parts(String metadata, byte[] data) {
        Map<String, byte[]> parts = new LinkedHashMap<>();
        parts.put("metadata", metadata == null ? null : metadata.getBytes(StandardCharsets.UTF_8));
        parts.put("data", data);
        return parts;
    }

    public static HttpResponse<String> send(HttpRequest.Builder request, String user, String password)
            throws IOException, InterruptedException {
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(URI uri, String path, String user, String password)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri.resolve(path)).GET(), user, password);
    }
}
