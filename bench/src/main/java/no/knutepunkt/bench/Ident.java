package no.knutepunkt.bench;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Properties;
import no.knutepunkt.platform.crypto.Pem;

/** A member's demo identity as the hub writes it under DATA/demo/members/ORGNR (or a staff role's credentials). */
public record Ident(String orgnr, String username, String password, PrivateKey key, X509Certificate cert) {

    public static Ident member(Path demoDir, String orgnr) throws IOException {
        Path dir = demoDir.resolve("members").resolve(orgnr);
        Properties p = properties(dir.resolve("credentials.properties"));
        return new Ident(orgnr, p.getProperty("username"), p.getProperty("password"),
                Pem.readPrivateKey(dir.resolve("key.pem")), Pem.readCertificate(dir.resolve("cert.pem")));
    }

    /** Credentials of a staff role ("secretariat", "operator"). */
    public static Ident staff(Path demoDir, String role) throws IOException {
        Properties p = properties(demoDir.resolve(role + ".properties"));
        return new Ident(null, p.getProperty("username"), p.getProperty("password"), null, null);
    }

    private static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    public String authorization() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }
}
