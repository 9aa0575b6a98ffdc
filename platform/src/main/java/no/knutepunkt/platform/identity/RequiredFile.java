package no.knutepunkt.platform.identity;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An identity file the hub cannot start without, checked so that the error says what is wrong: missing, or there
 * but not readable by the user the hub runs as (in a container, typically another user than the one who copied
 * the files), naming the file or the folder that shuts it out.
 */
final class RequiredFile {
    /** What the checks ask of the file system; {@link #DISK} asks the disk. */
    interface Access {
        boolean exists(Path path);

        boolean readable(Path path);

        /** Whether the path is a directory the user may enter (search permission). */
        boolean enterable(Path dir);
    }

    static final Access DISK = new Access() {
        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public boolean readable(Path path) {
            return Files.isReadable(path);
        }

        @Override
        public boolean enterable(Path dir) {
            return Files.isDirectory(dir) && Files.isExecutable(dir);
        }
    };

    private RequiredFile() {
    }

    static Path check(Path file) {
        return check(file, DISK, System.getProperty("user.name"));
    }

    static Path check(Path file, Access access, String user) {
        Path absolute = file.toAbsolutePath().normalize();
        if (access.exists(absolute)) {
            if (!access.readable(absolute)) {
                throw new IdentityException("cannot read " + absolute + ": it is there, but the user the hub runs as ("
                        + user + ") may not read it; give that user read access (see README, \"Identities\")");
            }
            if (Files.isDirectory(absolute)) {
                throw new IdentityException(absolute + " is a folder; a file is needed there");
            }
            return file;
        }
        // not seen: missing, or behind a folder this user may not enter
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            if (access.exists(dir)) {
                if (!access.enterable(dir)) {
                    throw new IdentityException("cannot read " + absolute + ": the folder " + dir
                            + " is closed to the user the hub runs as (" + user + "); give that user read and"
                            + " search access to it (see README, \"Identities\")");
                }
                break;
            }
        }
        throw new IdentityException("missing " + absolute);
    }
}
