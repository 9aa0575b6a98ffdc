package no.knutepunkt.connectors.inbox;

/** Where pull deliveries wait until the recipient downloads and acknowledges them. */
public interface InboxStore {
    /**
     * Makes the message available in the recipient's inbox. Idempotent: placing the same
     * (meldingId, mottaker) twice leaves one entry.
     */
    void place(String meldingId, String mottaker);
}
