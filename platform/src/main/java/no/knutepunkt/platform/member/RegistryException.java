package no.knutepunkt.platform.member;

/** The member registry could not be loaded; the message names the source and the offending line. */
public class RegistryException extends RuntimeException {
    public RegistryException(String message) {
        super(message);
    }
}
