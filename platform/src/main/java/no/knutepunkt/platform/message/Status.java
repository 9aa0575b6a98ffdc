package no.knutepunkt.platform.message;

/**
 * The status of one delivery (one message to one recipient):
 * RECEIVED → QUEUED → DELIVERED → ACKNOWLEDGED, or REJECTED, FAILED, EXPIRED, CANCELLED.
 */
public enum Status {
    /** Accepted and stored by the hub, not yet on the broker. */
    RECEIVED,
    /** On the broker on its way to the recipient (or waiting in its inbox). */
    QUEUED,
    /** Pushed to the recipient system with a 2xx answer, or downloaded and acknowledged from the inbox. */
    DELIVERED,
    /** The recipient answered with a receipt. */
    ACKNOWLEDGED,
    /** The recipient answered with an error. */
    REJECTED,
    /** Delivery failed for good. */
    FAILED,
    /** The time to live ran out before delivery. */
    EXPIRED,
    /** The secretariat cancelled it (a distribution) before it was delivered. */
    CANCELLED;

    /** True when nothing more will happen to the delivery by itself. */
    public boolean isFinal() {
        return this != RECEIVED && this != QUEUED;
    }
}
