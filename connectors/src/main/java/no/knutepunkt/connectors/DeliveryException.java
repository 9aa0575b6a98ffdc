package no.knutepunkt.connectors;

/**
 * A delivery did not succeed. {@link #isTransient()} tells whether trying again later may help
 * (timeouts, refused connections, 5xx) or not (4xx, a recipient without an endpoint).
 */
public class DeliveryException extends Exception {
    private final boolean transientFailure;

    private DeliveryException(String message, boolean transientFailure, Throwable cause) {
        super(message, cause);
        this.transientFailure = transientFailure;
    }

    public static DeliveryException temporary(String message, Throwable cause) {
        return new DeliveryException(message, true, cause);
    }

    public static DeliveryException permanent(String message) {
        return new DeliveryException(message, false, null);
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
