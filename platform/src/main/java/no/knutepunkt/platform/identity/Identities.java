package no.knutepunkt.platform.identity;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import no.knutepunkt.platform.crypto.Pem;
import no.knutepunkt.platform.member.Member;

/**
 * The identities the hub works with, loaded once from an identity directory (see
 * {@link IdentityLayout}): its own key and certificate, every member's certificates (one, or more while it rotates
 * its key), and the API credentials. A member without a certificate or credentials stops the start with a message
 * naming the missing file; so does a credentials file with an unsalted {@code password-sha256=}, naming its line.
 * Credentials give {@code password-hash=} (see {@link PasswordHash}) or a plain {@code password=}, which is hashed
 * here and not kept.
 */
public final class Identities {
    private final PrivateKey hubKey;
    private final X509Certificate hubCertificate;
    private final X509Certificate caCertificate;
    private final Map<String, List<X509Certificate>> memberCertificates;
    private final Map<String, Credential> credentials;
    /** Checked instead when the username is unknown, so that it takes as long as a known one. */
    private final Credential decoy;

    private Identities(PrivateKey hubKey, X509Certificate hubCertificate, X509Certificate caCertificate,
                       Map<String, List<X509Certificate>> memberCertificates, Map<String, Credential> credentials) {
        this.hubKey = hubKey;
        this.hubCertificate = hubCertificate;
        this.caCertificate = caCertificate;
        this.memberCertificates = Map.copyOf(memberCertificates);
        this.credentials = Map.copyOf(credentials);
        this.decoy = this.credentials.values().iterator().next();
    }

    public static Identities load(IdentityLayout layout, Collection<Member> members) {
        Map<String, List<X509Certificate>> certificates = new HashMap<>();
        Map<String, Credential> credentials = new HashMap<>();
        for (Member member : members) {
            String orgnr = member.orgnr();
            certificates.put(orgnr, layout.memberCertificates(orgnr).stream()
                    .map(file -> Pem.readCertificate(required(file))).toList());
            Credential credential = readCredential(layout.memberCredentials(orgnr), Role.MEMBER, Optional.of(orgnr));
            add(credentials, credential, layout.memberCredentials(orgnr));
        }
        for (Role role : new Role[] {Role.OPERATOR, Role.SECRETARIAT}) {
            Path file = layout.staffCredentials(role);
            add(credentials, readCredential(file, role, Optional.empty()), file);
        }
        return new Identities(
                Pem.readPrivateKey(required(layout.hubKey())),
                Pem.readCertificate(required(layout.hubCertificate())),
                Pem.readCertificate(required(layout.caCertificate())),
                certificates, credentials);
    }

    private static void add(Map<String, Credential> all, Credential credential, Path file) {
        if (all.putIfAbsent(credential.username(), credential) != null) {
            throw new IdentityException(file + ": username '" + credential.username() + "' is used twice");
        }
    }

    private static Credential readCredential(Path file, Role role, Optional<String> orgnr) {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(required(file), StandardCharsets.UTF_8)) {
            p.load(reader);
        } catch (IOException e) {
            throw new IdentityException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String username = p.getProperty("username", "").trim();
        if (username.isEmpty()) {
            throw new IdentityException(file + ": no username=");
        }
        String hash = p.getProperty("password-hash");
        String secret = p.getProperty("password");
        if (p.getProperty("password-sha256") != null) {
            throw new IdentityException(where(file, "password-sha256") + ": an unsalted SHA-256 is no longer"
                    + " accepted; replace the line with the password-hash= line that printf '%s\\n' \"$PASSWORD\" |"
                    + " java -cp knutepunkt-client.jar " + PasswordHash.class.getName()
                    + " prints for the password (README, Identities)");
        }
        if (hash != null && !hash.isBlank()) {
            if (!PasswordHash.accepted(hash.trim())) {
                throw new IdentityException(where(file, "password-hash") + ": not a slow salted hash; expected"
                        + " {bcrypt}$2a$... (or {argon2}, {scrypt}, {pbkdf2}) as "
                        + PasswordHash.class.getName() + " prints it");
            }
            return new Credential(username, hash.trim(), role, orgnr);
        }
        if (secret != null && !secret.isBlank()) {
            return Credential.ofSecret(username, secret.trim(), role, orgnr);
        }
        throw new IdentityException(file + ": needs password-hash= ({bcrypt}...) or password=");
    }

    /** "FILE line N" for the line that sets {@code key}, so that the operator finds it. */
    private static String where(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).strip().matches(Pattern.quote(key) + "\\s*[=:].*")) {
                    return file + " line " + (i + 1);
                }
            }
        } catch (IOException e) {
            // the file was read a moment ago; its name will do
        }
        return file.toString();
    }

    private static Path required(Path file) {
        return RequiredFile.check(file);
    }

    public PrivateKey hubKey() {
        return hubKey;
    }

    public X509Certificate hubCertificate() {
        return hubCertificate;
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The member's main certificate ({@code cert.pem}). */
    public Optional<X509Certificate> certificateOf(String orgnr) {
        return Optional.ofNullable(memberCertificates.get(orgnr)).map(l -> l.get(0));
    }

    /** Every registered certificate of the member, {@code cert.pem} first; empty for one that is not a member. */
    public List<X509Certificate> certificatesOf(String orgnr) {
        return memberCertificates.getOrDefault(orgnr, List.of());
    }

    /**
     * The certificates to encrypt to for the member at {@code now}: those valid then (during a rotation both, so
     * that either key opens what the hub sends); if none is, all of them, so that nothing becomes unreadable.
     */
    public List<X509Certificate> encryptionCertificatesOf(String orgnr, Instant now) {
        List<X509Certificate> all = certificatesOf(orgnr);
        List<X509Certificate> valid = all.stream().filter(c -> Certificates.validAt(c, now)).toList();
        return valid.isEmpty() ? all : valid;
    }

    /** Every member's certificates, for the expiry check at start. */
    public Map<String, List<X509Certificate>> memberCertificates() {
        return memberCertificates;
    }

    public Optional<Credential> credential(String username) {
        return Optional.ofNullable(credentials.get(username));
    }

    /**
     * The credential of {@code username} if {@code presented} is its secret. An unknown username costs one slow
     * hash too (a stored hash is checked and the answer thrown away), so the time taken does not tell strangers
     * which usernames exist.
     */
    public Optional<Credential> verify(String username, String presented) {
        Credential credential = credentials.get(username);
        if (credential == null) {
            decoy.matches(presented);
            return Optional.empty();
        }
        return credential.matches(presented) ? Optional.of(credential) : Optional.empty();
    }
}
