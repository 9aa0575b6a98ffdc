package no.knutepunkt.platform.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An API credential. Only the SHA-256 of the secret is kept in memory: the secrets are long
 * random values made by the hub (or by the operator, for production), so a slow password hash
 * buys nothing and a fast comparison keeps every request cheap.
 *
 * @param username   the login name (a member's orgnr for member systems)
 * @param secretHash SHA-256 of the secret
 * @param role       what the caller may do
 * @param orgnr      for members, the organisation the caller acts as
 */
public record Credential(String username, byte[] secretHash, Role role, Optional<String> orgnr) {

    public static Credential ofSecret(String username, String secret, Role role, Optional<String> orgnr) {
        return new Credential(username, sha256(secret), role, orgnr);
    }

    public static Credential ofHash(String username, String sha256Hex, Role role, Optional<String> orgnr) {
        return new Credential(username, HexFormat.of().parseHex(sha256Hex), role, orgnr);
    }

    /** Constant-time comparison of the presented secret with the stored hash. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(secretHash, sha256(presented));
    }

    public static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
