package no.knutepunkt.platform.crypto;

/** A key, certificate or CMS structure could not be made or read. */
public class CryptoException extends RuntimeException {
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }

    public CryptoException(String message) {
        super(message);
    }
}
