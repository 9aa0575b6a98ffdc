package no.knutepunkt.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Properties;
import no.knutepunkt.platform.crypto.Pem;

/**
 * A member system's identity as the hub's demo setup writes it: a directory with key.pem,
 * cert.pem and credentials.properties; the CA is two levels up (DATA/demo/ca.pem).
 */
public record MemberIdentity(String username, String password, PrivateKey key, X509Certificate certificate,
                             X509Certificate ca) {

    public static MemberIdentity load(Path dir, Path caFile) throws IOException {
        Properties credentials = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve("credentials.properties"), StandardCharsets.UTF_8)) {
            credentials.load(reader);
        }
        return new MemberIdentity(credentials.getProperty("username"), credentials.getProperty("password"),
                Pem.readPrivateKey(dir.resolve("key.pem")), Pem.readCertificate(dir.resolve("cert.pem")),
                Pem.readCertificate(caFile));
    }

    /** The default CA location for a demo member directory: {@code DATA/demo/ca.pem}. */
    public static Path defaultCa(Path memberDir) {
        return memberDir.toAbsolutePath().normalize().getParent().getParent().resolve("ca.pem");
    }
}
