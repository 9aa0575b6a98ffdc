package no.knutepunkt.client;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What the client's tests against a stand-in hub share: demo member identities, and a fresh stand-in per test. */
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
}
