package no.knutepunkt.broker;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import no.knutepunkt.platform.identity.IdentityLayout;
import no.knutepunkt.platform.identity.PasswordHash;

/**
 * The members in the hub's identity folder (read-only; {@link IdentityLayout}: {@code members/<orgnr>/
 * credentials.properties} with {@code username=} and {@code password-hash=}), as the brokers see them: who signs
 * in, and which members there are. Read from the files on every call, so a changed password counts at once.
 */
final class MemberDirectory {
    /** The environment variable (also the hub's) naming the identity folder, unless the configuration names it. */
    static final String ENVIRONMENT = "KNUTEPUNKT_IDENTITIES_DIR";
    private final IdentityLayout layout;

    MemberDirectory(Path root) {
        this.layout = new IdentityLayout(root);
    }

    /** The folder {@code configured} names, else the one {@link #ENVIRONMENT} names. */
    static MemberDirectory of(Map<String, ?> options, String key) {
        Object configured = options == null ? null : options.get(key);
        String root = configured != null && !configured.toString().isBlank() ? configured.toString()
                : System.getenv(ENVIRONMENT);
        if (root == null || root.isBlank()) {
            throw new IllegalStateException("no identity folder: set " + key + " or " + ENVIRONMENT);
        }
        return new MemberDirectory(Path.of(root));
    }

    /** The orgnrs of the members with a folder. */
    TreeSet<String> members() {
        TreeSet<String> orgnrs = new TreeSet<>();
        Path dir = layout.root().resolve("members");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(e -> orgnrs.add(e.getFileName().toString()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + dir + ": " + e, e);
        }
        return orgnrs;
    }

    /**
     * The orgnr of the member whose credentials are {@code username} and {@code password}: a member signs in with
     * its orgnr as username (as at the hub's API); the password must match the slow hash in its credentials file.
     */
    Optional<String> authenticate(String username, char[] password) {
        if (username == null || password == null || !username.matches("\\d{9}")) {
            return Optional.empty();
        }
        Path file = layout.memberCredentials(username);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e, e);
        }
        String hash = p.getProperty("password-hash", "").trim();
        if (!username.equals(p.getProperty("username", "").trim()) || !PasswordHash.accepted(hash)) {
            return Optional.empty();
        }
        return PasswordHash.matches(new String(password), hash) ? Optional.of(username) : Optional.empty();
    }
}
