package no.knutepunkt.hub.flow;

import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.crypto.CmsEnvelope;
import no.knutepunkt.platform.identity.Identities;
import org.springframework.stereotype.Component;

/**
 * What a recipient receives: the sender's CMS SignedData exactly as it arrived, wrapped in CMS
 * EnvelopedData for the recipient's certificate. Made when it is handed over (pushed or
 * downloaded), so only the signed original is stored.
 */
@Component
public class PayloadSealer {
    private final MessageStore store;
    private final Identities identities;
    private final CmsEnvelope envelope;

    public PayloadSealer(MessageStore store, Identities identities, CmsEnvelope envelope) {
        this.store = store;
        this.identities = identities;
        this.envelope = envelope;
    }

    public byte[] seal(String meldingId, String mottaker) {
        byte[] signed = store.payload(meldingId)
                .orElseThrow(() -> new IllegalStateException("no stored payload for " + meldingId));
        return envelope.encrypt(signed, identities.certificateOf(mottaker)
                .orElseThrow(() -> new IllegalStateException("no certificate for recipient " + mottaker)));
    }
}
