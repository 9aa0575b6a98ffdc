package no.knutepunkt.platform.xml;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.io.ByteOrderMark;
import org.apache.commons.io.input.BOMInputStream;
import org.xml.sax.InputSource;

/**
 * A document's bytes as the hub's parsers read them: a document that starts with a byte order mark (UTF-8,
 * UTF-16LE, UTF-16BE) is read in the encoding the mark names, whatever its XML declaration says, as the XML parsers of
 * .NET, Python and browsers do. JAXP's parser lets the declaration win instead: it refuses a UTF-16 document with a
 * byte order mark whose declaration says {@code utf-8} (which .NET clients write), and reads a UTF-8 document with a
 * mark that declares {@code iso-8859-1} as Latin-1. Here the parser is given the characters, decoded strictly (a byte
 * sequence that is not valid in the mark's encoding is an error), so the declaration's encoding is not used; nothing
 * else of the parser's hardening changes. A document without a byte order mark is given to the parser as bytes, as
 * before: one that is not in the encoding it declares stays refused.
 *
 * <p>When the mark and the declaration disagree, {@link #deviation()} says so, in the words the hub records in the
 * delivery history: {@code UTF-16LE med byte order mark; deklarasjonen sa utf-8}. A mark that agrees with the
 * declaration (or a document without declaration, which XML allows with a mark) is no deviation. The bytes are not
 * changed: only how they are read.
 */
public final class XmlInput {
    /** How much of the document after the mark is looked at for its XML declaration. */
    private static final int DECLARATION_BYTES = 512;
    private static final Pattern DECLARED_ENCODING = Pattern.compile(
            "^<\\?xml\\s[^>]*?encoding\\s*=\\s*([\"'])([A-Za-z][A-Za-z0-9._-]*)\\1");

    private final InputSource source;
    private final Optional<String> deviation;

    private XmlInput(InputSource source, Optional<String> deviation) {
        this.source = source;
        this.deviation = deviation;
    }

    /**
     * Looks at the start of {@code in} (its byte order mark and XML declaration, at most {@value #DECLARATION_BYTES}
     * bytes, put back for the parser) and makes the parser's input of it. Does not close {@code in}.
     *
     * @throws IOException reading {@code in} failed (the exception it threw, unchanged)
     */
    public static XmlInput of(InputStream in) throws IOException {
        BOMInputStream unmarked = BOMInputStream.builder().setInputStream(in)
                .setByteOrderMarks(ByteOrderMark.UTF_8, ByteOrderMark.UTF_16LE, ByteOrderMark.UTF_16BE)
                .setInclude(false).get();
        String bom = unmarked.getBOMCharsetName();
        if (bom == null) {
            return new XmlInput(new InputSource(unmarked), Optional.empty());
        }
        Charset charset = Charset.forName(bom);
        BufferedInputStream rest = new BufferedInputStream(unmarked, DECLARATION_BYTES);
        rest.mark(DECLARATION_BYTES);
        byte[] start = rest.readNBytes(DECLARATION_BYTES);
        rest.reset();
        Optional<String> declared = declaredEncoding(new String(start, charset));
        InputSource source = new InputSource(new InputStreamReader(rest, charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        return new XmlInput(source, declared.filter(name -> !agrees(charset, name))
                .map(name -> charset.name() + " med byte order mark; deklarasjonen sa " + name));
    }

    /** What the parser reads: the bytes, or, after a byte order mark, the characters they encode in its encoding. */
    public InputSource source() {
        return source;
    }

    /** Where the byte order mark overruled the declared encoding, in words; empty when nothing was overruled. */
    public Optional<String> deviation() {
        return deviation;
    }

    /** The encoding an XML declaration at the very start of {@code text} names, as written. */
    static Optional<String> declaredEncoding(String text) {
        Matcher m = DECLARED_ENCODING.matcher(text);
        return m.find() ? Optional.of(m.group(2)) : Optional.empty();
    }

    /** Whether a declared encoding names the mark's ({@code UTF-16} agrees with either order). */
    private static boolean agrees(Charset marked, String declared) {
        String name = declared.toUpperCase(Locale.ROOT);
        if (name.equals("UTF-16") && !marked.equals(StandardCharsets.UTF_8)) {
            return true;
        }
        try {
            return Charset.forName(name).equals(marked);
        } catch (IllegalArgumentException unknown) {
            return false;
        }
    }
}
