package no.knutepunkt.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the client's tests against a stand-in hub share: demo member identities and staff credentials, and a fresh
 * stand-in per test.
 */
abstract class StandInHubTest {
    @TempDir
    static Path dir;
    static TestMembers members;
    StandInHub hub;

    @BeforeAll
    static void identities() {
        members = TestMembers.under(dir);
    }

    @BeforeEach
    void startHub() throws IOException {
        hub = new StandInHub();
    }

    @AfterEach
    void stopHub() {
        hub.close();
    }

    /** The Authorization header of the credentials in {@code file}. */
    static String basic(Path file) throws IOException {
        Credentials credentials = Credentials.load(file);
        return "Basic " + Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }
}
