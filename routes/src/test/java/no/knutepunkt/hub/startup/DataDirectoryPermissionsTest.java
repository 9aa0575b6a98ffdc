package no.knutepunkt.hub.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A hub started on a data directory others could read leaves it, and its broker, database and keys, to itself. */
class DataDirectoryPermissionsTest {
    @TempDir
    Path dir;

    @Test
    void theHubMakesItsDataDirectoryOwnerOnlyAtStart() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        try (TestHub hub = TestHub.embedded(data, Map.of()).start()) {
            assertThat(hub.dataDir().toAbsolutePath().normalize()).isEqualTo(data.toAbsolutePath().normalize());
            // what the broker, the database and the demo identities make in it is out of others' reach through it
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
            assertThat(data.resolve("demo")).as("the demo identities, made at the first start").isDirectory();
        }
        // a second start finds what the first one made (db, artemis, demo) and keeps it to itself
        try (TestHub hub = TestHub.embedded(data, Map.of()).start()) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("db"))))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("artemis"))))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("demo"))))
                    .isEqualTo("rwx------");
        }
    }
}
