package no.knutepunkt.platform.identity;

import java.nio.file.Path;

/**
 * Where identities live in an identity directory (the demo one is {@code DATA/demo}):
 * <pre>
 * ca.pem                          the CA that issued the certificates below
 * ca-key.pem                      demo only: the CA key, to issue identities for new members
 * hub/key.pem, hub/cert.pem       the hub's own key (PKCS#8) and certificate
 * members/ORGNR/cert.pem          each member's certificate
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

    public Path memberCredentials(String orgnr) {
        return member(orgnr).resolve("credentials.properties");
    }

    public Path staffCredentials(Role role) {
        return root.resolve(role.name().toLowerCase() + ".properties");
    }
}
