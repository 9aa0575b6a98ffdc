package no.knutepunkt.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the signature check of every intake with arbitrary bytes as the SignedData: in memory
 * ({@link CmsVerifier#verify(byte[], X509Certificate)}) and streamed from a caller's stream that never fails
 * (the other code path: buffered, content handed to a reader). Either way the verifier returns the signed content
 * or refuses with {@link SignatureRejected}; anything else (a Bouncy Castle exception leaking, an NPE, an
 * IOException, an OutOfMemoryError) is a finding. Both paths must agree, and what they accept must be what the
 * unverified {@link CmsVerifier#embeddedContent(byte[])} reads.
 *
 * <p>The seeds in {@code CmsVerifierFuzzTestInputs/signedData} are SignedData signed by the key of the committed
 * {@code fuzz-signer.pem} (DER, BER streamed, detached, SHA-1, another signer); {@link Seeds} makes them anew.
 */
class CmsVerifierFuzzTest {
    private static final X509Certificate SIGNER = Pem.readCertificate(
            resource("fuzz-signer.pem"), "fuzz-signer.pem");
    private static final CmsVerifier VERIFIER = new CmsVerifier();

    @FuzzTest(maxDuration = "10s")
    void signedData(byte[] input) throws IOException {
        Outcome inMemory = Outcome.of(() -> VERIFIER.verify(input, SIGNER));
        Outcome streamed = Outcome.of(() -> streamed(input));

        assertThat(streamed).as("the streamed verification agrees with the one in memory").isEqualTo(inMemory);
        if (inMemory.content() != null) {
            assertThat(Outcome.of(() -> VERIFIER.embeddedContent(input)).content())
                    .as("the content read without verification is the content verified")
                    .isEqualTo(inMemory.content());
        }
    }

    @Test
    void theSeedsReachEachOutcome() throws IOException {
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("der"), SIGNER)).content())
                .asString(StandardCharsets.UTF_8).isEqualTo("<arkivmelding>hei</arkivmelding>");
        assertThat(Outcome.of(() -> streamed(seed("ber-streamed"))).content()).hasSize(32);
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("empty-content"), SIGNER)).content()).isEmpty();
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("detached"), SIGNER)).reason())
                .isEqualTo(SignatureRejected.Reason.DETACHED);
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("other-signer"), SIGNER)).reason())
                .isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("sha1"), SIGNER)).reason())
                .isEqualTo(SignatureRejected.Reason.WEAK_ALGORITHM);
        // found by fuzzing: Bouncy Castle's ASN1ParsingException from reading the content's header leaked
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("crash-content-tag-over-31-bits"), SIGNER)).reason())
                .isEqualTo(SignatureRejected.Reason.MALFORMED);
        assertThat(Outcome.of(() -> streamed(seed("crash-content-tag-over-31-bits"))).reason())
                .isEqualTo(SignatureRejected.Reason.MALFORMED);
        // found by fuzzing: an issuer name that is not UTF-8 made the mismatch's message throw
        assertThat(Outcome.of(() -> VERIFIER.verify(seed("crash-issuer-invalid-utf8"), SIGNER)).reason())
                .isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = CmsVerifierFuzzTest.class.getResourceAsStream("CmsVerifierFuzzTestInputs/signedData/"
                + name)) {
            return in.readAllBytes();
        }
    }

    /** The streamed path; the caller's stream is not a ByteArrayInputStream, so it is buffered as a socket is. */
    private static byte[] streamed(byte[] input) throws SignatureRejected, IOException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        AtomicInteger calls = new AtomicInteger();
        VERIFIER.verify(new BufferedInputStream(new ByteArrayInputStream(input), 1), SIGNER, in -> {
            calls.incrementAndGet();
            in.transferTo(content);
        });
        assertThat(calls).as("the reader is called exactly once").hasValue(1);
        return content.toByteArray();
    }

    /** What a verification came to: the content, or the reason it was rejected; any other throwable escapes. */
    private record Outcome(byte[] content, SignatureRejected.Reason reason) {
        interface Verification {
            byte[] run() throws SignatureRejected, IOException;
        }

        static Outcome of(Verification verification) throws IOException {
            try {
                byte[] content = verification.run();
                assertThat(content).as("verified content").isNotNull();
                return new Outcome(content, null);
            } catch (SignatureRejected e) {
                assertThat(e.reason()).as("reason of " + e).isNotNull();
                assertThat(e.getMessage()).as("message of a rejection").isNotBlank();
                return new Outcome(null, e.reason());
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && java.util.Arrays.equals(content, other.content)
                    && reason == other.reason;
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(content) * 31 + java.util.Objects.hashCode(reason);
        }

        @Override
        public String toString() {
            return content != null ? "verified " + content.length + " bytes" : "rejected " + reason;
        }
    }

    private static String resource(String name) {
        try (InputStream in = CmsVerifierFuzzTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the signer certificate and the seeds anew (a new key each time; the key itself is not kept):
     * {@code java ... 'CmsVerifierFuzzTest$Seeds' platform/src/test/resources/no/knutepunkt/platform/crypto}.
     */
    static final class Seeds {
        public static void main(String[] args) throws Exception {
            Path folder = Path.of(args[0]);
            Path seeds = Files.createDirectories(folder.resolve("CmsVerifierFuzzTestInputs/signedData"));
            DemoPki pki = DemoPki.createCa("Fuzz CA");
            DemoPki.Issued signer = pki.issue("Fuzz kommune", "999999999");
            Files.writeString(folder.resolve("fuzz-signer.pem"), Pem.toPem(signer.certificate()));
            byte[] content = "<arkivmelding>hei</arkivmelding>".getBytes(StandardCharsets.UTF_8);
            CmsSigner cms = new CmsSigner(signer.key(), signer.certificate());
            Files.write(seeds.resolve("der"), cms.sign(content));
            ByteArrayOutputStream ber = new ByteArrayOutputStream();
            cms.sign(new ByteArrayInputStream(content), ber);
            Files.write(seeds.resolve("ber-streamed"), ber.toByteArray());
            Files.write(seeds.resolve("detached"), cms.signDetached(content));
            Files.write(seeds.resolve("empty-content"), cms.sign(new byte[0]));
            DemoPki.Issued other = pki.issue("Annan kommune", "888888888");
            Files.write(seeds.resolve("other-signer"), new CmsSigner(other.key(), other.certificate()).sign(content));
            CMSSignedDataGenerator sha1 = new CMSSignedDataGenerator();
            sha1.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                    .setProvider(Bc.PROVIDER).build()).build(new JcaContentSignerBuilder("SHA1withRSA")
                    .setProvider(Bc.PROVIDER).build(signer.key()), signer.certificate()));
            sha1.addCertificate(new JcaX509CertificateHolder(signer.certificate()));
            Files.write(seeds.resolve("sha1"), sha1.generate(new CMSProcessableByteArray(content), true).getEncoded());
        }
    }
}
