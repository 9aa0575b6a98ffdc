package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import no.knutepunkt.client.HubClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.ObjectMapper;

/**
 * The hub's CMS interoperates with OpenSSL both ways: a payload signed with {@code openssl cms -sign}
 * is accepted, and what the recipient downloads decrypts with {@code openssl cms -decrypt} and
 * verifies with {@code openssl cms -verify} against the demo CA, giving back the exact bytes
 * that were signed.
 */
class OpenSslInteropTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestHub hub;

    @BeforeAll
    static void start() {
        hub = TestHub.postgres(dir, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
    }

    @Test
    void aPayloadSignedByOpensslIsAcceptedAndWhatTheRecipientGetsOpensWithOpenssl() throws Exception {
        byte[] payload = new byte[4096];
        new Random(42).nextBytes(payload); // binary, with CR and LF bytes that a text mode would change
        Path in = Files.write(dir.resolve("payload.bin"), payload);
        Path signed = dir.resolve("signed-by-openssl.der");
        openssl("cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-outform", "DER",
                "-signer", hub.memberDir(A).resolve("cert.pem").toString(),
                "-inkey", hub.memberDir(A).resolve("key.pem").toString(),
                "-in", in.toString(), "-out", signed.toString());

        HttpResponse<String> response = Multipart.post(hub.uri(), A, hub.identity(A).password(), Multipart.parts(
                "{\"avsender\":\"" + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":\"no.knutepunkt.v1.fil\","
                        + "\"klientMeldingId\":\"openssl-1\",\"filnavn\":\"payload.bin\"}",
                Files.readAllBytes(signed)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        String meldingId = JSON.readTree(response.body()).path("meldingId").asString();

        assertThat(downloadAndOpenWithOpenssl(meldingId)).isEqualTo(payload);
    }

    @Test
    void aPayloadSignedByTheHubsLibraryOpensWithOpenssl() throws Exception {
        byte[] payload = "Avtale om samordna regional digitalisering\r\n§ 5 Avtaleperiode\n".getBytes("UTF-8");
        String meldingId = hub.client(A).send(new HubClient.Send(A, List.of(B), "no.knutepunkt.v1.fil", "openssl-2",
                null, null, null, "avtale.txt"), hub.sign(A, payload));

        assertThat(downloadAndOpenWithOpenssl(meldingId)).isEqualTo(payload);
    }

    private byte[] downloadAndOpenWithOpenssl(String meldingId) throws Exception {
        HubClient b = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(b.inbox()).contains(meldingId));
        Path enveloped = Files.write(dir.resolve(meldingId + ".p7m"), b.download(meldingId).enveloped());
        Path inner = dir.resolve(meldingId + ".signed.der");
        Path out = dir.resolve(meldingId + ".out");
        openssl("cms", "-decrypt", "-inform", "DER", "-in", enveloped.toString(),
                "-inkey", hub.memberDir(B).resolve("key.pem").toString(),
                "-recip", hub.memberDir(B).resolve("cert.pem").toString(), "-out", inner.toString());
        openssl("cms", "-verify", "-binary", "-inform", "DER", "-in", inner.toString(),
                "-CAfile", hub.caFile().toString(), "-out", out.toString());
        b.acknowledge(meldingId);
        return Files.readAllBytes(out);
    }

    private static void openssl(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", String.join(" ", args), output).isZero();
    }
}
