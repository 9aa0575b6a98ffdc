package no.knutepunkt.platform.crypto;

/** A signed payload was refused; {@link #reason()} says why in a form an API can map to a stable error. */
public class SignatureRejected extends Exception {
    public enum Reason {
        /** Not DER CMS SignedData at all. */
        MALFORMED,
        /** SignedData without the content attached. */
        DETACHED,
        /** Not exactly one signer. */
        SIGNER_COUNT,
        /** Signed, but not with the expected party's certificate. */
        SIGNER_MISMATCH,
        /** The signature does not verify: the content or the signed attributes were changed. */
        INVALID,
        /** A digest, signature algorithm or signer key too weak to trust (MD5, SHA-1, RSA under 2048 bits...). */
        WEAK_ALGORITHM,
        /** The signer's registered certificate had expired, or was not yet valid, when the signature was checked. */
        CERTIFICATE_NOT_VALID
    }

    private final Reason reason;

    public SignatureRejected(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SignatureRejected(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
