package no.knutepunkt.hub.startup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Makes the data directory the hub's alone: the directory and every directory directly in it (db, artemis, payloads,
 * demo, ...) owner-only ({@code rwx------}), the files directly in it {@code rw-------}. Without search permission on
 * the data directory no other local user reaches anything below it, whatever the permissions the broker, the database
 * or the payload store give the files they make there. Done at every start, after the lock is taken and before
 * anything else opens a file there. Only where the file system has POSIX permissions; a part the hub cannot change
 * (it belongs to someone else) is reported, not fatal.
 */
final class OwnerOnly {
    static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /** Restricts {@code dataDir} and what is directly in it; returns the paths that could not be restricted. */
    static List<String> restrict(Path dataDir) {
        List<String> failed = new ArrayList<>();
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return failed;
        }
        set(dataDir, DIRECTORY, failed);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    set(entry, DIRECTORY, failed);
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    set(entry, FILE, failed);
                }
            }
        } catch (IOException e) {
            failed.add(dataDir + " (" + e.getMessage() + ")");
        }
        return failed;
    }

    private static void set(Path path, Set<PosixFilePermission> permissions, List<String> failed) {
        try {
            if (!Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS).equals(permissions)) {
                Files.setPosixFilePermissions(path, permissions);
            }
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            failed.add(path + " (" + e.getMessage() + ")");
        }
    }
}
