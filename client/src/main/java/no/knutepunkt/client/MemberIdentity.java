package no.knutepunkt.client;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import no.knutepunkt.platform.crypto.CryptoException;
import no.knutepunkt.platform.crypto.Pem;

/**
 * A member system's identity as the hub's demo setup writes it: a directory with key.pem,
 * cert.pem and credentials.properties; the CA is two levels up (DATA/demo/ca.pem).
 */
public record MemberIdentity(String username, String password, PrivateKey key, X509Certificate certificate,
                             X509Certificate ca) {
    static final String KEY = "key.pem";
    static final String CERTIFICATE = "cert.pem";
    static final String CREDENTIALS = "credentials.properties";

    /**
     * Loads the identity in {@code dir} and the CA certificate {@code caFile}.
     *
     * @throws UnusableFile naming the directory or file, and what is missing or wrong with it
     */
    public static MemberIdentity load(Path dir, Path caFile) throws IOException {
        PathChecks.directory(dir, "identity directory");
        Credentials credentials = Credentials.load(dir.resolve(CREDENTIALS));
        Path key = PathChecks.readableFile(dir.resolve(KEY), "private key");
        Path certificate = PathChecks.readableFile(dir.resolve(CERTIFICATE), "certificate");
        Path ca = PathChecks.readableFile(caFile, "CA file");
        try {
            return new MemberIdentity(credentials.username(), credentials.password(),
                    Pem.readPrivateKey(key), Pem.readCertificate(certificate), Pem.readCertificate(ca));
        } catch (CryptoException e) {
            throw new UnusableFile(e.getMessage());
        }
    }

    /** The username and password the member logs in to the hub with. */
    public Credentials credentials() {
        return new Credentials(username, password);
    }

    /** The default CA location for a demo member directory: {@code DATA/demo/ca.pem}. */
    public static Path defaultCa(Path memberDir) {
        Path members = memberDir.toAbsolutePath().normalize().getParent();
        Path demo = members == null ? null : members.getParent();
        return demo == null ? Path.of("ca.pem").toAbsolutePath() : demo.resolve("ca.pem");
    }
}
