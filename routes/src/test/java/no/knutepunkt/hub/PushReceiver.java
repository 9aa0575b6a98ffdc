package no.knutepunkt.hub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.fileupload2.core.MultipartInput;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A member system's Fiks IO-style endpoint for tests that push more than WireMock should hold: each push's
 * multipart body is read as a stream, its {@code data} part written to a file named by the meldingId, and the
 * pushes per meldingId counted.
 */
public final class PushReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final Path dir;
    private final Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
    private final Map<String, java.util.List<Boolean>> resendt = new ConcurrentHashMap<>();

    public PushReceiver(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/fiks-io/api/v1/send", this::receive);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The data part of the push of {@code meldingId}, as written to disk. */
    public Path data(String meldingId) {
        return dir.resolve(meldingId + ".p7m");
    }

    /** How many times each meldingId was pushed. */
    public Map<String, AtomicInteger> pushes() {
        return pushes;
    }

    /** Each push's {@code resendt} flag, in the order they arrived, by meldingId. */
    public java.util.List<Boolean> resendt(String meldingId) {
        return resendt.getOrDefault(meldingId, java.util.List.of());
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String boundary = contentType.substring(contentType.indexOf("boundary=") + "boundary=".length());
            Path part = Files.createTempFile(dir, "push", ".part");
            String meldingId = null;
            boolean again = false;
            try (InputStream in = exchange.getRequestBody()) {
                MultipartInput multipart = MultipartInput.builder().setInputStream(in)
                        .setBoundary(boundary.getBytes(StandardCharsets.US_ASCII)).get();
                boolean next = multipart.skipPreamble();
                while (next) {
                    String headers = multipart.readHeaders();
                    if (headers.contains("name=\"data\"")) {
                        try (OutputStream out = Files.newOutputStream(part)) {
                            multipart.readBodyData(out);
                        }
                    } else {
                        ByteArrayOutputStream metadata = new ByteArrayOutputStream();
                        multipart.readBodyData(metadata);
                        JsonNode json = JSON.readTree(metadata.toByteArray());
                        meldingId = json.path("meldingId").asString();
                        again = json.path("resendt").asBoolean(false);
                    }
                    next = multipart.readBoundary();
                }
            }
            if (meldingId == null) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            Files.move(part, data(meldingId), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            resendt.computeIfAbsent(meldingId, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(again);
            pushes.computeIfAbsent(meldingId, k -> new AtomicInteger()).incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
