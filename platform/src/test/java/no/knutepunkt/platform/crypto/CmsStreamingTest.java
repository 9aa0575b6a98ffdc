package no.knutepunkt.platform.crypto;

import static no.knutepunkt.platform.crypto.CmsTest.indexOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import no.knutepunkt.platform.testing.Concurrently;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The streaming APIs of {@link CmsSigner}, {@link CmsVerifier} and {@link CmsEnvelope}. */
class CmsStreamingTest {
    private static final byte[] CONTENT =
            "Vedtak i sak 2024/1234 frå Modalen kommune — æøå ÆØÅ, unik tekst 7f3a9c".getBytes(StandardCharsets.UTF_8);

    static DemoPki.Issued alice;
    static DemoPki.Issued bob;
    static CmsSigner aliceSigner;
    static CmsSigner bobSigner;
    final CmsVerifier verifier = new CmsVerifier();
    static final CmsEnvelope envelope = new CmsEnvelope();

    @BeforeAll
    static void pki() {
        DemoPki pki = DemoPki.createCa("Test CA");
        alice = pki.issue("Alver kommune", "994631004");
        bob = pki.issue("Fedje kommune", "994633007");
        aliceSigner = new CmsSigner(alice.key(), alice.certificate());
        bobSigner = new CmsSigner(bob.key(), bob.certificate());
    }

    // ---- helpers ----

    static byte[] streamSign(CmsSigner signer, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        signer.sign(new ByteArrayInputStream(content), out);
        return out.toByteArray();
    }

