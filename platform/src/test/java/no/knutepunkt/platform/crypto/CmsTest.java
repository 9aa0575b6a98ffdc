package no.knutepunkt.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Random;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.EnvelopedData;
import org.bouncycastle.asn1.cms.KeyTransRecipientInfo;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CmsTest {
    private static final byte[] CONTENT =
            "Vedtak i sak 2024/1234 frå Modalen kommune — æøå ÆØÅ, unik tekst 7f3a9c".getBytes(StandardCharsets.UTF_8);

    static DemoPki pki;
    static DemoPki.Issued alice;
    static DemoPki.Issued bob;
    static CmsSigner aliceSigner;
    static final CmsVerifier verifier = new CmsVerifier();
    static final CmsEnvelope envelope = new CmsEnvelope();

    @BeforeAll
    static void pki() {
        pki = DemoPki.createCa("Test CA");
        alice = pki.issue("Alver kommune", "994631004");
        bob = pki.issue("Fedje kommune", "994633007");
        aliceSigner = new CmsSigner(alice.key(), alice.certificate());
    }

    // ---- DemoPki ----

    @Test
    void issuedCertificatesAreSignedByTheCa() throws Exception {
        alice.certificate().verify(pki.caCertificate().getPublicKey());
        bob.certificate().verify(pki.caCertificate().getPublicKey());
        pki.caCertificate().verify(pki.caCertificate().getPublicKey());
        assertThat(alice.certificate().getIssuerX500Principal()).isEqualTo(pki.caCertificate().getSubjectX500Principal());
        assertThat(alice.certificate().getSubjectX500Principal().getName()).contains("CN=Alver kommune", "O=994631004");
        assertThat(alice.certificate().getSerialNumber()).isNotEqualTo(bob.certificate().getSerialNumber());
        assertThat(alice.certificate().getBasicConstraints()).isEqualTo(-1);
        assertThat(pki.caCertificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        alice.certificate().checkValidity();
    }

    // ---- signing ----

    @Test
    void signThenVerifyReturnsTheExactBytes() throws Exception {
        byte[] signed = aliceSigner.sign(CONTENT);
        assertThat(signed).isNotEqualTo(CONTENT);
        assertThat(verifier.verify(signed, alice.certificate())).isEqualTo(CONTENT);
    }

    @Test
    void signsEmptyAndBinaryContent() throws Exception {
        assertThat(verifier.verify(aliceSigner.sign(new byte[0]), alice.certificate())).isEmpty();
        byte[] binary = new byte[70_000];
        new Random(42).nextBytes(binary);
        assertThat(verifier.verify(aliceSigner.sign(binary), alice.certificate())).isEqualTo(binary);
    }

    @Test
    void tamperingWithTheContentIsInvalid() {
        byte[] signed = aliceSigner.sign(CONTENT);
        int at = indexOf(signed, CONTENT);
        assertThat(at).as("the content is carried in the DER").isGreaterThan(0);
        assertThat(indexOf(Arrays.copyOfRange(signed, at + 1, signed.length), CONTENT)).isEqualTo(-1);
        byte[] tampered = signed.clone();
        tampered[at + 10] ^= 0x01;
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(tampered, alice.certificate()));
        assertThat(e.reason()).isIn(SignatureRejected.Reason.INVALID, SignatureRejected.Reason.MALFORMED);
        // the content bytes are inside an OCTET STRING, so the structure still parses: the digest must not match
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.INVALID);
    }

    @Test
    void tamperingWithTheSignatureValueIsInvalid() {
        byte[] signed = aliceSigner.sign(CONTENT);
        byte[] tampered = signed.clone();
        tampered[tampered.length - 1] ^= 0x40; // the last bytes are the signer's RSA signature
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(tampered, alice.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.INVALID);
    }

    @Test
    void anotherPartysCertificateIsASignerMismatch() {
        byte[] signed = aliceSigner.sign(CONTENT);
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(signed, bob.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
        assertThat(e.getMessage()).contains("Fedje kommune");
    }

    @Test
    void signedByBobButExpectedAliceIsASignerMismatch() {
        byte[] signed = new CmsSigner(bob.key(), bob.certificate()).sign(CONTENT);
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(signed, alice.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
    }

    @Test
    void garbageIsMalformed() {
        byte[] garbage = new byte[512];
        new Random(7).nextBytes(garbage);
        for (byte[] bytes : new byte[][] {garbage, new byte[0], "not cms".getBytes(StandardCharsets.US_ASCII),
                Arrays.copyOf(aliceSigner.sign(CONTENT), 100)}) {
            SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(bytes, alice.certificate()));
            assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
        }
    }

    @Test
    void envelopedDataIsNotSignedData() {
        byte[] enveloped = envelope.encrypt(CONTENT, alice.certificate());
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(enveloped, alice.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
    }

    @Test
    void aDetachedSignatureIsRefusedByVerify() throws Exception {
        byte[] detached = detachedSignature(CONTENT, alice);
        assertThat(indexOf(detached, CONTENT)).isEqualTo(-1);
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(detached, alice.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.DETACHED);
    }

    @Test
    void verifyDetachedAcceptsTheRightContent() throws Exception {
        verifier.verifyDetached(detachedSignature(CONTENT, alice), CONTENT, alice.certificate());
        // an attached signature can be checked against content the caller has as well
        verifier.verifyDetached(aliceSigner.sign(CONTENT), CONTENT, alice.certificate());
    }

    @Test
    void verifyDetachedRefusesDifferentContent() throws Exception {
        byte[] other = CONTENT.clone();
        other[3] ^= 0x01;
        SignatureRejected e = assertThrows(SignatureRejected.class,
                () -> verifier.verifyDetached(detachedSignature(CONTENT, alice), other, alice.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.INVALID);

        SignatureRejected attached = assertThrows(SignatureRejected.class,
                () -> verifier.verifyDetached(aliceSigner.sign(CONTENT), other, alice.certificate()));
        assertThat(attached.reason()).isEqualTo(SignatureRejected.Reason.INVALID);
    }

    @Test
    void verifyDetachedRefusesTheWrongSignerAndGarbage() throws Exception {
        SignatureRejected mismatch = assertThrows(SignatureRejected.class,
                () -> verifier.verifyDetached(detachedSignature(CONTENT, alice), CONTENT, bob.certificate()));
        assertThat(mismatch.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
        SignatureRejected garbage = assertThrows(SignatureRejected.class,
                () -> verifier.verifyDetached(new byte[] {1, 2, 3}, CONTENT, alice.certificate()));
        assertThat(garbage.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
    }

    @Test
    void twoSignersAreRefused() throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        for (DemoPki.Issued party : new DemoPki.Issued[] {alice, bob}) {
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(party.key()), party.certificate()));
            generator.addCertificate(new JcaX509CertificateHolder(party.certificate()));
        }
        byte[] signed = generator.generate(new CMSProcessableByteArray(CONTENT), true).getEncoded("DER");
        SignatureRejected e = assertThrows(SignatureRejected.class, () -> verifier.verify(signed, alice.certificate()));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_COUNT);
        SignatureRejected embedded = assertThrows(SignatureRejected.class,
                () -> verifier.embeddedSignerCertificate(signed));
        assertThat(embedded.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_COUNT);
    }

    @Test
    void theEmbeddedSignerCertificateIsTheSignersOwn() throws Exception {
        X509Certificate embedded = verifier.embeddedSignerCertificate(aliceSigner.sign(CONTENT));
        assertThat(embedded.getEncoded()).isEqualTo(alice.certificate().getEncoded());
        SignatureRejected e = assertThrows(SignatureRejected.class,
                () -> verifier.embeddedSignerCertificate(new byte[] {0x30, 0x00}));
        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.MALFORMED);
    }

    // ---- encryption ----

    @Test
    void encryptThenDecryptRoundTrips() {
        byte[] enveloped = envelope.encrypt(CONTENT, alice.certificate());
        assertThat(indexOf(enveloped, CONTENT)).as("the plaintext must not appear in the EnvelopedData").isEqualTo(-1);
        assertThat(envelope.decrypt(enveloped, alice.key())).isEqualTo(CONTENT);
    }

    @Test
    void encryptingTwiceGivesDifferentCiphertexts() {
        byte[] one = envelope.encrypt(CONTENT, alice.certificate());
        byte[] two = envelope.encrypt(CONTENT, alice.certificate());
        assertThat(one).isNotEqualTo(two);
        assertThat(envelope.decrypt(two, alice.key())).isEqualTo(CONTENT);
    }

    @Test
    void aSignedPayloadSurvivesEncryption() throws Exception {
        byte[] signed = aliceSigner.sign(CONTENT);
        byte[] decrypted = envelope.decrypt(envelope.encrypt(signed, bob.certificate()), bob.key());
        assertThat(decrypted).isEqualTo(signed);
        assertThat(verifier.verify(decrypted, alice.certificate())).isEqualTo(CONTENT);
    }

    @Test
    void encryptsEmptyAndLargeContent() {
        assertThat(envelope.decrypt(envelope.encrypt(new byte[0], bob.certificate()), bob.key())).isEmpty();
        byte[] large = new byte[300_000];
        new Random(1).nextBytes(large);
        assertThat(envelope.decrypt(envelope.encrypt(large, bob.certificate()), bob.key())).isEqualTo(large);
    }

    @Test
    void decryptingWithTheWrongKeyFails() {
        // Encrypt to the party with the smaller modulus and decrypt with the larger one, so the wrapped key
        // always fits the wrong key's modulus and the failure is in the OAEP padding. (The other direction
        // sometimes fails differently: see wrappedKeyLargerThanTheModulusIsACryptoException.)
        DemoPki.Issued small = modulus(alice).compareTo(modulus(bob)) < 0 ? alice : bob;
        DemoPki.Issued large = small == alice ? bob : alice;
        for (int i = 0; i < 5; i++) {
            byte[] enveloped = envelope.encrypt(CONTENT, small.certificate());
            assertThatThrownBy(() -> envelope.decrypt(enveloped, large.key()))
                    .isInstanceOf(CryptoException.class)
                    .hasMessageContaining("not encrypted to this key");
            assertThat(envelope.decrypt(enveloped, small.key())).isEqualTo(CONTENT);
        }
    }

    /*
     * Bouncy Castle throws unchecked exceptions (DataLengthException, ArrayIndexOutOfBounds) when the
     * wrapped content key is not smaller than the modulus of the key given to decrypt: a wrong key with
     * a smaller modulus, or a hostile EnvelopedData. decrypt must still answer with a CryptoException.
     */

    @Test
    void wrappedKeyLargerThanTheModulusIsACryptoException() throws Exception {
        byte[] enveloped = envelope.encrypt(CONTENT, alice.certificate());
        KeyTransRecipientInfo info = KeyTransRecipientInfo.getInstance(
                EnvelopedData.getInstance(ContentInfo.getInstance(enveloped).getContent())
                        .getRecipientInfos().getObjectAt(0).toASN1Primitive());
        byte[] wrapped = info.getEncryptedKey().getOctets();
        int at = indexOf(enveloped, wrapped);
        assertThat(at).isGreaterThan(0);
        byte[] hostile = enveloped.clone();
        Arrays.fill(hostile, at, at + wrapped.length, (byte) 0xFF); // 2^2048 - 1 > any 2048-bit modulus
        assertThatThrownBy(() -> envelope.decrypt(hostile, alice.key())).isInstanceOf(CryptoException.class);
    }

    @Test
    void aWrongKeyWithASmallerModulusIsACryptoException() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(1024);
        PrivateKey smaller = generator.generateKeyPair().getPrivate();
        byte[] enveloped = envelope.encrypt(CONTENT, alice.certificate());
        assertThatThrownBy(() -> envelope.decrypt(enveloped, smaller)).isInstanceOf(CryptoException.class);
    }

    @Test
    void decryptingGarbageFails() {
        byte[] garbage = new byte[256];
        new Random(3).nextBytes(garbage);
        assertThatThrownBy(() -> envelope.decrypt(garbage, alice.key())).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> envelope.decrypt(new byte[0], alice.key())).isInstanceOf(CryptoException.class);
    }

    @Test
    void decryptingSignedDataFails() {
        byte[] signed = aliceSigner.sign(CONTENT);
        assertThatThrownBy(() -> envelope.decrypt(signed, alice.key())).isInstanceOf(CryptoException.class);
    }

    // ---- PEM ----

    @Test
    void pemRoundTrip(@TempDir Path dir) throws Exception {
        String keyPem = Pem.toPem(alice.key());
        String certPem = Pem.toPem(alice.certificate());
        assertThat(keyPem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(keyPem.strip()).endsWith("-----END PRIVATE KEY-----");
        assertThat(certPem).startsWith("-----BEGIN CERTIFICATE-----");

        Path keyFile = Files.writeString(dir.resolve("key.pem"), keyPem, StandardCharsets.US_ASCII);
        Path certFile = Files.writeString(dir.resolve("cert.pem"), certPem, StandardCharsets.US_ASCII);
        PrivateKey key = Pem.readPrivateKey(keyFile);
        X509Certificate cert = Pem.readCertificate(certFile);

        assertThat(key.getEncoded()).isEqualTo(alice.key().getEncoded());
        assertThat(key.getFormat()).isEqualTo("PKCS#8");
        assertThat(cert.getEncoded()).isEqualTo(alice.certificate().getEncoded());
        assertThat(cert).isEqualTo(alice.certificate());
        assertThat(Pem.readCertificate(certPem, "text").getEncoded()).isEqualTo(alice.certificate().getEncoded());

        // what was read back works: sign with the read key, verify with the read certificate
        byte[] signed = new CmsSigner(key, cert).sign(CONTENT);
        assertThat(verifier.verify(signed, alice.certificate())).isEqualTo(CONTENT);
    }

    @Test
    void pemReadsRefuseTheWrongKindOfObject(@TempDir Path dir) throws Exception {
        Path keyFile = Files.writeString(dir.resolve("key.pem"), Pem.toPem(alice.key()));
        Path certFile = Files.writeString(dir.resolve("cert.pem"), Pem.toPem(alice.certificate()));
        Path empty = Files.writeString(dir.resolve("empty.pem"), "no pem here\n");
        assertThatThrownBy(() -> Pem.readCertificate(keyFile)).isInstanceOf(CryptoException.class)
                .hasMessageContaining(keyFile.toString());
        assertThatThrownBy(() -> Pem.readPrivateKey(certFile)).isInstanceOf(CryptoException.class)
                .hasMessageContaining(certFile.toString());
        assertThatThrownBy(() -> Pem.readPrivateKey(empty)).isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Pem.readCertificate(dir.resolve("missing.pem"))).isInstanceOf(CryptoException.class)
                .hasMessageContaining("missing.pem");
    }

    // ---- helpers ----

    private static byte[] detachedSignature(byte[] content, DemoPki.Issued party) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(party.key()), party.certificate()));
        generator.addCertificate(new JcaX509CertificateHolder(party.certificate()));
        return generator.generate(new CMSProcessableByteArray(content), false).getEncoded("DER");
    }

    private static BigInteger modulus(DemoPki.Issued party) {
        return ((RSAPublicKey) party.certificate().getPublicKey()).getModulus();
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
