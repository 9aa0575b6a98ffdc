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
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import no.knutepunkt.platform.crypto.Pem;
import no.knutepunkt.platform.member.Member;

/**
 * The identities the hub works with, loaded once from an identity directory (see
 * {@link IdentityLayout}): its own key and certificate, every member's certificates (one, or more while it rotates
 * its key), and the API credentials. A member without a certificate or credentials stops the start with a message
 * naming the missing file.
 */
public final class Identities {
    private final PrivateKey hubKey;
    private final X509Certificate hubCertificate;
    private final X509Certificate caCertificate;
    private final Map<String, List<X509Certificate>> memberCertificates;
    private final Map<String, Credential> credentials;

    private Identities(PrivateKey hubKey, X509Certificate hubCertificate, X509Certificate caCertificate,
                       Map<String, List<X509Certificate>> memberCertificates, Map<String, Credential> credentials) {
        this.hubKey = hubKey;
        this.hubCertificate = hubCertificate;
        this.caCertificate = caCertificate;
        this.memberCertificates = Map.copyOf(memberCertificates);
        this.credentials = Map.copyOf(credentials);
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
        String secret = p.getProperty("password");
        String hash = p.getProperty("password-sha256");
        if (secret != null && !secret.isBlank()) {
            return Credential.ofSecret(username, secret.trim(), role, orgnr);
        }
        if (hash != null && hash.trim().matches("[0-9a-fA-F]{64}")) {
            return Credential.ofHash(username, hash.trim(), role, orgnr);
        }
        throw new IdentityException(file + ": needs password= or password-sha256= (64 hex digits)");
    }

    private static Path required(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IdentityException("missing " + file.toAbsolutePath());
        }
        return file;
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
}
