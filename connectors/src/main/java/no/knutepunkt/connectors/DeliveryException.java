package no.knutepunkt.connectors;

import java.util.Objects;

/**
 * A delivery did not succeed. {@link #isTransient()} tells whether trying again later may help
 * (timeouts, refused connections, 5xx) or not (4xx, a recipient without an endpoint).
 *
 * <p>Two texts: the message, for operators, may name the recipient's endpoint and quote its answer; {@link #shown()}
 * is what the sender may read (it belongs to another municipality): the kind of failure in neutral words, never the
 * recipient's address or what its system said. Where the two are one text (a fault in the sender's own payload,
 * say), the message is shown.
 */
public class DeliveryException extends Exception {
    private final boolean transientFailure;
    private final String shown;

    private DeliveryException(String message, String shown, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
        this.shown = Objects.requireNonNull(shown);
    }

    /** A failure that may pass, told in words the sender may read. */
    public static DeliveryException temporary(String message, Throwable cause) {
        return new DeliveryException(message, message, true, cause);
    }

    /** A failure that may pass: {@code detail} for operators, {@code shown} for the sender. */
    public static DeliveryException temporary(String detail, String shown, Throwable cause) {
        return new DeliveryException(detail, shown, true, cause);
    }

    /** A failure that will not pass, told in words the sender may read (e.g. what is wrong with its payload). */
    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, message, false, null);
    }

    /** A failure that will not pass: {@code detail} for operators, {@code shown} for the sender. */
    public static DeliveryException permanent(String detail, String shown) {
        return new DeliveryException(detail, shown, false, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }

    /** What the sender may be told: no endpoint, no text from the recipient's system. */
    public String shown() {
        return shown;
    }
}
