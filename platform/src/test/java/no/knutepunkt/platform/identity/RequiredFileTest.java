package no.knutepunkt.platform.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error when an identity file cannot be read says why: missing, not readable, or behind a folder closed to the
 * hub's user. The permission cases use a file system that answers as a container user would (the tests run as
 * root, which may read everything).
 */
class RequiredFileTest {
    @TempDir
    Path dir;

    /** Answers as for a user who may not read the paths in {@code unreadable} nor enter those in {@code closed}. */
    private static RequiredFile.Access as(Set<Path> unreadable, Set<Path> closed) {
        return new RequiredFile.Access() {
            @Override
            public boolean exists(Path path) {
                // what lies behind a closed folder cannot be seen
                for (Path p = path.getParent(); p != null; p = p.getParent()) {
                    if (closed.contains(p)) {
                        return false;
                    }
                }
                return Files.exists(path);
            }

            @Override
            public boolean readable(Path path) {
                return !unreadable.contains(path) && Files.isReadable(path);
            }

            @Override
            public boolean enterable(Path d) {
                return !closed.contains(d) && Files.isDirectory(d);
            }
        };
    }

    @Test
    void aReadableFileIsReturned() throws IOException {
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertThat(RequiredFile.check(cert)).isEqualTo(cert);
        assertThat(RequiredFile.check(cert, as(Set.of(), Set.of()), "knutepunkt")).isEqualTo(cert);
    }

    @Test
    void aMissingFileIsNamedMissing() {
        Path cert = dir.resolve("members/994601008/cert.pem");
        assertThatThrownBy(() -> RequiredFile.check(cert))
                .isInstanceOf(IdentityException.class)
                .hasMessage("missing " + cert.toAbsolutePath());
    }

    @Test
    void aFileTheUserMayNotReadIsNotCalledMissing() throws IOException {
        Path key = Files.writeString(dir.resolve("key.pem"), "x");
        assertThatThrownBy(() -> RequiredFile.check(key, as(Set.of(key.toAbsolutePath()), Set.of()), "knutepunkt"))
                .isInstanceOf(IdentityException.class)
                .hasMessageStartingWith("cannot read " + key.toAbsolutePath() + ": it is there, but the user the hub"
                        + " runs as (knutepunkt) may not read it");
    }

    @Test
    void aFileBehindAClosedFolderNamesTheFolder() throws IOException {
        Path member = Files.createDirectories(dir.resolve("members/994601008"));
        Path cert = Files.writeString(member.resolve("cert.pem"), "x");
        Path closed = member.toAbsolutePath();

        assertThatThrownBy(() -> RequiredFile.check(cert, as(Set.of(), Set.of(closed)), "knutepunkt"))
                .isInstanceOf(IdentityException.class)
                .hasMessageStartingWith("cannot read " + cert.toAbsolutePath() + ": the folder " + closed
                        + " is closed to the user the hub runs as (knutepunkt)");
    }

    @Test
    void aFolderWhereAFileBelongsIsSaidSo() throws IOException {
        Path notAFile = Files.createDirectories(dir.resolve("cert.pem"));
        assertThatThrownBy(() -> RequiredFile.check(notAFile))
                .isInstanceOf(IdentityException.class)
                .hasMessageContaining("is a folder");
    }
}
