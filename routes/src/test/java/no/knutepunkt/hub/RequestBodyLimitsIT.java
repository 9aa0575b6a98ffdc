package no.knutepunkt.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No body can exhaust the hub's memory: a hub with a 192 MiB heap is sent bodies of 1 GiB, five times its heap, on
 * every path it serves (each API route, the console, the sign-in, the actuator, the start page, an unknown path; a
 * message may have 256 MiB here),
 * unauthenticated and signed in, declared by Content-Length and streamed without one, one at a time and three at
 * once. Each is refused with 413 or 415 by its Content-Type and size, before more than a small bound of it is read;
 * afterwards the hub is healthy, wrote no OutOfMemoryError, created nothing, and still accepts a small JSON body.
 */
class RequestBodyLimitsIT {
    private static final long HUGE = 1L << 30;
    private static final List<String> PATHS = List.of(
            "/api/v1/messages", "/api/v1/distributions", "/api/v1/distributions/x/cancel", "/api/v1/agreements",
            "/api/v1/agreements/x/versions", "/api/v1/projects", "/api/v1/projects/x/status",
            "/api/v1/projects/x/documents", "/api/v1/invoicing/runs", "/api/v1/resource-use",
            "/api/v1/dead-letters/x/retry", "/api/v1/routes/x/suspend", "/api/v1/inbox/x", "/api/v1/nope",
            "/login", "/logout", "/console/distributions", "/actuator/health", "/", "/nope");
    @TempDir
    Path dir;

