package no.knutepunkt.platform.identity;

/** The identity directory is incomplete or unreadable; the message names the file. */
public class IdentityException extends RuntimeException {
    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
