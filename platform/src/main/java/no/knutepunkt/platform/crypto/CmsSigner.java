package no.knutepunkt.platform.crypto;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs payloads as one identity: CMS SignedData (SHA-256 with RSA), the content attached and
 * the signer's certificate included, DER encoded. Build once per identity and reuse; thread-safe.
 */
public final class CmsSigner {
    private final PrivateKey key;
    private final X509CertificateHolder certificate;
    private final JcaContentSignerBuilder signerBuilder;
    private final DigestCalculatorProvider digests;

    public CmsSigner(PrivateKey key, X509Certificate certificate) {
        try {
            this.key = key;
            this.certificate = new JcaX509CertificateHolder(certificate);
            this.signerBuilder = new JcaContentSignerBuilder("SHA256withRSA").setProvider(Bc.PROVIDER);
            this.digests = new JcaDigestCalculatorProviderBuilder().setProvider(Bc.PROVIDER).build();
        } catch (CertificateEncodingException | OperatorCreationException e) {
            throw new CryptoException("cannot set up a signer for " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Returns the DER encoding of a CMS SignedData that carries {@code content}. */
    public byte[] sign(byte[] content) {
        return sign(content, true);
    }

    /** Returns the DER encoding of a detached CMS SignedData over {@code content} (the content left out). */
    public byte[] signDetached(byte[] content) {
        return sign(content, false);
    }

    private byte[] sign(byte[] content, boolean encapsulate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(digests)
                    .build(signerBuilder.build(key), certificate));
            generator.addCertificate(certificate);
            return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded("DER");
        } catch (CMSException | OperatorCreationException | IOException e) {
            throw new CryptoException("signing failed", e);
        }
    }
}
