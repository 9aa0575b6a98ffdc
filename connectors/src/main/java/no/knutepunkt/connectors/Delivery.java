package no.knutepunkt.connectors;

import java.net.URI;
import java.util.Optional;

/**
 * One message on its way to one recipient, as a connector sees it.
 *
 * @param meldingId            the hub's id of the message
 * @param avsender             sender orgnr
 * @param mottaker             recipient orgnr
 * @param meldingType          message type
 * @param klientMeldingId      the sender's own id of the message
 * @param klientKorrelasjonsId the sender's correlation id, if any
 * @param svarPaMelding        the meldingId this message answers, if any
 * @param ttlMillis            time to live in milliseconds
 * @param filnavn              payload file name
 * @param endpoint             the recipient system's endpoint, for push connectors
 * @param payload              what the recipient gets: the sender's SignedData inside EnvelopedData to it,
 *                             encrypted as it is read, when a connector asks for it (pull connectors never do)
 * @param content              the payload as the sender signed it, in the clear (verified at intake),
 *                             for connectors that hand it to a system on the recipient's behalf
 * @param resendt              whether the broker gave this delivery to the hub before without its outcome being
 *                             acknowledged (an attempt that failed, or a hub that stopped mid-push): the recipient
 *                             may have it already, as Fiks IO's {@code resendt} says
 * @param handOverId           names this hand-over for the broker's duplicate detection: the same for every
 *                             broker redelivery of one delivery, another after an operator's retry (a connector
 *                             that places the delivery on a broker address uses it, so it is placed once)
 */
public record Delivery(String meldingId, String avsender, String mottaker, String meldingType,
                       String klientMeldingId, Optional<String> klientKorrelasjonsId,
                       Optional<String> svarPaMelding, long ttlMillis, String filnavn,
                       Optional<URI> endpoint, Payload payload,
                       Payload content, boolean resendt, String handOverId) {

    /** A delivery handed over under its meldingId and recipient ({@code handOverId} {@code meldingId/mottaker}). */
    public Delivery(String meldingId, String avsender, String mottaker, String meldingType, String klientMeldingId,
                    Optional<String> klientKorrelasjonsId, Optional<String> svarPaMelding, long ttlMillis,
                    String filnavn, Optional<URI> endpoint, Payload payload, Payload content, boolean resendt) {
        this(meldingId, avsender, mottaker, meldingType, klientMeldingId, klientKorrelasjonsId, svarPaMelding,
                ttlMillis, filnavn, endpoint, payload, content, resendt, meldingId + "/" + mottaker);
    }

    /** A first delivery ({@code resendt} false). */
    public Delivery(String meldingId, String avsender, String mottaker, String meldingType, String klientMeldingId,
                    Optional<String> klientKorrelasjonsId, Optional<String> svarPaMelding, long ttlMillis,
                    String filnavn, Optional<URI> endpoint, Payload payload, Payload content) {
        this(meldingId, avsender, mottaker, meldingType, klientMeldingId, klientKorrelasjonsId, svarPaMelding,
                ttlMillis, filnavn, endpoint, payload, content, false);
    }
}
