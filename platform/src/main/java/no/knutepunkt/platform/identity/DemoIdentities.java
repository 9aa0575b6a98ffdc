package no.knutepunkt.platform.identity;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.Properties;
import no.knutepunkt.platform.crypto.DemoPki;
import no.knutepunkt.platform.crypto.Pem;
import no.knutepunkt.platform.member.Member;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the demo identities on first start: a CA, the hub's key, and for every member a key,
 * a certificate and API credentials; the operator and secretariat credentials. What exists is
 * kept, so later starts reuse it and a member added to the registry gets an identity of its own.
 * Files are readable by the owner only, and each is written whole or not at all. A credentials file holds the
 * password (for the demo's users: the README shows where) and its bcrypt hash, which is what the hub reads; an
 * older demo's file without the hash gets it added.
 */
public final class DemoIdentities {
    private static final Logger log = LoggerFactory.getLogger(DemoIdentities.class);
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private final SecureRandom random = new SecureRandom();
    private final IdentityLayout layout;
    private final String hubOrganisation;

    /** Demo identities whose hub certificate names {@code hubOrgnr} as its organisation. */
    public DemoIdentities(IdentityLayout layout, String hubOrgnr) {
        this.layout = layout;
        this.hubOrganisation = hubOrgnr;
    }

    public DemoIdentities(IdentityLayout layout) {
        this(layout, "Knutepunkt");
    }

    /** Creates whatever is missing for these members; returns how many member identities were made. */
    public int ensure(Collection<Member> members) {
        try {
            directory(layout.root());
            Ca ca = new Ca();
            if (!Files.exists(layout.hubCertificate()) || !Files.exists(layout.hubKey())) {
                DemoPki.Issued hub = ca.pki().issue("Knutepunkt hub", hubOrganisation);
                directory(layout.hubKey().getParent());
                write(layout.hubKey(), Pem.toPem(hub.key()));
                write(layout.hubCertificate(), Pem.toPem(hub.certificate()));
            }
            int made = 0;
            for (Member member : members) {
                String orgnr = member.orgnr();
                if (Files.exists(layout.memberCredentials(orgnr)) && Files.exists(layout.memberCertificate(orgnr))
                        && Files.exists(layout.memberKey(orgnr))) {
                    addHash(layout.memberCredentials(orgnr));
                    continue;
                }
                DemoPki.Issued issued = ca.pki().issue(member.name() + " kommune", orgnr);
                directory(layout.member(orgnr).getParent());
                directory(layout.member(orgnr));
                write(layout.memberKey(orgnr), Pem.toPem(issued.key()));
                write(layout.memberCertificate(orgnr), Pem.toPem(issued.certificate()));
                if (!Files.exists(layout.memberCredentials(orgnr))) {
                    write(layout.memberCredentials(orgnr), credentials(orgnr));
                }
                made++;
            }
            for (Role role : new Role[] {Role.OPERATOR, Role.SECRETARIAT}) {
                Path file = layout.staffCredentials(role);
                if (!Files.exists(file)) {
                    write(file, credentials(role == Role.OPERATOR ? "operator" : "sekretariat"));
                } else {
                    addHash(file);
                }
            }
            if (made > 0) {
                log.info("Made demo identities for {} members under {}", made, layout.root().toAbsolutePath());
            }
            return made;
        } catch (IOException e) {
            throw new IdentityException("cannot write demo identities under " + layout.root() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The demo CA, opened or made only when something must be issued. A CA certificate whose key
     * is gone is never replaced: the certificates it issued would stop verifying.
     */
    private final class Ca {
        private DemoPki pki;

        DemoPki pki() throws IOException {
            if (pki != null) {
                return pki;
            }
            boolean certificate = Files.exists(layout.caCertificate());
            boolean key = Files.exists(layout.caKey());
            if (certificate && key) {
                pki = DemoPki.open(Pem.readPrivateKey(layout.caKey()), Pem.readCertificate(layout.caCertificate()));
            } else if (!certificate && !key) {
                pki = DemoPki.createCa("Knutepunkt demo CA");
                write(layout.caKey(), Pem.toPem(pki.caKey()));
                write(layout.caCertificate(), Pem.toPem(pki.caCertificate()));
            } else {
                throw new IdentityException("cannot issue demo identities: " + (certificate ? layout.caKey()
                        : layout.caCertificate()) + " is missing; restore it, or remove the whole demo directory "
                        + layout.root() + " to start over");
            }
            return pki;
        }
    }

    /**
     * A new credentials file: the password for the demo's users and tools, and its bcrypt hash, which the hub
     * reads (hashing at every start would cost a bcrypt per member).
     */
    private String credentials(String username) {
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return "username=" + username + "\npassword=" + password + "\npassword-hash=" + PasswordHash.of(password)
                + "\n";
    }

    /** Adds the hash to a credentials file of an older demo that has the password only. */
    private static void addHash(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(reader);
        }
        String password = p.getProperty("password");
        if (p.getProperty("password-hash") == null && password != null && !password.isBlank()) {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            write(file, content + (content.endsWith("\n") ? "" : "\n") + "password-hash="
                    + PasswordHash.of(password.trim()) + "\n");
        }
    }

    private static void directory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (POSIX) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private static void write(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (POSIX) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
