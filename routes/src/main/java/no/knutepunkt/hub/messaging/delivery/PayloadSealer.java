package no.knutepunkt.hub.flow;

import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import no.knutepunkt.platform.identity.Identities;
import org.springframework.stereotype.Component;

/**
 * What a recipient receives: the sender's CMS SignedData exactly as it arrived, wrapped in CMS
 * EnvelopedData for the recipient's certificate. Made when it is handed over (pushed or
 * downloaded), so only the signed original is stored. A message of a type without payload has
 * none, and nothing is encrypted.
 */
@Component
public class PayloadSealer {
    private final MessageStore store;
    private final Identities identities;
    private final CmsEnvelope envelope;
    private final CmsVerifier verifier;

    public PayloadSealer(MessageStore store, Identities identities, CmsEnvelope envelope, CmsVerifier verifier) {
        this.store = store;
        this.identities = identities;
        this.envelope = envelope;
        this.verifier = verifier;
    }

    /** The payload as the sender signed it (the content of its SignedData, verified at intake). */
    public byte[] content(String meldingId) {
        byte[] signed = store.payload(meldingId)
                .orElseThrow(() -> new IllegalStateException("no stored payload for " + meldingId));
        if (signed.length == 0) {
            return signed; // a message type without payload
        }
        try {
            return verifier.embeddedContent(signed);
        } catch (SignatureRejected e) {
            throw new IllegalStateException("the stored payload of " + meldingId + " is not SignedData", e);
        }
    }

    public byte[] seal(String meldingId, String mottaker) {
        byte[] signed = store.payload(meldingId)
                .orElseThrow(() -> new IllegalStateException("no stored payload for " + meldingId));
        if (signed.length == 0) {
            return signed; // a message type without payload
        }
        return envelope.encrypt(signed, identities.certificateOf(mottaker)
                .orElseThrow(() -> new IllegalStateException("no certificate for recipient " + mottaker)));
    }
}
