package no.knutepunkt.client;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * Opens what the hub delivers: decrypts the EnvelopedData with the member's key, then checks the
 * sender end to end — the signer's certificate was issued by the trusted CA, is valid, names the
 * sender's orgnr, and the signature over the payload verifies. Returns the payload as signed
 * (empty for message types without payload).
 */
public final class MessageOpener {
    private final CmsEnvelope envelope = new CmsEnvelope();
    private final CmsVerifier verifier = new CmsVerifier();
    private final MemberIdentity identity;

    public MessageOpener(MemberIdentity identity) {
        this.identity = identity;
    }

    public byte[] open(byte[] enveloped, String expectedAvsender) throws SignatureRejected {
        if (enveloped.length == 0) {
            return enveloped; // a message type without payload (e.g. a .mottatt)
        }
        byte[] signed = envelope.decrypt(enveloped, identity.key());
        X509Certificate signer = verifier.embeddedSignerCertificate(signed);
        try {
            signer.checkValidity();
            signer.verify(identity.ca().getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_MISMATCH,
                    "the signer's certificate is not valid or not issued by the trusted CA: " + e.getMessage(), e);
        }
        if (!names(signer, expectedAvsender)) {
            throw new SignatureRejected(SignatureRejected.Reason.SIGNER_MISMATCH,
                    "signed by " + signer.getSubjectX500Principal().getName() + ", not by " + expectedAvsender);
        }
        return verifier.verify(signed, signer);
    }

    /** True if the certificate's subject carries the orgnr (as O, serialNumber or NTRNO- organizationIdentifier). */
    static boolean names(X509Certificate certificate, String orgnr) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs()) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                String text = value.getValue().toString();
                if (text.equals(orgnr) || text.equals("NTRNO-" + orgnr)) {
                    return true;
                }
            }
        }
        return false;
    }
}
