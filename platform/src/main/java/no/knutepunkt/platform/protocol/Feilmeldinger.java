package no.knutepunkt.platform.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** Fiks Arkiv v1 error payloads ({@code feilmelding.xml}) the hub itself sends. */
public final class Feilmeldinger {
    static final String SERVERFEIL_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/serverfeil/v1";
    /** The namespace of feilmeldingBase.xsd, where the children {@code feilId} and {@code feilmelding} live. */
    static final String FEILMELDING_NS =
            "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/feil/feilmelding/v1";

    private Feilmeldinger() {
    }

    /**
     * A {@code feilmelding.xml} payload for {@code no.ks.fiks.arkiv.v1.feilmelding.serverfeil}, valid
     * against its XSD, UTF-8. Its {@code feilId} is a new random UUID (the XSD asks for an id unique to
     * this error message); the schema has no field for a correlation id, so a given
     * {@code korrelasjonId} is added to the text as {@code " (klientKorrelasjonsId: ...)"}.
     *
     * @param feilmelding   the error, for a human reader
     * @param korrelasjonId the klientKorrelasjonsId of the message the error is about; may be null
     */
    public static byte[] serverfeil(String feilmelding, String korrelasjonId) {
        return serverfeil(feilmelding, korrelasjonId, UUID.randomUUID().toString());
    }

    static byte[] serverfeil(String feilmelding, String korrelasjonId, String feilId) {
        Objects.requireNonNull(feilmelding, "feilmelding");
        Objects.requireNonNull(feilId, "feilId");
        String text = korrelasjonId == null || korrelasjonId.isBlank()
                ? feilmelding
                : feilmelding + " (klientKorrelasjonsId: " + korrelasjonId + ")";
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<serverfeil xmlns=\"" + SERVERFEIL_NS + "\" xmlns:f=\"" + FEILMELDING_NS + "\">\n"
                + "  <f:feilId>" + escape(feilId) + "</f:feilId>\n"
                + "  <f:feilmelding>" + escape(text) + "</f:feilmelding>\n"
                + "</serverfeil>\n";
        return xml.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Escapes text for element content. Characters XML 1.0 cannot carry at all (control characters
     * other than tab, line feed and carriage return; unpaired surrogates; U+FFFE/U+FFFF) become U+FFFD.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
                continue;
            }
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\r' -> out.append("&#13;");
                case '\t', '\n' -> out.append(c);
                default -> out.append(c < 0x20 || Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF'
                        ? '\uFFFD' : c);
            }
        }
        return out.toString();
    }
}
