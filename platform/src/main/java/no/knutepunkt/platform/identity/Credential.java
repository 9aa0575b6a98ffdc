package no.knutepunkt.platform.identity;

import java.util.Optional;

/**
 * An API credential. Only a slow salted hash of the secret is kept ({@link PasswordHash}): whoever reads the
 * credentials files or the hub's memory does not learn the secrets. Checking one costs a bcrypt, so the API's
 * authentication remembers recent successes rather than calling {@link #matches} on every request.
 *
 * @param username     the login name (a member's orgnr for member systems)
 * @param passwordHash the secret's hash in {@code DelegatingPasswordEncoder} form, {@code {bcrypt}...}
 * @param role         what the caller may do
 * @param orgnr        for members, the organisation the caller acts as
 */
public record Credential(String username, String passwordHash, Role role, Optional<String> orgnr) {

    /** A credential for a plain secret, hashed here. */
    public static Credential ofSecret(String username, String secret, Role role, Optional<String> orgnr) {
        return new Credential(username, PasswordHash.of(secret), role, orgnr);
    }

    /** Whether the presented secret is this credential's (as slow as one hash, whatever the answer). */
    public boolean matches(String presented) {
        return PasswordHash.matches(presented, passwordHash);
    }

    @Override
    public String toString() {
        return "Credential[" + username + ", " + role + "]";
    }
}
