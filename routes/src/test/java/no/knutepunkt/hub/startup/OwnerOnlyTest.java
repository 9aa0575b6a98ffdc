package no.knutepunkt.hub.startup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyTest {
    @TempDir
    Path dir;

    @Test
    void theDataDirectoryAndWhatIsDirectlyInItBecomeOwnerOnly() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));
        Path db = Files.createDirectory(data.resolve("db"));
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path lock = Files.writeString(data.resolve("hub.lock"), "1");
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));
        Path inner = Files.writeString(db.resolve("knutepunkt.mv.db"), "x");
        Files.setPosixFilePermissions(inner, PosixFilePermissions.fromString("rw-r--r--"));

        assertThat(OwnerOnly.restrict(data)).isEmpty();

        assertThat(Files.getPosixFilePermissions(data)).isEqualTo(OwnerOnly.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(db)).isEqualTo(OwnerOnly.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(lock)).isEqualTo(OwnerOnly.FILE);
        // deeper files keep theirs: no one else can reach them through data/ any more
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(inner))).isEqualTo("rw-r--r--");
    }
}
