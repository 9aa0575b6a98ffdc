package no.knutepunkt.hub.messaging;

/**
 * One delivery on its way to its connector's queue: a message to one recipient, with the sender's
 * correlation id for the logs.
 *
 * @param connector            the connector whose queue it goes to
 * @param klientKorrelasjonsId the sender's correlation id, or null
 */
public record DeliveryKey(String meldingId, String mottaker, String connector, String klientKorrelasjonsId) {

    /** The Artemis duplicate id of this delivery on any one address. */
    public String duplicateId() {
        return meldingId + "/" + mottaker;
    }
}
