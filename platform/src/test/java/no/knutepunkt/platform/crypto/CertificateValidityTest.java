package no.knutepunkt.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import no.knutepunkt.platform.identity.Certificates;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A signer's registered certificate must be valid when the signature is checked at intake, and a member may have
 * two registered certificates while it rotates its key: either signs, and what is encrypted to both opens with
 * either key.
 */
class CertificateValidityTest {
    private static final byte[] CONTENT = "vedtak".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.now();
    static DemoPki pki;
    static DemoPki.Issued expired;
    static DemoPki.Issued future;
    static DemoPki.Issued current;
    static DemoPki.Issued next;
    final CmsVerifier verifier = new CmsVerifier();

    @BeforeAll
    static void pki() {
        pki = DemoPki.createCa("Test CA");
        expired = pki.issue("Alver kommune", "994631004", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
        future = pki.issue("Alver kommune", "994631004", NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)));
        current = pki.issue("Alver kommune", "994631004", NOW.minus(Duration.ofDays(300)), NOW.plus(Duration.ofDays(20)));
        next = pki.issue("Alver kommune", "994631004", NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofDays(700)));
    }

    private static byte[] sign(DemoPki.Issued by) {
        return new CmsSigner(by.key(), by.certificate()).sign(CONTENT);
    }

    /** Signed without any signed attribute, so without a signing time: only the time of the check can tell. */
    private static byte[] signWithoutSigningTime(DemoPki.Issued by) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build()).setDirectSignature(true)
                .build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(Bc.PROVIDER).build(by.key()),
                        by.certificate()));
        return generator.generate(new CMSProcessableByteArray(CONTENT), true).getEncoded();
    }

    private void verify(byte[] signed, List<DemoPki.Issued> registered, Instant at) throws Exception {
        verifier.verify(new ByteArrayInputStream(signed), registered.stream().map(DemoPki.Issued::certificate).toList(),
                at, in -> assertThat(in.readAllBytes()).isEqualTo(CONTENT));
    }

    @Test
    void anExpiredOrNotYetValidCertificateIsRefusedAtTheTimeOfTheCheck() throws Exception {
        // without a signing time, the time of the check decides
        assertThatThrownBy(() -> verify(signWithoutSigningTime(expired), List.of(expired), NOW))
                .isInstanceOfSatisfying(SignatureRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.CERTIFICATE_NOT_VALID);
                    assertThat(e.getMessage()).contains("expired at");
                });
        assertThatThrownBy(() -> verify(signWithoutSigningTime(future), List.of(future), NOW))
                .isInstanceOfSatisfying(SignatureRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.CERTIFICATE_NOT_VALID);
                    assertThat(e.getMessage()).contains("valid only from");
                });
        // the same signatures checked at a time the certificates were valid, or with no time (a recipient checking
        // a signature made long ago) pass
        verify(signWithoutSigningTime(expired), List.of(expired), NOW.minus(Duration.ofDays(10)));
        verify(signWithoutSigningTime(future), List.of(future), NOW.plus(Duration.ofDays(10)));
        verify(signWithoutSigningTime(expired), List.of(expired), null);
        // with a signing time now, outside the certificate's validity: refused for the same reason
        assertThatThrownBy(() -> verify(sign(expired), List.of(expired), NOW))
                .isInstanceOfSatisfying(SignatureRejected.class, e ->
                        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.CERTIFICATE_NOT_VALID));
        assertThatThrownBy(() -> verifier.verifyDetached(new CmsSigner(expired.key(), expired.certificate())
                .signDetached(CONTENT), CONTENT, List.of(expired.certificate()), NOW))
                .isInstanceOfSatisfying(SignatureRejected.class, e ->
                        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.CERTIFICATE_NOT_VALID));
    }

    @Test
    void duringARotationEitherRegisteredCertificateSignsAndAnOtherKeyDoesNot() throws Exception {
        verify(sign(current), List.of(current, next), NOW);
        verify(sign(next), List.of(current, next), NOW);
        assertThatThrownBy(() -> verify(sign(future), List.of(current, next), NOW))
                .isInstanceOfSatisfying(SignatureRejected.class, e -> {
                    assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.SIGNER_MISMATCH);
                    assertThat(e.getMessage()).contains("one of the 2 registered certificates");
                });
        // an expired certificate still registered beside the new one signs nothing
        assertThatThrownBy(() -> verify(sign(expired), List.of(expired, next), NOW))
                .isInstanceOfSatisfying(SignatureRejected.class, e ->
                        assertThat(e.reason()).isEqualTo(SignatureRejected.Reason.CERTIFICATE_NOT_VALID));
    }

    @Test
    void whatIsEncryptedToBothCertificatesOpensWithEitherKey() throws Exception {
        CmsEnvelope envelope = new CmsEnvelope();
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        envelope.encrypt(new ByteArrayInputStream(CONTENT), List.of(current.certificate(), next.certificate()), sealed);
        assertThat(envelope.decrypt(sealed.toByteArray(), current.key())).isEqualTo(CONTENT);
        assertThat(envelope.decrypt(sealed.toByteArray(), next.key())).isEqualTo(CONTENT);
        assertThatThrownBy(() -> envelope.decrypt(sealed.toByteArray(), future.key()))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void theCertificatesNeedingAttentionAreTheExpiredAndThoseEndingWithinTheWarning() {
        List<Certificates.Expiry> found = Certificates.needingAttention(Map.of(
                "994631004", List.of(current.certificate(), next.certificate()),
                "994633007", List.of(expired.certificate()),
                "994601008", List.of(future.certificate())), NOW, Duration.ofDays(30));
        assertThat(found).extracting(Certificates.Expiry::owner).containsExactly("994633007", "994631004");
        assertThat(found.get(0).expired()).isTrue();
        assertThat(found.get(0).replaced()).isFalse();
        assertThat(found.get(1).expired()).isFalse();
        assertThat(found.get(1).replaced()).as("the next certificate takes over").isTrue();
        assertThat(found.get(1).describe()).contains("expires at").contains("a newer registered certificate takes over");
        assertThat(Certificates.validAt(current.certificate(), NOW)).isTrue();
        assertThat(Certificates.validAt(future.certificate(), NOW)).isFalse();
    }
}
