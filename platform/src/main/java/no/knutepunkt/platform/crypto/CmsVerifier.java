package no.knutepunkt.platform.crypto;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessable;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks that a CMS SignedData was signed by one expected party, using that party's registered
 * certificate (never the certificate the message carries), and returns the signed content.
 * Thread-safe.
 */
public final class CmsVerifier {
    private final JcaSimpleSignerInfoVerifierBuilder verifiers =
            new JcaSimpleSignerInfoVerifierBuilder().setProvider(Bc.PROVIDER);

    /**
     * @param signedData DER CMS SignedData with the content attached
     * @param expected   the registered certificate of the party that must have signed
     * @return the signed content, exactly as signed
     */
    public byte[] verify(byte[] signedData, X509Certificate expected) throws SignatureRejected {
        CMSSignedData cms = parse(signedData);
        CMSProcessable content = cms.getSignedContent();
        if (content == null) {
            throw new SignatureRejected(SignatureRejected.Reason.DETACHED,
                    "the SignedData does not carry the payload (detached signature)");
        }
        SignerInformation signer = singleSigner(cms, expected);
        checkSignature(signer, expected);
        return (byte[]) content.getContent();
    }

    /**
     * Checks a detached (or attached) signature over content the caller already has.
     *
     * @param signedData DER CMS SignedData, content detached or attached
     * @param content    the exact bytes that must have been signed
     * @param expected   the registered certificate of the party that must have signed
     */
    public void verifyDetached(byte[] signedData, byte[] content, X509Certificate expected) throws SignatureRejected {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new org.bouncycastle.cms.CMSProcessableByteArray(content), signedData);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "not a DER CMS SignedData structure", e);
        }
        checkSignature(singleSigner(cms, expected), expected);
    }

    /** The content carried by a SignedData, without checking the signature (for payloads verified before). */
    public byte[] embeddedContent(byte[] signedData) throws SignatureRejected {
        CMSProcessable content = parse(signedData).getSignedContent();
        if (content == null) {
            throw new SignatureRejected(SignatureRejected.Reason.DETACHED, "the SignedData carries no content");
        }
        return (byte[]) content.getContent();
    }

    /**
     * The certificate the signer put in the SignedData, for a recipient that checks the sender
     * end to end (and must then check that a CA it trusts issued it).
     */
    public X509Certificate embeddedSignerCertificate(byte[] signedData) throws SignatureRejected {
        CMSSignedData cms = parse(signedData);
        if (cms.getSignerInfos().size() != 1) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_COUNT,
                    "expected exactly one signer but found " + cms.getSignerInfos().size());
        }
        SignerInformation signer = cms.getSignerInfos().iterator().next();
        @SuppressWarnings("unchecked")
        java.util.Collection<X509CertificateHolder> matches = cms.getCertificates().getMatches(signer.getSID());
        if (matches.isEmpty()) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_MISMATCH,
                    "the SignedData does not carry the signer's certificate");
        }
        try {
            return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().setProvider(Bc.PROVIDER)
                    .getCertificate(matches.iterator().next());
        } catch (java.security.cert.CertificateException e) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "the signer's certificate is not valid", e);
        }
    }

    private static CMSSignedData parse(byte[] signedData) throws SignatureRejected {
        try {
            return new CMSSignedData(signedData);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejected(SignatureRejected.Reason.MALFORMED, "not a DER CMS SignedData structure", e);
        }
    }

    private static SignerInformation singleSigner(CMSSignedData cms, X509Certificate expected) throws SignatureRejected {
        if (cms.getSignerInfos().size() != 1) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_COUNT,
                    "expected exactly one signer but found " + cms.getSignerInfos().size());
        }
        SignerInformation signer = cms.getSignerInfos().iterator().next();
        X509CertificateHolder holder;
        try {
            holder = new JcaX509CertificateHolder(expected);
        } catch (CertificateEncodingException e) {
            throw new CryptoException("the registered certificate cannot be encoded", e);
        }
        if (!signer.getSID().match(holder)) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_MISMATCH,
                    "signed by " + describe(signer) + ", not by the registered certificate of "
                            + expected.getSubjectX500Principal().getName());
        }
        return signer;
    }

    private void checkSignature(SignerInformation signer, X509Certificate expected) throws SignatureRejected {
        boolean valid;
        try {
            valid = signer.verify(verifiers.build(expected));
        } catch (OperatorCreationException e) {
            throw new CryptoException("cannot build a verifier", e);
        } catch (CMSException | RuntimeException e) {
            throw new SignatureRejected(SignatureRejected.Reason.INVALID,
                    "the signature does not verify: " + e.getMessage(), e);
        }
        if (!valid) {
            throw new SignatureRejected(SignatureRejected.Reason.INVALID,
                    "the signature does not verify against the signer's registered certificate");
        }
    }

    private static String describe(SignerInformation signer) {
        if (signer.getSID().getIssuer() != null) {
            return "issuer '" + signer.getSID().getIssuer() + "' serial " + signer.getSID().getSerialNumber();
        }
        return "an unregistered key";
    }
}
