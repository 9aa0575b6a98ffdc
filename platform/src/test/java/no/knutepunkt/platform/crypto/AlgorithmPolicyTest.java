package no.knutepunkt.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Only SHA-256-or-stronger signatures by RSA 2048+ / EC P-256+ keys pass, on the streaming and the detached path. */
class AlgorithmPolicyTest {
    private static final byte[] CONTENT = "<arkivmelding/>".getBytes(StandardCharsets.UTF_8);
    static DemoPki.Issued alice;
    static final CmsVerifier verifier = new CmsVerifier();

    @BeforeAll
    static void pki() {
        alice = DemoPki.createCa("Test CA").issue("Alver kommune", "994631004");
    }

    @Test
    void sha256WithRsa2048AndSha384AndEcP256Pass() throws Exception {
        assertThat(verifier.verify(sign("SHA256withRSA", alice.key(), alice.certificate(), true), alice.certificate()))
                .isEqualTo(CONTENT);
        assertThat(verifier.verify(sign("SHA384withRSA", alice.key(), alice.certificate(), true), alice.certificate()))
                .isEqualTo(CONTENT);
        KeyPair ec = keys("EC", new ECGenParameterSpec("secp256r1"));
        X509Certificate ecCertificate = selfSigned(ec, "SHA256withECDSA");
        assertThat(verifier.verify(sign("SHA256withECDSA", ec.getPrivate(), ecCertificate, true), ecCertificate))
                .isEqualTo(CONTENT);
    }

    @Test
    void sha1AndMd5SignaturesAreWeak() throws Exception {
        for (String algorithm : new String[] {"SHA1withRSA", "MD5withRSA"}) {
            SignatureRejected e = assertThrows(SignatureRejected.class,
                    () -> verifier.verify(sign(algorithm, alice.key(), alice.certificate(), true), alice.certificate()));
            assertThat(e.reason()).as(algorithm).isEqualTo(SignatureRejected.Reason.WEAK_ALGORITHM);
            assertThat(e.getMessage()).as(algorithm).contains("SHA-256 or stronger is required");
            SignatureRejected detached = assertThrows(SignatureRejected.class, () -> verifier.verifyDetached(
                    sign(algorithm, alice.key(), alice.certificate(), false), CONTENT, alice.certificate()));
            assertThat(detached.reason()).as(algorithm + ", detached").isEqualTo(SignatureRejected.Reason.WEAK_ALGORITHM);
        }
    }

    @Test
    void anRsaKeyUnder2048BitsAndAnEcKeyUnder256BitsAreWeak() throws Exception {
        KeyPair small = keys("RSA", null);
        X509Certificate smallCertificate = selfSigned(small, "SHA256withRSA");
        SignatureRejected rsa = assertThrows(SignatureRejected.class, () -> verifier.verify(
                sign("SHA256withRSA", small.getPrivate(), smallCertificate, true), smallCertificate));
        assertThat(rsa.reason()).isEqualTo(SignatureRejected.Reason.WEAK_ALGORITHM);
        assertThat(rsa.getMessage()).contains("1024 bits");

        KeyPair p192 = keys("EC", new ECGenParameterSpec("secp192r1"));
        X509Certificate p192Certificate = selfSigned(p192, "SHA256withECDSA");
        SignatureRejected ec = assertThrows(SignatureRejected.class, () -> verifier.verify(
                sign("SHA256withECDSA", p192.getPrivate(), p192Certificate, true), p192Certificate));
        assertThat(ec.reason()).isEqualTo(SignatureRejected.Reason.WEAK_ALGORITHM);
        assertThat(ec.getMessage()).contains("192 bits");
    }

    private static byte[] sign(String algorithm, PrivateKey key, X509Certificate certificate, boolean attached)
            throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                .setProvider(Bc.PROVIDER).build())
                .build(new JcaContentSignerBuilder(algorithm).setProvider(Bc.PROVIDER).build(key), certificate));
        generator.addCertificate(new JcaX509CertificateHolder(certificate));
        return generator.generate(new CMSProcessableByteArray(CONTENT), attached).getEncoded("DER");
    }

    private static KeyPair keys(String algorithm, ECGenParameterSpec curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, Bc.PROVIDER);
        if (curve != null) {
            generator.initialize(curve);
        } else {
            generator.initialize(1024);
        }
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys, String algorithm) throws Exception {
        X500Name name = new X500Name("CN=Svak kommune, O=999999999");
        Instant now = Instant.now();
        return new JcaX509CertificateConverter().setProvider(Bc.PROVIDER).getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(1, ChronoUnit.DAYS)), Date.from(now.plus(1, ChronoUnit.DAYS)), name,
                        keys.getPublic())
                        .build(new JcaContentSignerBuilder(algorithm).setProvider(Bc.PROVIDER).build(keys.getPrivate())));
    }
}
