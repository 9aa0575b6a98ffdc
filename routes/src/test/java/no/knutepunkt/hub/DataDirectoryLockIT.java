package no.knutepunkt.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub as a newcomer meets it: started, it logs no warning and one line saying where it serves and
 * where the demo credentials are; a second hub on the same data directory stops with one ERROR line and exit
 * code 1, and the first goes on.
 */
class DataDirectoryLockIT {
    @TempDir
    Path dir;

    @Test
    void aSecondHubOnTheSameDataDirectoryStopsWithOneLineAndExitCodeOne() throws Exception {
        int port = HubProcess.freePort();
        try (HubProcess first = HubProcess.start(dir, port, "first", List.of(), List.of())) {
            Path data = dir.resolve("data").toAbsolutePath().normalize();
            String started = first.log();
            assertThat(started.lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))).isEmpty();
            assertThat(started.lines().filter(l -> l.contains("Knutepunkt is serving"))).singleElement().asString()
                    .contains(" INFO ").endsWith("Knutepunkt is serving http://localhost:" + port + "/ (demo"
                            + " credentials in " + data.resolve("demo") + ": operator.properties,"
                            + " secretariat.properties, members/<orgnr>/credentials.properties)");

            HubProcess.Ended second = HubProcess.runToEnd(dir, HubProcess.freePort(), "second", List.of());

            assertThat(second.exitCode()).as(second.log()).isEqualTo(1);
            assertThat(second.log().lines().filter(l -> !l.isBlank())).singleElement().asString()
                    .contains(" ERROR ")
                    .endsWith("data directory " + data + " is in use by another hub (process " + first.pid()
                            + ", lock " + data.resolve("hub.lock") + ")");
            assertThat(Multipart.get(first.uri(), "/actuator/health", null, null).statusCode()).isEqualTo(200);
        }
    }
}
