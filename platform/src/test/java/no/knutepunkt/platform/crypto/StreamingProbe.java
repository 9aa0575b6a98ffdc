package no.knutepunkt.platform.crypto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.platform.testing.GeneratedInputStream;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Sends a generated payload of any size through sign → verify → encrypt → decrypt, file to file, checking
 * SHA-256 digests at each end; never holds the payload. Used in-process by {@link CmsLargePayloadTest}, and
 * as a main class run in a JVM whose heap is smaller than the payload.
 */
final class StreamingProbe {
    private static final int BUFFER = 64 * 1024;

    private StreamingProbe() {
    }

    /** Usage: StreamingProbe directory megabytes. Prints the timings; exits 0 if all digests match. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long size = Long.parseLong(args[1]) * 1024 * 1024;
        long maxHeap = Runtime.getRuntime().maxMemory();
        if (maxHeap >= size) {
            System.out.println("FAIL the heap (" + maxHeap + ") is not smaller than the payload (" + size + ")");
            System.exit(2);
        }
        Map<String, Long> millis = run(dir, size, true);
        System.out.println("OK heap " + maxHeap / (1024 * 1024) + " MiB, payload " + args[1] + " MiB, " + millis);
    }

    /**
     * Runs the pipeline in {@code dir}; returns the milliseconds each step took.
     *
     * @param der also stream-verify a DER (definite-length) SignedData of the payload
     * @throws AssertionError a digest does not match
     */
    static Map<String, Long> run(Path dir, long size, boolean der) throws Exception {
        DemoPki pki = DemoPki.createCa("Probe CA");
        DemoPki.Issued alice = pki.issue("Alver kommune", "994631004");
        DemoPki.Issued bob = pki.issue("Fedje kommune", "994633007");
        CmsSigner signer = new CmsSigner(alice.key(), alice.certificate());
        CmsVerifier verifier = new CmsVerifier();
        CmsEnvelope envelope = new CmsEnvelope();
        Path signed = dir.resolve("signed.p7");
        Path enveloped = dir.resolve("enveloped.p7m");
        Map<String, Long> millis = new LinkedHashMap<>();

        long start = System.nanoTime();
        MessageDigest content = sha256();
        try (InputStream in = new DigestInputStream(new PseudoRandom(size, 20240301L), content);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(signed), BUFFER)) {
            signer.sign(in, out);
        }
        byte[] contentDigest = content.digest();
        start = lap(millis, "sign", start);

        MessageDigest seen = sha256();
        long[] seenBytes = new long[1];
        try (InputStream in = Files.newInputStream(signed)) {
            verifier.verify(in, alice.certificate(), stream -> seenBytes[0] = digest(stream, seen));
        }
        check("verify", contentDigest, seen.digest());
        check("verify", size, seenBytes[0]);
        start = lap(millis, "verify", start);

        MessageDigest signedDigest = sha256();
        try (InputStream in = new DigestInputStream(Files.newInputStream(signed), signedDigest);
             OutputStream out = new BufferedOutputStream(Files.newOutputStream(enveloped), BUFFER)) {
            envelope.encrypt(in, bob.certificate(), out);
        }
        start = lap(millis, "encrypt", start);

        MessageDigest decrypted = sha256();
        try (InputStream in = Files.newInputStream(enveloped);
             OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), decrypted)) {
            envelope.decrypt(in, bob.key(), out);
        }
        check("decrypt", signedDigest.digest(), decrypted.digest());
        start = lap(millis, "decrypt", start);
        Files.delete(enveloped);

        if (der) {
            Path derFile = dir.resolve("signed.der");
            CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
            generator.setEncoding("DER");
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(alice.key()), alice.certificate()));
            generator.addCertificate(new JcaX509CertificateHolder(alice.certificate()));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(derFile), BUFFER);
                 OutputStream cms = generator.open(out, size)) {
                new PseudoRandom(size, 20240301L).transferTo(cms);
            }
            start = System.nanoTime();
            MessageDigest fromDer = sha256();
            try (InputStream in = Files.newInputStream(derFile)) {
                if (in.read() != 0x30 || in.read() == 0x80) {
                    throw new AssertionError("not a definite-length SignedData");
                }
            }
            try (InputStream in = Files.newInputStream(derFile)) {
                verifier.verify(in, alice.certificate(), stream -> digest(stream, fromDer));
            }
            check("verify DER", contentDigest, fromDer.digest());
            lap(millis, "verify DER", start);
            Files.delete(derFile);
        }
        Files.delete(signed);
        return millis;
    }

    private static long digest(InputStream in, MessageDigest digest) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    private static void check(String step, byte[] expected, byte[] actual) {
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new AssertionError(step + ": the SHA-256 digests differ");
        }
    }

    private static void check(String step, long expected, long actual) {
        if (expected != actual) {
            throw new AssertionError(step + ": " + actual + " bytes instead of " + expected);
        }
    }

    private static long lap(Map<String, Long> millis, String step, long start) {
        long now = System.nanoTime();
        millis.put(step, (now - start) / 1_000_000);
        return now;
    }

    private static MessageDigest sha256() throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256");
    }

    /** {@code size} pseudo-random bytes (xorshift64), made as they are read: no array of the payload anywhere. */
    static final class PseudoRandom extends GeneratedInputStream {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private final long size;
        private long state;

        PseudoRandom(long size, long seed) {
            this.size = size;
            this.state = seed == 0 ? 1 : seed;
        }

        @Override
        protected long length() {
            return size;
        }

        @Override
        protected void generate(long position, byte[] b, int off, int n) {
            int i = 0;
            for (; i + 8 <= n; i += 8) {
                LONGS.set(b, off + i, next());
            }
            if (i < n) {
                long last = next();
                for (; i < n; i++, last >>>= 8) {
                    b[off + i] = (byte) last;
                }
            }
        }

        private long next() {
            state ^= state << 13;
            state ^= state >>> 7;
            state ^= state << 17;
            return state;
        }
    }
}
