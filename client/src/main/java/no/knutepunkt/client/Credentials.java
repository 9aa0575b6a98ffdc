package no.knutepunkt.client;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A username and password for the hub's HTTP Basic, as the demo setup writes them: a properties file with
 * {@code username=} and {@code password=} (a member's credentials.properties, data/demo/operator.properties,
 * data/demo/secretariat.properties).
 */
public record Credentials(String username, String password) {
    /**
     * Reads {@code file}.
     *
     * @throws UnusableFile naming the file, and what is missing or wrong with it
     */
    public static Credentials load(Path file) throws IOException {
        PathChecks.readableFile(file, "credentials file");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        for (String name : new String[] {"username", "password"}) {
            if (properties.getProperty(name, "").isBlank()) {
                throw new UnusableFile("credentials file " + file + " has no " + name + "=");
            }
        }
        return new Credentials(properties.getProperty("username"), properties.getProperty("password"));
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "Credentials[username=" + username + "]";
    }
}
