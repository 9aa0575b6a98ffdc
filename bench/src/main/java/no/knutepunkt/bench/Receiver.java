package no.knutepunkt.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The member systems behind the Fiks IO push connector: answers {@code POST /fiks-io/api/v1/send}
 * with 200, reads the multipart body as a stream, and records when each message arrived (by
 * klientMeldingId and by meldingId) and for whom. Answers for chosen members can be delayed.
 */
public final class Receiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService pool;
    /** klientMeldingId → nanoTime of the first arrival. */
    final Map<String, Long> byKlient = new ConcurrentHashMap<>();
    /** meldingId → nanoTime of the first arrival. */
    final Map<String, Long> byMelding = new ConcurrentHashMap<>();
    /** klientKorrelasjonsId + "/" + mottaker → nanoTime of the first arrival (distributions). */
    final Map<String, Long> byKorrelasjon = new ConcurrentHashMap<>();
    /** mottaker → pushes received (first arrivals only). */
    final Map<String, LongAdder> perMottaker = new ConcurrentHashMap<>();
    final AtomicLong arrivals = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    /** mottaker → answer delay in ms. */
    final Map<String, Integer> delays = new ConcurrentHashMap<>();
    private volatile Capture capture;

    /** Where to stream the data part of the next large push, and what it became. */
    public static final class Capture {
        final Path file;
        final CompletableFuture<Captured> done = new CompletableFuture<>();
        volatile long firstByteNanos;

        Capture(Path file) {
            this.file = file;
        }
    }

    public record Captured(String meldingId, String klientMeldingId, long bytes, String sha256, long startNanos,
                           long endNanos) {
    }

    public Receiver(int port, int threads) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Streams the data part of every push to {@code file} until the returned capture completes. */
    public Capture captureTo(Path file) {
        Capture c = new Capture(file);
        capture = c;
        return c;
    }

    public void stopCapture() {
        capture = null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())
                    || !exchange.getRequestURI().getPath().endsWith("/fiks-io/api/v1/send")) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            long started = System.nanoTime();
            String boundary = MultipartReader.boundaryOf(exchange.getRequestHeaders().getFirst("Content-Type"));
            if (boundary == null) {
                failures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            JsonNode metadata = null;
            long dataBytes = 0;
            String sha = null;
            Capture c = capture;
            try (InputStream body = exchange.getRequestBody()) {
                MultipartReader reader = new MultipartReader(body, boundary);
                MultipartReader.Part part;
                while ((part = reader.next()) != null) {
                    if ("metadata".equals(part.name())) {
                        metadata = JSON.readTree(part.readAll());
                    } else if ("data".equals(part.name())) {
                        if (c != null) {
                            c.firstByteNanos = started;
                            MessageDigest digest = MessageDigest.getInstance("SHA-256");
                            byte[] chunk = new byte[1 << 16];
                            try (OutputStream out = Files.newOutputStream(c.file)) {
                                int n;
                                while ((n = part.body().read(chunk)) >= 0) {
                                    out.write(chunk, 0, n);
                                    digest.update(chunk, 0, n);
                                    dataBytes += n;
                                }
                            }
                            sha = HexFormat.of().formatHex(digest.digest());
                        } else {
                            dataBytes = part.body().transferTo(OutputStream.nullOutputStream());
                        }
                    }
                }
            } catch (Exception e) {
                failures.incrementAndGet();
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            long arrived = System.nanoTime();
            bytes.addAndGet(dataBytes);
            String klient = metadata == null ? null : text(metadata, "klientMeldingId");
            String melding = metadata == null ? null : text(metadata, "meldingId");
            String mottaker = metadata == null ? null : text(metadata, "mottaker");
            String korrelasjon = metadata == null ? null : text(metadata, "klientKorrelasjonsId");
            if (korrelasjon != null && mottaker != null) {
                byKorrelasjon.putIfAbsent(korrelasjon + "/" + mottaker, arrived);
            }
            boolean first = true;
            if (klient != null) {
                first = byKlient.putIfAbsent(klient, arrived) == null;
            }
            if (melding != null) {
                boolean firstById = byMelding.putIfAbsent(melding, arrived) == null;
                first = klient == null ? firstById : first;
            }
            if (first) {
                arrivals.incrementAndGet();
                if (mottaker != null) {
                    perMottaker.computeIfAbsent(mottaker, k -> new LongAdder()).increment();
                }
            } else {
                duplicates.incrementAndGet();
            }
            if (c != null && sha != null) {
                c.done.complete(new Captured(melding, klient, dataBytes, sha, started, arrived));
            }
            Integer delay = mottaker == null ? null : delays.get(mottaker);
            if (delay != null && delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    public long count(String mottaker) {
        LongAdder a = perMottaker.get(mottaker);
        return a == null ? 0 : a.sum();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
