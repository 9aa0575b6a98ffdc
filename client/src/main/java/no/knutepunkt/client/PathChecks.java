package no.knutepunkt.client;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the paths a command is given, made before anything is sent to the hub. */
final class PathChecks {
    private PathChecks() {
    }

    /** {@code dir}, if it is a directory. */
    static Path directory(Path dir, String what) throws UnusableFile {
        if (!Files.isDirectory(dir)) {
            throw new UnusableFile(what + " " + dir + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
        return dir;
    }

    /** {@code file}, if it is a file that can be read. */
    static Path readableFile(Path file, String what) throws UnusableFile {
        if (!Files.exists(file)) {
            throw new UnusableFile(what + " " + file + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new UnusableFile(what + " " + file + " is a directory");
        }
        if (!Files.isReadable(file)) {
            throw new UnusableFile(what + " " + file + " cannot be read");
        }
        return file;
    }

    /**
     * {@code file}, if it can be written: its directory exists and is writable, it is not a directory,
     * and it does not exist yet unless {@code overwrite}.
     */
    static Path writableFile(Path file, boolean overwrite, String what) throws UnusableFile {
        Path dir = file.toAbsolutePath().getParent();
        if (Files.isDirectory(file)) {
            throw new UnusableFile(what + " " + file + " is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UnusableFile(what + " " + file + ": directory " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw new UnusableFile(what + " " + file + ": directory " + dir + " is not writable");
        }
        if (Files.exists(file) && !overwrite) {
            throw new UnusableFile(what + " " + file + " exists (--force overwrites it)");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new UnusableFile(what + " " + file + " is not writable");
        }
        return file;
    }
}
