package no.knutepunkt.platform.xml;

import java.util.Objects;

/** Checks of text that goes into the XML payloads the platform builds. */
public final class XmlChars {
    private XmlChars() {
    }

    /** A required value: not null, not blank, and nothing XML cannot carry. */
    public static void required(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
        check(value, name);
    }

    /** Refuses characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF). */
    public static void check(String value, String name) {
        for (int i = 0; i < value.length(); ) {
            int c = value.codePointAt(i);
            boolean ok = c == 0x9 || c == 0xA || c == 0xD
                    || (c >= 0x20 && c <= 0xD7FF)
                    || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!ok) {
                throw new IllegalArgumentException(name + " contains the character U+"
                        + String.format("%04X", c) + " at index " + i + ", which XML cannot carry");
            }
            i += Character.charCount(c);
        }
    }
}
