package no.knutepunkt.bench;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Open-loop load: messages sent at a fixed rate whatever the hub answers (no coordinated
 * omission: latency counts from the moment a message was due), through {@code POST /api/v1/messages}
 * as the sending members (HTTP Basic), with payloads signed before the timed phase. A 429 is
 * retried once its Retry-After has passed.
 */
public final class LoadGen implements AutoCloseable {
    static final String TYPE = "no.knutepunkt.v1.fil";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BOUNDARY = "bench-7f3a9c1e";
    private static final int MAX_RETRIES = 20;
    private final URI hub;
    private final HttpClient http;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "loadgen-retry");
        t.setDaemon(true);
        return t;
    });
    private final Receiver receiver;

    /** A sending member and its pre-signed payloads (CMS SignedData, DER). */
    public record Sender(Ident ident, List<byte[]> signed) {
    }

    public LoadGen(URI hub, Receiver receiver) {
        this.hub = hub;
        this.receiver = receiver;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** What one step sent and what became of it. */
    public static final class Step {
        final String label;
        final double rate;
        final double seconds;
        long start;
        long end;
        final Map<String, Long> intended = new ConcurrentHashMap<>();
        final Map<String, String> accepted = new ConcurrentHashMap<>(); // klientMeldingId → meldingId
        final Map<String, String> recipientOf = new ConcurrentHashMap<>();
        final LongAdder sent = new LongAdder();
        final LongAdder acceptedInWindow = new LongAdder();
        final LongAdder tooMany = new LongAdder();
        final LongAdder gaveUp = new LongAdder();
        final LongAdder exceptions = new LongAdder();
        final LongAdder skipped = new LongAdder();
        final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        final List<Long> intakeNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicReference<String> firstError = new AtomicReference<>();
        final Semaphore inFlight;
        final int cap;

        Step(String label, double rate, double seconds, int cap) {
            this.label = label;
            this.rate = rate;
            this.seconds = seconds;
            this.cap = cap;
            this.inFlight = new Semaphore(cap);
        }

        long count(int status) {
            LongAdder a = byStatus.get(status);
            return a == null ? 0 : a.sum();
        }

        long errors() {
            long e = exceptions.sum() + gaveUp.sum();
            for (var entry : byStatus.entrySet()) {
                if (entry.getKey() != 202 && entry.getKey() != 429) {
                    e += entry.getValue().sum();
                }
            }
            return e;
        }
    }

    /**
     * Sends {@code rate × seconds} messages, evenly spaced, round robin over senders and recipients
     * (one recipient per message), then waits for the answers still out.
     */
    public Step run(String label, double rate, double seconds, List<Sender> senders, List<String> recipients,
                    int cap) throws InterruptedException {
        Step s = new Step(label, rate, seconds, cap);
        long n = Math.max(1, Math.round(rate * seconds));
        double interval = 1e9 / rate;
        s.start = System.nanoTime() + 20_000_000L;
        s.end = s.start + (long) (seconds * 1e9);
        for (long i = 0; i < n; i++) {
            long due = s.start + (long) (i * interval);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Sender sender = senders.get((int) (i % senders.size()));
            String to = recipients.get((int) (i % recipients.size()));
            byte[] signed = sender.signed().get((int) ((i / senders.size()) % sender.signed().size()));
            String klient = label + "-" + i;
            s.intended.put(klient, due);
            s.recipientOf.put(klient, to);
            if (!s.inFlight.tryAcquire()) {
                s.skipped.increment();
                continue;
            }
            send(s, sender, to, signed, klient, 0);
        }
        long wait = s.end - System.nanoTime();
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        return s;
    }

    /**
     * Closed loop: {@code concurrency} requests always outstanding for {@code seconds} (a warm-up that
     * adapts to whatever the hub takes).
     */
    public Step runClosed(String label, int concurrency, double seconds, double minSeconds, int messages,
                          List<Sender> senders, List<String> recipients) throws InterruptedException {
        Step s = new Step(label, Double.NaN, seconds, concurrency);
        s.start = System.nanoTime();
        s.end = s.start + (long) (seconds * 1e9);
        long min = s.start + (long) (minSeconds * 1e9);
        for (long i = 0; System.nanoTime() < s.end && (i < messages || System.nanoTime() < min); i++) {
            if (!s.inFlight.tryAcquire(Math.max(1, (s.end - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS)) {
                break;
            }
            Sender sender = senders.get((int) (i % senders.size()));
            String to = recipients.get((int) (i % recipients.size()));
            byte[] signed = sender.signed().get((int) ((i / senders.size()) % sender.signed().size()));
            String klient = label + "-" + i;
            s.intended.put(klient, System.nanoTime());
            s.recipientOf.put(klient, to);
            send(s, sender, to, signed, klient, 0);
        }
        s.end = System.nanoTime();
        return s;
    }

    /** Waits until every request of the step has its answer (or the timeout passed). */
    public void awaitAnswers(Step s, Duration timeout) throws InterruptedException {
        if (s.inFlight.tryAcquire(s.cap, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            s.inFlight.release(s.cap);
        }
    }

    private void send(Step s, Sender sender, String to, byte[] signed, String klient, int attempt) {
        byte[] body = body(sender.ident().orgnr(), to, klient, signed);
        HttpRequest request = HttpRequest.newBuilder(hub.resolve("/api/v1/messages"))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", sender.ident().authorization())
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        long sentAt = System.nanoTime();
        if (attempt == 0) {
            s.sent.increment();
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
            long now = System.nanoTime();
            if (error != null) {
                s.exceptions.increment();
                s.firstError.compareAndSet(null, error.toString());
                s.inFlight.release();
                return;
            }
            int status = response.statusCode();
            s.byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
            if (status == 202) {
                s.intakeNanos.add(now - sentAt);
                String meldingId = null;
                try {
                    meldingId = JSON.readTree(response.body()).path("meldingId").asString(null);
                } catch (Exception ignored) {
                    // counted as accepted; the push still carries the klientMeldingId
                }
                s.accepted.put(klient, meldingId == null ? "" : meldingId);
                if (now <= s.end) {
                    s.acceptedInWindow.increment();
                }
                s.inFlight.release();
            } else if (status == 429 || status == 503) {
                s.tooMany.increment();
                if (attempt >= MAX_RETRIES) {
                    s.gaveUp.increment();
                    s.inFlight.release();
                    return;
                }
                long delayMs = retryAfterMillis(response.headers().firstValue("Retry-After").orElse(null));
                retries.schedule(() -> send(s, sender, to, signed, klient, attempt + 1), delayMs,
                        TimeUnit.MILLISECONDS);
            } else {
                s.firstError.compareAndSet(null, status + " " + abbreviate(response.body()));
                s.inFlight.release();
            }
        });
    }

    static long retryAfterMillis(String header) {
        if (header == null) {
            return 1000;
        }
        try {
            return Math.max(0, Math.round(Double.parseDouble(header.trim()) * 1000));
        } catch (NumberFormatException e) {
            try {
                var when = java.time.ZonedDateTime.parse(header.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME);
                return Math.max(0, java.time.Duration.between(java.time.ZonedDateTime.now(), when).toMillis());
            } catch (RuntimeException e2) {
                return 1000;
            }
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        s = s.replaceAll("\\s+", " ");
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    static byte[] body(String avsender, String to, String klient, byte[] signed) {
        ObjectNode metadata = JSON.createObjectNode();
        metadata.put("avsender", avsender);
        ArrayNode mottakere = metadata.putArray("mottakere");
        mottakere.add(to);
        metadata.put("meldingType", TYPE);
        metadata.put("klientMeldingId", klient);
        metadata.put("filnavn", "bench.txt");
        ByteArrayOutputStream out = new ByteArrayOutputStream(signed.length + 512);
        out.writeBytes(prefix(metadata.toString()));
        out.writeBytes(signed);
        out.writeBytes(suffix());
        return out.toByteArray();
    }

    static byte[] prefix(String metadataJson) {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadataJson + "\r\n--" + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"data.p7m\"\r\n"
                + "Content-Type: application/pkcs7-mime\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] suffix() {
        return ("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String boundary() {
        return BOUNDARY;
    }

    /** Whether a message of the step has reached the receiver. */
    public boolean delivered(Step s, String klient) {
        if (receiver.byKlient.containsKey(klient)) {
            return true;
        }
        String melding = s.accepted.get(klient);
        return melding != null && !melding.isEmpty() && receiver.byMelding.containsKey(melding);
    }

    /** The first arrival time of a message of the step, or null. */
    public Long arrival(Step s, String klient) {
        Long t = receiver.byKlient.get(klient);
        if (t == null) {
            String melding = s.accepted.get(klient);
            if (melding != null && !melding.isEmpty()) {
                t = receiver.byMelding.get(melding);
            }
        }
        return t;
    }

    public HttpClient http() {
        return http;
    }

    @Override
    public void close() {
        retries.shutdownNow();
    }
}
