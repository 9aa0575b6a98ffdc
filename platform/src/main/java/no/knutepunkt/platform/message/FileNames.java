package no.knutepunkt.platform.message;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a file name that travels with a message must be: one plain name that every member's system can store as it
 * is, on Windows as on Linux, and that reads on screen as what it is. Refused: empty or over 255 characters;
 * {@code .} and {@code ..}; path separators; control characters; {@code :} (an NTFS alternate data stream,
 * {@code a.pdf:skjult}); the reserved Windows device names ({@code CON}, {@code NUL}, {@code COM1}..., with or
 * without an extension); a trailing dot or space (Windows drops them); and the Unicode bidirectional controls that
 * can make {@code faktura‮fdp.exe} look like {@code fakturaexe.pdf}.
 */
public final class FileNames {
    private static final Pattern DEVICE = Pattern.compile("(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\\..*)?");

    private FileNames() {
    }

    /** Why {@code name} is no acceptable file name, or empty if it is one. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            return Optional.of("a file name has 1 to 255 characters");
        }
        if (name.equals(".") || name.equals("..")) {
            return Optional.of("'" + name + "' is not a file name");
        }
        if (name.contains("/") || name.contains("\\")) {
            return Optional.of("a file name has no path: no / or \\");
        }
        if (name.contains(":")) {
            return Optional.of("a file name has no ':' (on Windows it names a hidden data stream)");
        }
        if (name.chars().anyMatch(FileNames::control)) {
            return Optional.of("a file name has no control characters, and no bidirectional controls (U+202E and"
                    + " its kin) that make it read as another name");
        }
        if (name.endsWith(".") || name.endsWith(" ")) {
            return Optional.of("a file name does not end with a dot or a space");
        }
        if (DEVICE.matcher(name.strip().toUpperCase(Locale.ROOT)).matches()) {
            return Optional.of("'" + name + "' is a reserved device name on Windows");
        }
        return Optional.empty();
    }

    private static boolean control(int c) {
        return Character.isISOControl(c)
                || c == 0x061C || c == 0x200E || c == 0x200F // arabic letter mark, LRM, RLM
                || (c >= 0x202A && c <= 0x202E) // LRE, RLE, PDF, LRO, RLO
                || (c >= 0x2066 && c <= 0x2069); // LRI, RLI, FSI, PDI
    }
}
