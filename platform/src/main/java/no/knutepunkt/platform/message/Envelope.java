package no.knutepunkt.platform.message;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the hub knows of a message besides its payload: the Fiks IO metadata.
 *
 * @param meldingId            the hub's id
 * @param avsender             sender orgnr
 * @param mottakere            recipient orgnrs
 * @param meldingType          message type
 * @param klientMeldingId      the sender's idempotency key
 * @param klientKorrelasjonsId the sender's correlation id
 * @param svarPaMelding        the meldingId this message answers
 * @param ttlMillis            time to live
 * @param filnavn              payload file name
 * @param receivedAt           when the hub accepted it
 */
public record Envelope(String meldingId, String avsender, List<String> mottakere, String meldingType,
                       String klientMeldingId, Optional<String> klientKorrelasjonsId,
                       Optional<String> svarPaMelding, long ttlMillis, String filnavn, Instant receivedAt) {

    /** When the message stops being deliverable. */
    public Instant expiresAt() {
        return receivedAt.plusMillis(ttlMillis);
    }
}
