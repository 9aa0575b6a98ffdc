package no.knutepunkt.platform.crypto;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedData;
import org.bouncycastle.cms.CMSEnvelopedDataGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * CMS EnvelopedData in the Fiks IO profile: AES-256-CBC content encryption, the content key
 * wrapped with RSA-OAEP (SHA-256, MGF1 SHA-256). Thread-safe.
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
            generator.addRecipientInfoGenerator(
                    new JceKeyTransRecipientInfoGenerator(recipient, oaep).setProvider(Bc.PROVIDER));
            CMSEnvelopedData data = generator.generate(new CMSProcessableByteArray(content),
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(Bc.PROVIDER).build());
            return data.getEncoded();
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new CryptoException("encryption to " + recipient.getSubjectX500Principal() + " failed", e);
        }
    }

    /** Decrypts DER EnvelopedData with the recipient's private key. */
    public byte[] decrypt(byte[] envelopedData, PrivateKey key) {
        try {
            CMSEnvelopedData data = new CMSEnvelopedData(envelopedData);
            for (RecipientInformation recipient : data.getRecipientInfos().getRecipients()) {
                try {
                    return recipient.getContent(new JceKeyTransEnvelopedRecipient(key).setProvider(Bc.PROVIDER));
                } catch (CMSException | RuntimeException wrongRecipient) {
                    // not for this key (Bouncy Castle may also throw unchecked exceptions for a key
                    // whose modulus is smaller than the wrapped key); try the next recipient info
                }
            }
            throw new CryptoException("the EnvelopedData is not encrypted to this key");
        } catch (CMSException | RuntimeException e) {
            if (e instanceof CryptoException c) {
                throw c;
            }
            throw new CryptoException("not a DER CMS EnvelopedData structure", e);
        }
    }
}
