package no.knutepunkt.platform.crypto;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.List;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInfoGenerator;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * CMS EnvelopedData in the Fiks IO profile: AES-256-CBC content encryption, the content key
 * wrapped with RSA-OAEP (SHA-256, MGF1 SHA-256): from and to byte arrays, or streamed so that a
 * payload of any size is never whole in memory. Thread-safe.
 *
 * <p>Nothing per recipient is cached: building the recipient info generator costs about 5 µs (it
 * parses the certificate), against about 60 µs for encrypting even 1 KB, and Bouncy Castle does not
 * promise that it may be shared between threads. The content key, IV and cipher are new for every
 * message, as they must be.
 */
public final class CmsEnvelope {
    private final AlgorithmIdentifier oaep;

    public CmsEnvelope() {
        try {
            this.oaep = new JcaAlgorithmParametersConverter().getAlgorithmIdentifier(
                    PKCSObjectIdentifiers.id_RSAES_OAEP,
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
        } catch (java.security.InvalidAlgorithmParameterException e) {
            throw new CryptoException("RSA-OAEP parameters", e);
        }
    }

    /** Encrypts {@code content} to the holder of {@code recipient}'s private key; returns DER. */
    public byte[] encrypt(byte[] content, X509Certificate recipient) {
        try {
            CMSEnvelopedDataGenerator generator = new CMSEnvelopedDataGenerator();
            generator.addRecipientInfoGenerator(recipientInfo(recipient));
            CMSEnvelopedData data = generator.generate(new CMSProcessableByteArray(content), contentEncryptor());
            return data.getEncoded();
        } catch (CMSException | IOException e) {
            throw new CryptoException("encryption to " + recipient.getSubjectX500Principal() + " failed", e);
        }
    }

    /**
     * Streams {@code content} into CMS EnvelopedData (BER, CMSEnvelopedDataStreamGenerator) for {@code recipient},
     * written to out; does not close out (but finishes the CMS structure). 64 KiB buffer.
     *
     * <p>Reads {@code content} to its end and does not close it. IOExceptions from either stream propagate
     * unchanged; what is written before one is an unfinished structure, to be thrown away.
     *
     * @throws CryptoException the certificate is unusable for RSA-OAEP key transport
     */
    public void encrypt(InputStream content, X509Certificate recipient, OutputStream out) throws IOException {
        encrypt(content, List.of(recipient), out);
    }

    /**
     * As {@link #encrypt(InputStream, X509Certificate, OutputStream)}, to several certificates of one recipient (a
     * member rotating its key): one content key, wrapped for each, so that either private key opens it.
     */
    public void encrypt(InputStream content, List<X509Certificate> recipients, OutputStream out) throws IOException {
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipient certificate");
        }
        X509Certificate recipient = recipients.get(0);
        CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
        generator.setBufferSize(CmsStreams.BUFFER);
        for (X509Certificate each : recipients) {
            generator.addRecipientInfoGenerator(recipientInfo(each));
        }
        // the generator writes tags and lengths a few bytes at a time; the content chunks pass straight through
        BufferedOutputStream buffered = new BufferedOutputStream(CmsStreams.keepOpen(out), 8192);
        OutputStream cms;
        try {
            cms = generator.open(buffered, contentEncryptor());
        } catch (CMSException e) {
            throw new CryptoException("encryption to " + recipient.getSubjectX500Principal() + " failed", e);
        }
        CmsStreams.copy(content, cms);
        cms.close();
        buffered.flush();
    }

    /** Decrypts DER (or BER) EnvelopedData with the recipient's private key. */
    public byte[] decrypt(byte[] envelopedData, PrivateKey key) {
        ByteArrayOutputStream plain = new ByteArrayOutputStream(Math.max(32, envelopedData.length));
        try {
            decrypt(new ByteArrayInputStream(envelopedData), key, plain);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: byte arrays in and out", e);
        }
        return plain.toByteArray();
    }

