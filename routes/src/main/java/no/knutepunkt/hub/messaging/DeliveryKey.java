package no.knutepunkt.hub.flow;

/**
 * One delivery: a message to one recipient, with the sender's correlation id for the logs.
 *
 * @param klientKorrelasjonsId the sender's correlation id, or null
 */
public record DeliveryKey(String meldingId, String mottaker, String klientKorrelasjonsId) {
    public DeliveryKey(String meldingId, String mottaker) {
        this(meldingId, mottaker, null);
    }

    /** The Artemis duplicate id of this delivery on any one address. */
    public String duplicateId() {
        return meldingId + "/" + mottaker;
    }
}
