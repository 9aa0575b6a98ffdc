package no.knutepunkt.platform.identity;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where identities live in an identity directory (the demo one is {@code DATA/demo}):
 * <pre>
 * ca.pem                          the CA that issued the certificates below
 * ca-key.pem                      demo only: the CA key, to issue identities for new members
 * hub/key.pem, hub/cert.pem       the hub's own key (PKCS#8) and certificate
 * members/ORGNR/cert.pem          each member's certificate
 * members/ORGNR/cert-NAME.pem     more certificates of the member, while it rotates its key (e.g. cert-2027.pem)
 * members/ORGNR/key.pem           demo only: the member's key, for trying the hub out
 * members/ORGNR/credentials.properties   username= and password= (or password-sha256=)
 * operator.properties, secretariat.properties   the same for the two staff roles
 * </pre>
 */
public record IdentityLayout(Path root) {
    public Path caCertificate() {
        return root.resolve("ca.pem");
    }

    public Path caKey() {
        return root.resolve("ca-key.pem");
    }

    public Path hubKey() {
        return root.resolve("hub").resolve("key.pem");
    }

    public Path hubCertificate() {
        return root.resolve("hub").resolve("cert.pem");
    }

    public Path member(String orgnr) {
        return root.resolve("members").resolve(orgnr);
    }

    public Path memberKey(String orgnr) {
        return member(orgnr).resolve("key.pem");
    }

    public Path memberCertificate(String orgnr) {
        return member(orgnr).resolve("cert.pem");
    }

    /**
     * Every certificate file of a member: {@code cert.pem} first, then {@code cert-*.pem} in name order (none if
     * the directory cannot be listed: the missing cert.pem is reported by whoever needs it).
     */
    public List<Path> memberCertificates(String orgnr) {
        List<Path> files = new ArrayList<>(List.of(memberCertificate(orgnr)));
        try (DirectoryStream<Path> more = Files.newDirectoryStream(member(orgnr), "cert-*.pem")) {
            List<Path> sorted = new ArrayList<>();
            more.forEach(sorted::add);
            sorted.sort(Comparator.comparing(p -> p.getFileName().toString()));
            files.addAll(sorted);
        } catch (IOException e) {
            // no directory: only cert.pem, whose absence is reported where it is read
        }
        return files;
    }

    public Path memberCredentials(String orgnr) {
        return member(orgnr).resolve("credentials.properties");
    }

    public Path staffCredentials(Role role) {
        return root.resolve(role.name().toLowerCase() + ".properties");
    }
}
