package no.knutepunkt.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BER of the streaming APIs is what {@code openssl cms} reads, and what it writes (BER or DER) streams back. */
class CmsOpensslInteropTest {
    /** Over several 64 KiB BER chunks, and not a multiple of the AES block. */
    private static final byte[] CONTENT = new byte[200_003];

    static DemoPki pki;
    static DemoPki.Issued alice;
    static CmsSigner aliceSigner;
    static final CmsVerifier verifier = new CmsVerifier();
    static final CmsEnvelope envelope = new CmsEnvelope();

    @BeforeAll
    static void setUp() {
        assumeTrue(openssl(), "openssl is not installed");
        new Random(99).nextBytes(CONTENT);
        pki = DemoPki.createCa("Test CA");
        alice = pki.issue("Alver kommune", "994631004");
        aliceSigner = new CmsSigner(alice.key(), alice.certificate());
    }

    private static boolean openssl() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs openssl in {@code dir}; returns its output, failing the test if it fails. */
    private static String run(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }

    private static void pems(Path dir) throws IOException {
        Files.writeString(dir.resolve("ca.pem"), Pem.toPem(pki.caCertificate()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("cert.pem"), Pem.toPem(alice.certificate()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve("key.pem"), Pem.toPem(alice.key()), StandardCharsets.US_ASCII);
    }

    @Test
    void opensslDecryptsTheStreamedEnvelopedData(@TempDir Path dir) throws Exception {
        pems(dir);
        try (InputStream in = new java.io.ByteArrayInputStream(CONTENT);
             OutputStream out = Files.newOutputStream(dir.resolve("enveloped.ber"))) {
            envelope.encrypt(in, alice.certificate(), out);
        }
        byte[] ber = Files.readAllBytes(dir.resolve("enveloped.ber"));
        assertThat(ber[1] & 0xFF).as("indefinite length").isEqualTo(0x80);
        run(dir, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", "enveloped.ber",
                "-recip", "cert.pem", "-inkey", "key.pem", "-out", "decrypted.bin");
        assertThat(Files.readAllBytes(dir.resolve("decrypted.bin"))).isEqualTo(CONTENT);
        // it is the Fiks IO profile
        String structure = run(dir, "cms", "-cmsout", "-print", "-inform", "DER", "-in", "enveloped.ber");
        assertThat(structure).contains("rsaesOaep", "sha256", "aes-256-cbc");
    }

    @Test
    void opensslVerifiesTheStreamedSignedDataAndGivesBackTheExactBytes(@TempDir Path dir) throws Exception {
        pems(dir);
        try (InputStream in = new java.io.ByteArrayInputStream(CONTENT);
             OutputStream out = Files.newOutputStream(dir.resolve("signed.ber"))) {
            aliceSigner.sign(in, out);
        }
        assertThat(Files.readAllBytes(dir.resolve("signed.ber"))[1] & 0xFF).isEqualTo(0x80);
        String output = run(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", "signed.ber",
                "-CAfile", "ca.pem", "-out", "verified.bin");
        assertThat(output).contains("Verification successful");
        assertThat(Files.readAllBytes(dir.resolve("verified.bin"))).isEqualTo(CONTENT);
    }

    @Test
    void whatOpensslSignsStreamsThroughTheVerifier(@TempDir Path dir) throws Exception {
        pems(dir);
        Files.write(dir.resolve("content.bin"), CONTENT);
        // with -stream openssl writes BER (indefinite lengths); without, DER
        run(dir, "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", "content.bin",
                "-signer", "cert.pem", "-inkey", "key.pem", "-outform", "DER", "-stream", "-out", "signed.ber");
        run(dir, "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", "content.bin",
                "-signer", "cert.pem", "-inkey", "key.pem", "-outform", "DER", "-out", "signed.der");
        for (String file : List.of("signed.ber", "signed.der")) {
            ByteArrayOutputStream seen = new ByteArrayOutputStream();
            try (InputStream in = Files.newInputStream(dir.resolve(file))) {
                verifier.verify(in, alice.certificate(), content -> content.transferTo(seen));
            }
            assertThat(seen.toByteArray()).as(file).isEqualTo(CONTENT);
        }
        assertThat(Files.readAllBytes(dir.resolve("signed.ber"))[1] & 0xFF).isEqualTo(0x80);
        assertThat(Files.readAllBytes(dir.resolve("signed.der"))[1] & 0xFF).isNotEqualTo(0x80);
    }

    @Test
    void whatOpensslEncryptsInTheFiksIoProfileStreamsThroughDecrypt(@TempDir Path dir) throws Exception {
        pems(dir);
        Files.write(dir.resolve("content.bin"), CONTENT);
        run(dir, "cms", "-encrypt", "-binary", "-aes-256-cbc", "-in", "content.bin", "-recip", "cert.pem",
                "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256",
                "-outform", "DER", "-stream", "-out", "enveloped.ber");
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(dir.resolve("enveloped.ber"))) {
            envelope.decrypt(in, alice.key(), plain);
        }
        assertThat(plain.toByteArray()).isEqualTo(CONTENT);
    }
}
