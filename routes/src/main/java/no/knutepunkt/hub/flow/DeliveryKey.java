package no.knutepunkt.hub.flow;

/** One delivery: a message to one recipient. */
public record DeliveryKey(String meldingId, String mottaker) {
    /** The Artemis duplicate id of this delivery on any one address. */
    public String duplicateId() {
        return meldingId + "/" + mottaker;
    }
}
