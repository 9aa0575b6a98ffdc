package no.knutepunkt.hub.messaging.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import no.knutepunkt.platform.message.Envelope;
import org.springframework.stereotype.Component;

/**
 * A send whose klientMeldingId the sender used before: the same message again (a retry, also one that signed the
 * same content anew) is answered with the first meldingId and stores nothing; another message under the same key
 * (other recipients, type, answer or content) is refused with 409, because answering it with the first meldingId
 * would tell the sender that a message was accepted which never was.
 */
@Component
class Repeats {
    private final MessageStore store;
    private final PayloadStore payloads;
    private final CmsVerifier verifier;

    Repeats(MessageStore store, PayloadStore payloads, CmsVerifier verifier) {
        this.store = store;
        this.payloads = payloads;
        this.verifier = verifier;
    }

    /**
     * The SHA-256 of the content a SignedData carries (not of the SignedData: a retry that signs again has another
     * signing time); read to its end, signature not checked (nothing of a repeat is stored).
     */
    String contentSha256(InputStream signedData) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream content = new DigestInputStream(verifier.content(signedData), digest)) {
            content.transferTo(OutputStream.nullOutputStream());
        } catch (SignatureRejected e) {
            throw Problem.badRequest("signature-malformed", "Not CMS SignedData",
                    "the data part must be DER-encoded CMS SignedData with the payload attached: " + e.getMessage());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Checks the repeat against the message first sent under its klientMeldingId: nothing if it is the same, else
     * 409 {@code klient-melding-id-reused} saying what differs.
     *
     * @param contentSha256 the repeat's content digest, empty if it has no data part
     */
    void check(String earlierId, IntakeMetadata metadata, Optional<String> contentSha256) throws IOException {
        Envelope earlier = store.envelope(earlierId).orElseThrow();
        List<String> differs = new ArrayList<>();
        if (!new HashSet<>(Optional.ofNullable(metadata.mottakere()).orElse(List.of()))
                .equals(new HashSet<>(earlier.mottakere()))) {
            differs.add("mottakere");
        }
        if (!Objects.equals(metadata.meldingType(), earlier.meldingType())) {
            differs.add("meldingType");
        }
        if (!Objects.equals(metadata.svarPaMelding(), earlier.svarPaMelding().orElse(null))) {
            differs.add("svarPaMelding");
        }
        Optional<String> ref = store.payloadRef(earlierId);
        if (ref.isPresent()) {
            String before;
            try (InputStream in = payloads.open(ref.get())) {
                before = contentSha256(in);
            }
            if (!contentSha256.map(before::equals).orElse(false)) {
                differs.add("data");
            }
        }
        // a payload purged after its retention period can no longer be compared: the rest decides
        if (!differs.isEmpty()) {
            throw new Problem(409, "klient-melding-id-reused", "klientMeldingId used for another message",
                    "klientMeldingId '" + earlier.klientMeldingId() + "' was used for message " + earlierId
                            + ", which differs from this one in " + String.join(", ", differs)
                            + "; a new message needs a new klientMeldingId (the same message again is answered with"
                            + " the first meldingId)")
                    .with("meldingId", earlierId).with("differs", differs);
        }
    }
}