    /**
     * Streams the decryption of EnvelopedData (DER or BER, CMSEnvelopedDataParser) to out with the recipient's key.
     * CryptoException if not for this key / not EnvelopedData. Does not close out.
     *
     * <p>Also a CryptoException if the structure breaks off, the content does not decrypt (wrong padding at the
     * end) or anything follows the structure; plaintext is written as it is decrypted, so what was written before
     * is then to be thrown away (CBC carries no integrity check: a signature inside is what proves the content).
     * Reads {@code enveloped} to its end and does not close it. IOExceptions from either stream propagate
     * unchanged.
     */
    public void decrypt(InputStream enveloped, PrivateKey key, OutputStream out) throws IOException {
        CmsStreams.Source source = new CmsStreams.Source(enveloped, CmsStreams.MAX_STRUCTURE);
        InputStream in = CmsStreams.buffered(enveloped, source);
        Parser parser;
        try {
            parser = new Parser(in);
        } catch (CMSException | IOException | RuntimeException e) {
            source.rethrowFailure();
            throw new CryptoException("not a CMS EnvelopedData structure" + CmsStreams.tooLarge(e), e);
        }
        if (!parser.isEnvelopedData()) {
            throw new CryptoException("not a CMS EnvelopedData structure (content type " + parser.contentType() + ")");
        }
        InputStream plain = null;
        for (RecipientInformation recipient : parser.getRecipientInfos().getRecipients()) {
            try {
                plain = recipient.getContentStream(new JceKeyTransEnvelopedRecipient(key).setProvider(Bc.PROVIDER)
                        .setContentProvider(Bc.contentProvider(parser.getContentEncryptionAlgorithm().getAlgorithm())))
                        .getContentStream();
                break;
            } catch (CMSException | IOException | RuntimeException wrongRecipient) {
                // not for this key (Bouncy Castle may also throw unchecked exceptions for a key
                // whose modulus is smaller than the wrapped key); try the next recipient info
                source.rethrowFailure();
            }
        }
        if (plain == null) {
            throw new CryptoException("the EnvelopedData is not encrypted to this key");
        }
        source.unlimited();
        byte[] buffer = new byte[CmsStreams.BUFFER];
        while (true) {
            int n;
            try {
                n = plain.read(buffer);
            } catch (IOException | RuntimeException e) {
                source.rethrowFailure();
                throw new CryptoException("the EnvelopedData is cut short or does not decrypt: " + describe(e), e);
            }
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        // the rest of the structure, and nothing after it
        source.limitFurther(CmsStreams.MAX_STRUCTURE);
        int next;
        try {
            parser.getUnprotectedAttributes();
            next = in.read();
        } catch (IOException | RuntimeException e) {
            source.rethrowFailure();
            throw new CryptoException("not a CMS EnvelopedData structure after the content: " + describe(e), e);
        }
        if (next >= 0) {
            throw new CryptoException("data after the end of the EnvelopedData");
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private RecipientInfoGenerator recipientInfo(X509Certificate recipient) {
        try {
            return new JceKeyTransRecipientInfoGenerator(recipient, oaep).setProvider(Bc.PROVIDER);
        } catch (CertificateEncodingException e) {
            throw new CryptoException("encryption to " + recipient.getSubjectX500Principal() + " failed", e);
        }
    }

    /** A new AES-256 key and IV, for one message. AES runs in the JDK's provider: see {@link Bc}. */
    private static OutputEncryptor contentEncryptor() throws CMSException {
        return new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(Bc.CONTENT_CIPHER).build();
    }

    /** Bouncy Castle's streaming parser, which reads any ContentInfo's content as EnvelopedData; this one can tell. */
    private static final class Parser extends CMSEnvelopedDataParser {
        Parser(InputStream in) throws CMSException, IOException {
            super(in);
        }

        Object contentType() {
            return _contentInfo.getContentType();
        }

        boolean isEnvelopedData() {
            return CMSObjectIdentifiers.envelopedData.equals(_contentInfo.getContentType());
        }
    }
}
