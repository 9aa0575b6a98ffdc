package no.knutepunkt.connectors.inbox;

/**
 * Where deliveries wait until the recipient's system takes them: its inbox (downloaded and acknowledged over
 * HTTP), or its own AMQP address (settled by its consumer; see the amqp connector).
 */
public interface InboxStore {
    /**
     * Records that the message waits for the recipient, with {@code where} as the line in its history. Idempotent:
     * placing the same (meldingId, mottaker) twice leaves one entry.
     */
    void place(String meldingId, String mottaker, String where);
}
