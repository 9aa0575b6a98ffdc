package no.knutepunkt.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.crypto.CmsVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Any file size: a 1 GiB payload (size set by {@code knutepunkt.it.large-bytes}) is sent to a hub whose JVM has
 * a 256 MiB heap, pushed to one member and downloaded by another, and both copies give back the exact bytes
 * (digest checked): the pushed one through {@code openssl cms -decrypt} and {@code -verify}, the downloaded one
 * through the platform's streaming decryption and verification. Then the hub is killed with SIGKILL in the
 * middle of a second large upload: after a restart nothing of it was accepted, and the hub serves as before.
 */
class LargePayloadIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SIZE = Long.getLong("knutepunkt.it.large-bytes", 1L << 30);
    private static final String A = TestHub.A;
    private static final String B = TestHub.B;
    private static final String C = TestHub.C;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    @TempDir
    Path dir;

    @Test
    void aOneGibibytePayloadIsSentPushedAndDownloadedIntactByAHubWithA256MebibyteHeap() throws Exception {
        try (PushReceiver receiver = new PushReceiver(dir.resolve("received"))) {
            int port = HubProcess.freePort();
            List<String> args = List.of("--knutepunkt.routing." + C + ".connector=fiksio",
                    "--knutepunkt.routing." + C + ".endpoint=" + receiver.uri(),
                    "--knutepunkt.fiksio.request-timeout=10m");
            HubProcess hub = HubProcess.start(dir, port, "large", List.of("-Xmx256m"), args);
            Path spool = dir.resolve("data/payloads/spool");
            try {
                Path content = dir.resolve("content.bin");
                String contentSha = write(content, SIZE);
                Path signed = dir.resolve("signed.p7m");
                MemberIdentity a = identity(A);
                try (InputStream in = Files.newInputStream(content); OutputStream out = Files.newOutputStream(signed)) {
                    new CmsSigner(a.key(), a.certificate()).sign(in, out);
                }
                Files.delete(content);

                long started = System.nanoTime();
                HttpResponse<String> sent = send(hub.uri(), a, signed, "stor-fil-1");
                double seconds = (System.nanoTime() - started) / 1e9;
                assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
                String meldingId = JSON.readTree(sent.body()).path("meldingId").asString();
                System.out.printf("Sent %d MiB signed in %.1f s (%.0f MiB/s) to a hub with -Xmx256m%n",
                        Files.size(signed) >> 20, seconds, Files.size(signed) / 1048576.0 / seconds);

                // pushed to C: openssl decrypts it with C's key and verifies A's signature against the demo CA
                await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> receiver.pushes().containsKey(meldingId));
                Path inner = dir.resolve("pushed-signed.der");
                Path opened = dir.resolve("pushed-content.bin");
                Path member = dir.resolve("data/demo/members/" + C);
                openssl("cms", "-decrypt", "-binary", "-inform", "DER", "-in", receiver.data(meldingId).toString(),
                        "-recip", member.resolve("cert.pem").toString(), "-inkey", member.resolve("key.pem").toString(),
                        "-out", inner.toString());
                Files.delete(receiver.data(meldingId));
                openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", inner.toString(), "-CAfile",
                        dir.resolve("data/demo/ca.pem").toString(), "-out", opened.toString());
                Files.delete(inner);
                assertThat(sha256(opened)).isEqualTo(contentSha);
                Files.delete(opened);

                // downloaded by B: decrypted and verified as streams
                Path downloaded = dir.resolve("downloaded.p7m");
                MemberIdentity b = identity(B);
                HttpResponse<Path> download = http.send(HttpRequest.newBuilder(hub.uri().resolve(
                                "/api/v1/inbox/" + meldingId)).header("Authorization", basic(b)).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(downloaded));
                assertThat(download.statusCode()).isEqualTo(200);
                Path decrypted = dir.resolve("downloaded-signed.der");
                try (InputStream in = Files.newInputStream(downloaded);
                     OutputStream out = Files.newOutputStream(decrypted)) {
                    new CmsEnvelope().decrypt(in, b.key(), out);
                }
                Files.delete(downloaded);
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (InputStream in = Files.newInputStream(decrypted)) {
                    new CmsVerifier().verify(in, a.certificate(), stream -> {
                        try (OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                            stream.transferTo(sink);
                        }
                    });
                }
                Files.delete(decrypted);
                assertThat(HexFormat.of().formatHex(digest.digest())).isEqualTo(contentSha);
                assertThat(hub.isAlive()).isTrue();
                assertThat(hub.log()).doesNotContain("OutOfMemoryError");

                // killed in the middle of the next large upload: nothing of it is accepted
                Thread upload = new Thread(() -> {
                    try {
                        send(hub.uri(), a, signed, "stor-fil-2");
                    } catch (IOException | InterruptedException e) {
                        // the connection dies with the hub
                    }
                });
                upload.start();
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> spooled(spool) > SIZE / 4);
                hub.kill();
                upload.join(60_000);
            } finally {
                hub.close();
            }

            HubProcess again = HubProcess.start(dir, port, "large-again", List.of("-Xmx256m"), args);
            try (again) {
                // the same klientMeldingId again, now small: had the cut-off upload been accepted, this would answer
                // with its meldingId, and B would download a gibibyte
                MemberIdentity a = identity(A);
                Path small = dir.resolve("small.p7m");
                Files.write(small, new CmsSigner(a.key(), a.certificate()).sign("etter krasj"
                        .getBytes(StandardCharsets.UTF_8)));
                HttpResponse<String> after = send(again.uri(), a, small, "stor-fil-2");
                assertThat(after.statusCode()).as(after.body()).isEqualTo(202);
                String meldingId = JSON.readTree(after.body()).path("meldingId").asString();
                MemberIdentity b = identity(B);
                await().atMost(Duration.ofSeconds(60)).until(() -> http.send(HttpRequest.newBuilder(again.uri()
                        .resolve("/api/v1/inbox/" + meldingId)).header("Authorization", basic(b)).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                HttpResponse<byte[]> download = http.send(HttpRequest.newBuilder(again.uri().resolve(
                        "/api/v1/inbox/" + meldingId)).header("Authorization", basic(b)).GET().build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(download.body().length).isLessThan(16 * 1024);
                try (var files = Files.walk(spool)) {
                    assertThat(files.filter(p -> p.toString().endsWith(".part")).toList())
                            .as("spool files of uploads cut off by the crash are removed at start").isEmpty();
                }
            }
        }
    }

    private HttpResponse<String> send(URI hub, MemberIdentity me, Path signed, String klientMeldingId)
            throws IOException, InterruptedException {
        String boundary = "large-" + klientMeldingId;
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B
                + "\",\"" + C + "\"],\"meldingType\":\"no.knutepunkt.v1.fil\",\"klientMeldingId\":\""
                + klientMeldingId + "\",\"filnavn\":\"stor.bin\"}\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"stor.p7m\"\r\n"
                + "Content-Type: application/pkcs7-mime\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        long length = head.length + Files.size(signed) + tail.length;
        HttpRequest request = HttpRequest.newBuilder(hub.resolve("/api/v1/messages"))
                .header("Authorization", basic(me))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        return new SequenceInputStream(Collections.enumeration(List.of(new ByteArrayInputStream(head),
                                Files.newInputStream(signed), new ByteArrayInputStream(tail))));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), length))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long spooled(Path spool) throws IOException {
        if (!Files.isDirectory(spool)) {
            return 0;
        }
        try (var files = Files.walk(spool)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
    }

    /** Writes {@code size} pseudo-random bytes; returns their SHA-256. */
    private static String write(Path file, long size) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            for (long left = size; left > 0; left -= block.length) {
                random.nextBytes(block);
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private MemberIdentity identity(String orgnr) throws IOException {
        return MemberIdentity.load(dir.resolve("data/demo/members/" + orgnr), dir.resolve("data/demo/ca.pem"));
    }

    private static String basic(MemberIdentity me) {
        return "Basic " + Base64.getEncoder().encodeToString((me.username() + ":" + me.password())
                .getBytes(StandardCharsets.UTF_8));
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("openssl %s: %s", String.join(" ", args), output).isZero();
    }
}
