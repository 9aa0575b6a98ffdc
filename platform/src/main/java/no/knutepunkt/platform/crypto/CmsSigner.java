package no.knutepunkt.platform.crypto;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSSignedDataStreamGenerator;
import org.bouncycastle.cms.CMSStreamException;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Signs payloads as one identity: CMS SignedData (SHA-256 with RSA), the content attached and
 * the signer's certificate included; DER from a byte array, BER when streamed. Build once per identity
 * and reuse; thread-safe. (A signature needs its own signer state, so only that is made per call.)
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
            this.digests = Bc.DIGESTS;
        } catch (CertificateEncodingException e) {
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

    /**
     * Streams {@code content} into an encapsulated CMS SignedData (CMSSignedDataStreamGenerator, SHA256withRSA, signer
     * certificate included) written to out; does not close out.
     *
     * <p>The SignedData is BER: indefinite lengths, the content in chunks of 64 KiB, the signature at the
     * end. Reads {@code content} to its end and does not close it. IOExceptions from either stream propagate
     * unchanged; what is written before one is an unfinished structure, to be thrown away.
     */
    public void sign(InputStream content, OutputStream out) throws IOException {
        CMSSignedDataStreamGenerator generator = new CMSSignedDataStreamGenerator();
        generator.setBufferSize(CmsStreams.BUFFER);
        try {
            generator.addSignerInfoGenerator(signerInfo());
            generator.addCertificate(certificate);
        } catch (CMSException e) {
            throw new CryptoException("signing failed", e);
        }
        // the generator writes tags and lengths a few bytes at a time; the content chunks pass straight through
        BufferedOutputStream buffered = new BufferedOutputStream(CmsStreams.keepOpen(out), 8192);
        OutputStream cms = generator.open(buffered, true);
        CmsStreams.copy(content, cms);
        try {
            cms.close();
        } catch (CMSStreamException e) {
            throw new CryptoException("signing failed", e);
        }
        buffered.flush();
    }

    private byte[] sign(byte[] content, boolean encapsulate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo());
            generator.addCertificate(certificate);
            return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded("DER");
        } catch (CMSException | IOException e) {
            throw new CryptoException("signing failed", e);
        }
    }

    /** A signer for one signature: a ContentSigner holds the state of the signature being made. */
    private SignerInfoGenerator signerInfo() {
        try {
            return new JcaSignerInfoGeneratorBuilder(digests).build(signerBuilder.build(key), certificate);
        } catch (OperatorCreationException e) {
            throw new CryptoException("signing failed", e);
        }
    }
}