    @Test
    void bodiesFiveTimesTheHeapAreRefusedOnEveryPathAndTheHubStaysHealthy() throws Exception {
        try (HubProcess hub = HubProcess.start(dir, HubProcess.freePort(), "bodies", List.of("-Xmx192m"),
                List.of("--knutepunkt.intake.max-payload-bytes=256MB"))) {
            String[] s = HubProcess.credentials(dir.resolve("data/demo/secretariat.properties"));
            String secretariat = basic(s);
            String projectsBefore = Multipart.get(hub.uri(), "/api/v1/projects", s[0], s[1]).body();
            String distributionsBefore = Multipart.get(hub.uri(), "/api/v1/distributions", s[0], s[1]).body();
            List<String> seen = new ArrayList<>();
            for (String path : PATHS) {
                for (String auth : Arrays.asList(null, secretariat)) {
                    // declared: refused by what the head says, before the body is read
                    int wrongType = post(hub.uri(), path, auth, "application/octet-stream", false, HUGE);
                    int json = post(hub.uri(), path, auth, "application/json", false, HUGE);
                    int multipart = post(hub.uri(), path, auth, "multipart/form-data; boundary=b", false, HUGE);
                    seen.add(path + " " + (auth == null ? "stranger" : "secretariat") + ": " + wrongType + " "
                            + json + " " + multipart);
                    assertThat(wrongType).as(path).isEqualTo(takesBodies(path) ? 415 : 413);
                    assertThat(json).as(path).isEqualTo(takesJson(path) || !takesBodies(path) ? 413 : 415);
                    assertThat(multipart).as(path).isEqualTo(413);
                    // streamed without a length: JSON is counted while it is read and refused at its limit
                    int streamed = post(hub.uri(), path, auth, "application/json", true, HUGE);
                    seen.add("  streamed JSON: " + streamed);
                    assertThat(streamed).as(path).isEqualTo(json);
                }
            }
            System.out.println(String.join("\n", seen));

            // three streamed at once, signed in, to an API path that takes JSON
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<CompletableFuture<Integer>> parallel = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    parallel.add(CompletableFuture.supplyAsync(() -> {
                        try {
                            return post(hub.uri(), "/api/v1/projects", secretariat, "application/json", true, HUGE);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }, pool));
                }
                for (CompletableFuture<Integer> f : parallel) {
                    assertThat(f.get(2, TimeUnit.MINUTES)).isEqualTo(413);
                }
            } finally {
                pool.shutdownNow();
            }
            // a multipart upload streamed past the container's limit is refused too (parts over 256 KB go to disk)
            assertThat(post(hub.uri(), "/api/v1/distributions", secretariat, "multipart/form-data; boundary=b", true,
                    HUGE)).isEqualTo(413);

            assertThat(hub.isAlive()).isTrue();
            assertThat(Multipart.get(hub.uri(), "/actuator/health", null, null).statusCode()).isEqualTo(200);
            assertThat(Multipart.get(hub.uri(), "/api/v1/projects", s[0], s[1]).body()).isEqualTo(projectsBefore);
            assertThat(Multipart.get(hub.uri(), "/api/v1/distributions", s[0], s[1]).body())
                    .isEqualTo(distributionsBefore);
            // an ordinary body still goes through: a bad JSON project is read and refused for what it says
            assertThat(post(hub.uri(), "/api/v1/projects", secretariat, "application/json", false, 20)).isEqualTo(400);
            assertThat(hub.log()).doesNotContain("OutOfMemoryError");
        }
    }

    /** The paths that take some body: the API, the console and its sign-in (the others take none, of any type). */
    private static boolean takesBodies(String path) {
        return path.startsWith("/api/") || path.startsWith("/console/") || path.equals("/login")
                || path.equals("/logout");
    }

    /** The API paths that take JSON: all but sending a message, which is multipart only. */
    private static boolean takesJson(String path) {
        return path.startsWith("/api/") && !path.equals("/api/v1/messages");
    }

    private static String basic(String[] credentials) {
        return "Basic " + Base64.getEncoder().encodeToString((credentials[0] + ":" + credentials[1])
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * POSTs a body of {@code size} bytes, declared by Content-Length or sent chunked, and returns the status the hub
     * answered with. A writer sends the body in 64 KiB pieces while a reader waits for the answer; once it comes the
     * writer stops (the hub answers before it has read the body; the client need not send the rest).
     */
    static int post(URI uri, String path, String authorization, String contentType, boolean chunked, long size)
            throws IOException {
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(120_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":"
                    + uri.getPort() + "\r\nContent-Type: " + contentType + "\r\nConnection: close\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            head.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + size + "\r\n");
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            CountDownLatch answered = new CountDownLatch(1);
            AtomicLong sent = new AtomicLong();
            Thread writer = new Thread(() -> write(out, contentType, chunked, size, answered, sent), "body-writer");
            writer.setDaemon(true);
            writer.start();
            InputStream in = socket.getInputStream();
            StringBuilder status = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                status.append((char) c);
            }
            answered.countDown();
            String line = status.toString().trim();
            assertThat(line).as("the answer to POST %s (%s, %d bytes sent)", path, contentType, sent.get())
                    .startsWith("HTTP/1.1 ");
            return Integer.parseInt(line.split(" ")[1]);
        }
    }

    private static void write(OutputStream out, String contentType, boolean chunked, long size, CountDownLatch answered,
                              AtomicLong sent) {
        byte[] piece = new byte[64 * 1024];
        Arrays.fill(piece, (byte) 'a');
        byte[] start = contentType.startsWith("multipart/")
                ? "--b\r\nContent-Disposition: form-data; name=\"data\"; filename=\"a.pdf\"\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)
                : "{\"name\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, piece, 0, start.length);
        try {
            while (sent.get() < size && answered.getCount() > 0) {
                int n = (int) Math.min(piece.length, size - sent.get());
                if (chunked) {
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                out.write(piece, 0, n);
                if (chunked) {
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
                sent.addAndGet(n);
                if (!chunked && sent.get() >= 256 * 1024) {
                    // a declared body: the hub answers from the head; wait for that answer rather than push the rest
                    answered.await(50, TimeUnit.MILLISECONDS);
                } else if (chunked && sent.get() % (1 << 20) == 0) {
                    // give the reader a moment each MiB, so that it sees the answer before the hub closes
                    answered.await(1, TimeUnit.MILLISECONDS);
                }
            }
        } catch (IOException | InterruptedException e) {
            // the hub closed the connection after its answer: nothing more to send
        }
    }
}