    static byte[] streamEncrypt(byte[] content, DemoPki.Issued to) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        envelope.encrypt(new ByteArrayInputStream(content), to.certificate(), out);
        return out.toByteArray();
    }

    static byte[] streamDecrypt(byte[] enveloped, DemoPki.Issued by) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        envelope.decrypt(new ByteArrayInputStream(enveloped), by.key(), out);
        return out.toByteArray();
    }

    /** Verifies from a stream; returns what the reader saw. */
    byte[] streamVerify(byte[] signed, DemoPki.Issued expected) throws SignatureRejected, IOException {
        byte[][] seen = new byte[1][];
        verifier.verify(new ByteArrayInputStream(signed), expected.certificate(), in -> seen[0] = in.readAllBytes());
        return seen[0];
    }

    SignatureRejected rejected(byte[] signed, DemoPki.Issued expected, CmsVerifier.ContentReader reader) {
        return assertThrows(SignatureRejected.class,
                () -> verifier.verify(new ByteArrayInputStream(signed), expected.certificate(), reader));
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** The bytes of a stream, then the given exception instead of more. */
    static InputStream failingAfter(byte[] bytes, int after, IOException failure) {
        return new InputStream() {
            private int at;

            @Override
            public int read() throws IOException {
                if (at >= after) {
                    throw failure;
                }
                return bytes[at++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (at >= after) {
                    throw failure;
                }
                int n = Math.min(len, after - at);
                System.arraycopy(bytes, at, b, off, n);
                at += n;
                return n;
            }
        };
    }

    /** Counts close() calls. */
    static final class Closes extends FilterInputStream {
        int closes;

        Closes(byte[] bytes) {
            super(new ByteArrayInputStream(bytes));
        }

        @Override
        public void close() throws IOException {
            closes++;
            super.close();
        }
    }

    // ---- signing and verifying ----

    @Test
    void streamedSignIsBerAndVerifiesStreamedAndFromBytes() throws Exception {
        byte[] signed = streamSign(aliceSigner, CONTENT);
        assertThat(Arrays.copyOf(signed, 2)).as("indefinite-length ContentInfo").containsExactly(0x30, 0x80);
        assertThat(streamVerify(signed, alice)).isEqualTo(CONTENT);
        assertThat(verifier.verify(signed, alice.certificate())).isEqualTo(CONTENT);
        assertThat(verifier.embeddedContent(signed)).isEqualTo(CONTENT);
        assertThat(verifier.embeddedSignerCertificate(signed)).isEqualTo(alice.certificate());
    }

    @Test
    void derFromSignBytesVerifiesStreamed() throws Exception {
        byte[] signed = aliceSigner.sign(CONTENT);
        assertThat(signed[1] & 0xFF).as("definite length").isNotEqualTo(0x80);
        assertThat(streamVerify(signed, alice)).isEqualTo(CONTENT);
    }

    @Test
    void emptyAndMultiChunkContentRoundTrip() throws Exception {
        assertThat(streamVerify(streamSign(aliceSigner, new byte[0]), alice)).isEmpty();
        assertThat(streamVerify(aliceSigner.sign(new byte[0]), alice)).isEmpty();
        byte[] large = random(1_000_003, 5); // 15 full 64 KiB chunks and a part
        assertThat(streamVerify(streamSign(aliceSigner, large), alice)).isEqualTo(large);
        assertThat(streamVerify(aliceSigner.sign(large), alice)).isEqualTo(large);
    }

    @Test
    void theReaderIsCalledOnceAndMayReadOnlyPartOrNothing() throws Exception {
        byte[] large = random(300_000, 6);
        for (byte[] signed : List.of(streamSign(aliceSigner, large), aliceSigner.sign(large))) {
            AtomicInteger calls = new AtomicInteger();
            byte[] head = new byte[10];
            verifier.verify(new ByteArrayInputStream(signed), alice.certificate(), in -> {
                calls.incrementAndGet();
                assertThat(in.readNBytes(head, 0, head.length)).isEqualTo(10);
                in.close(); // closing is allowed and changes nothing: the verifier drains the rest
            });
            assertThat(calls).hasValue(1);
            assertThat(head).isEqualTo(Arrays.copyOf(large, 10));

            verifier.verify(new ByteArrayInputStream(signed), alice.certificate(), in -> calls.incrementAndGet());
            assertThat(calls).hasValue(2);

            // skip is read like the rest (the skipped bytes are digested too)
            verifier.verify(new ByteArrayInputStream(signed), alice.certificate(), in -> {
                in.skipNBytes(100_000);
                assertThat(in.read()).isEqualTo(large[100_000] & 0xFF);
            });
        }
    }

    @Test
    void tamperedContentIsInvalidAfterTheReaderSawIt() throws Exception {
        for (byte[] signed : List.of(aliceSigner.sign(CONTENT), streamSign(aliceSigner, CONTENT))) {
            int at = indexOf(signed, CONTENT);
            assertThat(at).isGreaterThan(0);
            byte[] tampered = signed.clone();
            tampered[at + 10] ^= 0x01;
            byte[][] seen = new byte[1][];
            SignatureRejected e = rejected(tampered, alice, in -> seen[0] = in.readAllBytes());
            assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.INVALID);
            assertThat(seen[0]).hasSameSizeAs(CONTENT).isNotEqualTo(CONTENT);
        }
    }

    @Test
    void tamperedSignatureIsInvalid() throws Exception {
        byte[] signed = aliceSigner.sign(CONTENT);
        signed[signed.length - 1] ^= 0x40;
        assertThat(rejected(signed, alice, InputStream::readAllBytes).reason())
                .isEqualTo(SignatureRejected.Reason.INVALID);
    }

    @Test
    void anotherSignerIsASignerMismatch() throws Exception {
        for (byte[] signed : List.of(bobSigner.sign(CONTENT), streamSign(bobSigner, CONTENT))) {
            SignatureRejected e = rejected(signed, alice, InputStream::readAllBytes);
            assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
            assertThat(e.getMessage()).contains("Alver kommune");
        }
        SignatureRejected e = rejected(streamSign(aliceSigner, CONTENT), bob, InputStream::readAllBytes);
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
    }

    @Test
    void aDetachedSignatureIsRefusedWithoutCallingTheReader() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        SignatureRejected e = rejected(aliceSigner.signDetached(CONTENT), alice, in -> calls.incrementAndGet());
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.DETACHED);
        assertThat(calls).hasValue(0);
        SignatureRejected content = assertThrows(SignatureRejected.class,
                () -> verifier.content(new ByteArrayInputStream(aliceSigner.signDetached(CONTENT))));
        assertThat(content.reason()).isEqualTo(SignatureRejected.Reason.DETACHED);
    }

    @Test
    void twoSignersAreRefused() throws Exception {
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        for (DemoPki.Issued party : new DemoPki.Issued[] {alice, bob}) {
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(party.key()), party.certificate()));
            generator.addCertificate(new JcaX509CertificateHolder(party.certificate()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream cms = generator.open(out, true)) {
            cms.write(CONTENT);
        }
        assertThat(rejected(out.toByteArray(), alice, InputStream::readAllBytes).reason())
                .isEqualTo(SignatureRejected.Reason.SIGNER_COUNT);
    }

    @Test
    void garbageAndTruncatedAreMalformed() throws Exception {
        byte[] der = aliceSigner.sign(random(200_000, 8));
        byte[] ber = streamSign(aliceSigner, random(200_000, 8));
        List<byte[]> broken = new ArrayList<>(List.of(random(512, 7), new byte[0],
                "not cms".getBytes(StandardCharsets.US_ASCII), new byte[] {0x30, 0x00}, new byte[] {0x30, (byte) 0x80},
                envelope.encrypt(CONTENT, alice.certificate()), streamEncrypt(CONTENT, alice)));
        for (byte[] signed : List.of(der, ber)) {
            // in the header, inside the content (the reader's stream breaks off), in the certificate, in the signer info
            for (int length : new int[] {1, 20, 60, 100, 70_000, 199_000, signed.length - 1_200, signed.length - 100,
                    signed.length - 2}) {
                broken.add(Arrays.copyOf(signed, length));
            }
            // and with something after the structure
            broken.add(Arrays.copyOf(signed, signed.length + 2));
            byte[] junk = Arrays.copyOf(signed, signed.length + 5);
            junk[signed.length] = 'x';
            broken.add(junk);
        }
        for (byte[] bytes : broken) {
            // whatever the reader does with the exception its stream gives it: rethrow, wrap, swallow
            List<CmsVerifier.ContentReader> readers = List.of(
                    InputStream::readAllBytes,
                    in -> {
                        try {
                            in.readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException("the reader's own wrapping", e);
                        }
                    },
                    in -> {
                        try {
                            in.readAllBytes();
                        } catch (IOException swallowed) {
                            // the verifier must still refuse
                        }
                    });
            for (CmsVerifier.ContentReader reader : readers) {
                SignatureRejected e = rejected(bytes, alice, reader);
                assertThat(e.reason()).as("%d bytes", bytes.length).isEqualTo(SignatureRejected.Reason.MALFORMED);
            }
            SignatureRejected fromBytes = assertThrows(SignatureRejected.class,
                    () -> verifier.verify(bytes, alice.certificate()));
            assertThat(fromBytes.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
        }
    }

    @Test
    void tooMuchStructureAfterTheContentIsMalformed() throws Exception {
        // A SignedData whose certificate set is larger than anything real: Bouncy Castle would hold it in memory.
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(alice.key()), alice.certificate()));
        JcaX509CertificateHolder certificate = new JcaX509CertificateHolder(alice.certificate());
        long count = CmsStreams.MAX_STRUCTURE / certificate.getEncoded().length + 10;
        for (long i = 0; i < count; i++) {
            generator.addCertificate(certificate);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream cms = generator.open(out, true)) {
            cms.write(CONTENT);
        }
        SignatureRejected e = rejected(out.toByteArray(), alice, InputStream::readAllBytes);
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
        assertThat(e.getMessage()).contains("bytes of CMS structure outside the content");
    }

    @Test
    void exceptionsFromTheInputPropagateUnchanged() throws Exception {
        byte[] signed = streamSign(aliceSigner, random(200_000, 9));
        for (int after : new int[] {0, 5, 1_000, 150_000, signed.length - 10}) {
            IOException failure = new IOException("connection reset at " + after);
            IOException e = assertThrows(IOException.class, () -> verifier.verify(
                    failingAfter(signed, after, failure), alice.certificate(), InputStream::readAllBytes));
            assertThat(e).isSameAs(failure);
            // also when the reader swallows it
            IOException swallowed = assertThrows(IOException.class, () -> verifier.verify(
                    failingAfter(signed, after, failure), alice.certificate(), in -> {
                        try {
                            in.readAllBytes();
                        } catch (IOException ignored) {
                            // the verifier must still report it
                        }
                    }));
            assertThat(swallowed).isSameAs(failure);
        }
        RuntimeException unchecked = new IllegalStateException("the input's own unchecked failure");
        InputStream throwing = new InputStream() {
            @Override
            public int read() {
                throw unchecked;
            }
        };
        assertThatThrownBy(() -> verifier.verify(throwing, alice.certificate(), InputStream::readAllBytes))
                .isSameAs(unchecked);
    }

    @Test
    void exceptionsFromTheReaderPropagateUnchanged() throws Exception {
        byte[] signed = streamSign(aliceSigner, CONTENT);
        IOException io = new IOException("disk full");
        assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(signed), alice.certificate(), in -> {
            in.read();
            throw io;
        })).isSameAs(io);
        IllegalStateException unchecked = new IllegalStateException("the reader's own failure");
        assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(signed), alice.certificate(), in -> {
            throw unchecked;
        })).isSameAs(unchecked);
        UncheckedIOException wrapped = new UncheckedIOException(io);
        assertThatThrownBy(() -> verifier.verify(new ByteArrayInputStream(signed), alice.certificate(), in -> {
            throw wrapped;
        })).isSameAs(wrapped);
    }

    @Test
    void verifyDoesNotCloseTheInput() throws Exception {
        Closes in = new Closes(streamSign(aliceSigner, CONTENT));
        verifier.verify(in, alice.certificate(), InputStream::readAllBytes);
        assertThat(in.closes).isZero();
        Closes rejected = new Closes(streamSign(bobSigner, CONTENT));
        assertThrows(SignatureRejected.class, () -> verifier.verify(rejected, alice.certificate(), content -> { }));
        assertThat(rejected.closes).isZero();
    }

    @Test
    void theVerifierForACertificateIsBuiltOnce() throws Exception {
        CmsVerifier fresh = new CmsVerifier();
        byte[] signed = streamSign(aliceSigner, CONTENT);
        for (int i = 0; i < 5; i++) {
            fresh.verify(new ByteArrayInputStream(signed), alice.certificate(), InputStream::readAllBytes);
            fresh.verify(signed, alice.certificate());
            assertThrows(SignatureRejected.class, () -> fresh.verify(signed, bob.certificate()));
        }
        assertThat(fresh.cachedVerifiers()).isEqualTo(2);
    }

    // ---- content without verification ----

    @Test
    void contentStreamsTheEncapsulatedContentAndClosesTheInput() throws Exception {
        byte[] large = random(300_000, 10);
        for (byte[] signed : List.of(aliceSigner.sign(large), streamSign(aliceSigner, large))) {
            Closes in = new Closes(signed);
            try (InputStream content = verifier.content(in)) {
                assertThat(in.closes).isZero();
                assertThat(content.readAllBytes()).isEqualTo(large);
            }
            assertThat(in.closes).isEqualTo(1);
        }
        // no signature check: another signer's content is given as it is
        try (InputStream content = verifier.content(new ByteArrayInputStream(streamSign(bobSigner, CONTENT)))) {
            assertThat(content.readAllBytes()).isEqualTo(CONTENT);
        }
        SignatureRejected garbage = assertThrows(SignatureRejected.class,
                () -> verifier.content(new ByteArrayInputStream(random(100, 11))));
        assertThat(garbage.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
        SignatureRejected enveloped = assertThrows(SignatureRejected.class,
                () -> verifier.content(new ByteArrayInputStream(streamEncrypt(CONTENT, alice))));
        assertThat(enveloped.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
        // a structure that breaks off inside the content: an IOException while reading
        byte[] truncated = Arrays.copyOf(streamSign(aliceSigner, large), 200_000);
        try (InputStream content = verifier.content(new ByteArrayInputStream(truncated))) {
            assertThrows(IOException.class, content::readAllBytes);
        }
        assertThat(assertThrows(SignatureRejected.class, () -> verifier.embeddedContent(truncated)).reason())
                .isEqualTo(SignatureRejected.Reason.MALFORMED);
    }

    // ---- encryption ----

    @Test
    void streamedEncryptionIsBerAndDecryptsStreamedAndFromBytes() throws Exception {
        byte[] large = random(1_000_003, 12);
        for (byte[] content : List.of(CONTENT, new byte[0], large)) {
            byte[] enveloped = streamEncrypt(content, bob);
            assertThat(Arrays.copyOf(enveloped, 2)).containsExactly(0x30, 0x80);
            assertThat(streamDecrypt(enveloped, bob)).isEqualTo(content);
            assertThat(envelope.decrypt(enveloped, bob.key())).isEqualTo(content);
            // and the DER of the byte-array API decrypts streamed
            assertThat(streamDecrypt(envelope.encrypt(content, bob.certificate()), bob)).isEqualTo(content);
        }
        assertThat(indexOf(streamEncrypt(CONTENT, bob), CONTENT)).isEqualTo(-1);
        assertThat(streamEncrypt(CONTENT, bob)).isNotEqualTo(streamEncrypt(CONTENT, bob));
    }

    @Test
    void decryptingWithTheWrongKeyOrWhatIsNotEnvelopedDataFails() throws Exception {
        byte[] enveloped = streamEncrypt(CONTENT, alice);
        assertThatThrownBy(() -> streamDecrypt(enveloped, bob))
                .isInstanceOf(CryptoException.class).hasMessageContaining("not encrypted to this key");
        for (byte[] bytes : List.of(random(256, 13), new byte[0], aliceSigner.sign(CONTENT),
                streamSign(aliceSigner, CONTENT), Arrays.copyOf(enveloped, 40),
                Arrays.copyOf(enveloped, enveloped.length + 1), Arrays.copyOf(envelope.encrypt(CONTENT,
                        alice.certificate()), envelope.encrypt(CONTENT, alice.certificate()).length + 3))) {
            assertThatThrownBy(() -> streamDecrypt(bytes, alice)).isInstanceOf(CryptoException.class);
        }
    }

    @Test
    void truncatedOrTamperedCiphertextIsACryptoException() throws Exception {
        byte[] large = random(200_000, 14);
        byte[] enveloped = streamEncrypt(large, alice);
        for (int length : new int[] {enveloped.length / 2, enveloped.length - 20, enveloped.length - 4,
                enveloped.length - 2}) {
            byte[] truncated = Arrays.copyOf(enveloped, length);
            assertThatThrownBy(() -> streamDecrypt(truncated, alice)).isInstanceOf(CryptoException.class);
        }
        // DER ends with the ciphertext: flipping the last bit of the next-to-last block breaks the padding
        byte[] der = envelope.encrypt(CONTENT, alice.certificate());
        der[der.length - 17] ^= 0x01;
        assertThatThrownBy(() -> streamDecrypt(der, alice))
                .isInstanceOf(CryptoException.class).hasMessageContaining("does not decrypt");
        assertThatThrownBy(() -> envelope.decrypt(der, alice.key())).isInstanceOf(CryptoException.class);
    }

    @Test
    void ioExceptionsOfTheStreamsPropagateUnchangedAndOutIsNotClosed() throws Exception {
        byte[] large = random(300_000, 15);
        byte[] enveloped = streamEncrypt(large, alice);
        for (int after : new int[] {0, 10, 100_000}) {
            IOException failure = new IOException("read failed at " + after);
            assertThatThrownBy(() -> envelope.decrypt(failingAfter(enveloped, after, failure), alice.key(),
                    OutputStream.nullOutputStream())).isSameAs(failure);
            assertThatThrownBy(() -> envelope.encrypt(failingAfter(large, after, failure), alice.certificate(),
                    OutputStream.nullOutputStream())).isSameAs(failure);
            assertThatThrownBy(() -> aliceSigner.sign(failingAfter(large, after, failure),
                    OutputStream.nullOutputStream())).isSameAs(failure);
        }
        IOException full = new IOException("disk full");
        OutputStream failing = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw full;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw full;
            }
        };
        assertThatThrownBy(() -> envelope.decrypt(new ByteArrayInputStream(enveloped), alice.key(), failing))
                .isSameAs(full);
        assertThatThrownBy(() -> envelope.encrypt(new ByteArrayInputStream(large), alice.certificate(), failing))
                .isSameAs(full);
        assertThatThrownBy(() -> aliceSigner.sign(new ByteArrayInputStream(large), failing)).isSameAs(full);

        class Tracking extends ByteArrayOutputStream {
            boolean closed;

            @Override
            public void close() {
                closed = true;
            }
        }
        Tracking signed = new Tracking();
        aliceSigner.sign(new ByteArrayInputStream(CONTENT), signed);
        Tracking encrypted = new Tracking();
        envelope.encrypt(new ByteArrayInputStream(signed.toByteArray()), bob.certificate(), encrypted);
        Tracking decrypted = new Tracking();
        envelope.decrypt(new ByteArrayInputStream(encrypted.toByteArray()), bob.key(), decrypted);
        assertThat(List.of(signed.closed, encrypted.closed, decrypted.closed)).containsOnly(false);
        assertThat(verifier.verify(decrypted.toByteArray(), alice.certificate())).isEqualTo(CONTENT);
    }

    // ---- threads ----

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void sharedInstancesGiveCorrectAnswersFromEightThreads() throws Exception {
        assertThat(Concurrently.wrongAnswers(8, (seed, wrong) -> {
            for (int round = 0; round < 10; round++) {
                byte[] content = random(1 + (seed * 7919 + round * 104_729) % 200_000, seed * 100L + round);
                CmsSigner signer = (seed + round) % 2 == 0 ? aliceSigner : bobSigner;
                DemoPki.Issued signerParty = signer == aliceSigner ? alice : bob;
                DemoPki.Issued other = signer == aliceSigner ? bob : alice;
                byte[] sealed = streamEncrypt(streamSign(signer, content), other);
                byte[] opened = streamDecrypt(sealed, other);
                if (!Arrays.equals(streamVerify(opened, signerParty), content)) {
                    wrong.add("round " + round + " of thread " + seed + ": content differs");
                }
                try {
                    streamVerify(opened, other);
                    wrong.add("round " + round + " of thread " + seed + ": the wrong signer verified");
                } catch (SignatureRejected expected) {
                    if (expected.reason() != SignatureRejected.Reason.SIGNER_MISMATCH) {
                        wrong.add(expected.reason().toString());
                    }
                }
            }
        })).isEmpty();
        assertThat(verifier.cachedVerifiers()).isEqualTo(2);
    }
}
