package no.knutepunkt.platform.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Passwords are kept only as slow, salted hashes in Spring Security's {@code DelegatingPasswordEncoder} form
 * ({@code {bcrypt}$2a$10$...}): a leaked credentials file or heap dump then does not give the passwords away, and
 * guessing one from its hash costs a bcrypt per guess. Hashes of other slow kinds (argon2, scrypt, pbkdf2) are
 * read as well; fast or unsalted ones ({@code {noop}}, {@code {SHA-256}}, {@code {MD5}}, ...) are not.
 *
 * <p>Run as a program it hashes a password read from standard input (never from the command line, which shell
 * histories and process lists keep), for {@code password-hash=} in a production credentials file:
 * {@code java -cp knutepunkt-client.jar no.knutepunkt.platform.identity.PasswordHash}.
 */
public final class PasswordHash {
    private static final PasswordEncoder ENCODER = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private static final Pattern SLOW = Pattern.compile(
            "\\{(bcrypt|argon2|scrypt|pbkdf2)(@SpringSecurity_v5_8)?}\\S+");
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    private PasswordHash() {
    }

    /** A new salted bcrypt hash of {@code password}, {@code {bcrypt}...}. */
    public static String of(String password) {
        return ENCODER.encode(password);
    }

    /** Whether {@code password} is the one {@code hash} was made of; takes as long as one slow hash. */
    public static boolean matches(String password, String hash) {
        return password != null && ENCODER.matches(password, hash);
    }

    /** Whether {@code hash} is a slow salted hash this hub reads (a bcrypt one must be well-formed too). */
    public static boolean accepted(String hash) {
        return SLOW.matcher(hash).matches() && (!hash.startsWith("{bcrypt}") || BCRYPT.matcher(hash).matches());
    }

    /** Prints the hash of the password on the first line of standard input. */
    public static void main(String[] args) throws IOException {
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isBlank()) {
            System.err.println("give the password on standard input, e.g. read -rs P; printf '%s\\n' \"$P\" | java -cp"
                    + " knutepunkt-client.jar " + PasswordHash.class.getName());
            System.exit(2);
        }
        System.out.println("password-hash=" + of(password.trim()));
    }
}
