package no.knutepunkt.platform.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXParseException;

/** A byte order mark decides how a document is read; its declaration is only compared with it. */
class XmlInputTest {
    private static final byte[] UTF_8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final byte[] UTF_16LE_BOM = {(byte) 0xFF, (byte) 0xFE};
    private static final byte[] UTF_16BE_BOM = {(byte) 0xFE, (byte) 0xFF};

    private static byte[] doc(byte[] bom, Charset charset, String declared) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bom);
        String declaration = declared == null ? "" : "<?xml version=\"1.0\" encoding=\"" + declared + "\"?>\n";
        out.writeBytes((declaration + "<sak>Blåbærsyltetøy på Ørsta</sak>").getBytes(charset));
        return out.toByteArray();
    }

    private static Optional<String> deviation(byte[] xml) throws IOException {
        return XmlInput.of(new ByteArrayInputStream(xml)).deviation();
    }

    @Test
    void aUtf16DocumentWithAByteOrderMarkIsReadInItsEncodingWhateverItsDeclarationSays() throws Exception {
        for (byte[] xml : new byte[][] {doc(UTF_16LE_BOM, StandardCharsets.UTF_16LE, "utf-8"),
                doc(UTF_16BE_BOM, StandardCharsets.UTF_16BE, "UTF-8")}) {
            // the JDK's parser alone refuses it
            assertThatThrownBy(() -> SecureXml.documentBuilder().parse(new ByteArrayInputStream(xml)))
                    .isInstanceOf(SAXParseException.class);
            Document parsed = SecureXml.parse(xml);
            assertThat(parsed.getDocumentElement().getTextContent()).isEqualTo("Blåbærsyltetøy på Ørsta");
        }
        assertThat(deviation(doc(UTF_16LE_BOM, StandardCharsets.UTF_16LE, "utf-8")))
                .contains("UTF-16LE med byte order mark; deklarasjonen sa utf-8");
        assertThat(deviation(doc(UTF_16BE_BOM, StandardCharsets.UTF_16BE, "UTF-8")))
                .contains("UTF-16BE med byte order mark; deklarasjonen sa UTF-8");
    }

    @Test
    void aMarkThatAgreesWithTheDeclarationOrADocumentWithoutDeclarationIsNoDeviation() throws Exception {
        assertThat(deviation(doc(UTF_16LE_BOM, StandardCharsets.UTF_16LE, "UTF-16"))).isEmpty();
        assertThat(deviation(doc(UTF_16BE_BOM, StandardCharsets.UTF_16BE, "utf-16"))).isEmpty();
        assertThat(deviation(doc(UTF_16LE_BOM, StandardCharsets.UTF_16LE, "UTF-16LE"))).isEmpty();
        assertThat(deviation(doc(UTF_16LE_BOM, StandardCharsets.UTF_16LE, null))).isEmpty();
        assertThat(deviation(doc(UTF_8_BOM, StandardCharsets.UTF_8, "utf-8"))).isEmpty();
        assertThat(deviation(doc(new byte[0], StandardCharsets.UTF_8, "utf-8"))).isEmpty();
    }

    @Test
    void aUtf8MarkWinsOverALatin1DeclarationWhichTheJdkWouldHaveReadAsLatin1() throws Exception {
        byte[] xml = doc(UTF_8_BOM, StandardCharsets.UTF_8, "iso-8859-1");
        assertThat(SecureXml.documentBuilder().parse(new ByteArrayInputStream(xml)).getDocumentElement()
                .getTextContent()).isNotEqualTo("Blåbærsyltetøy på Ørsta");
        assertThat(SecureXml.parse(xml).getDocumentElement().getTextContent()).isEqualTo("Blåbærsyltetøy på Ørsta");
        assertThat(deviation(xml)).contains("UTF-8 med byte order mark; deklarasjonen sa iso-8859-1");
    }

    @Test
    void bytesThatAreNotValidInTheMarksEncodingAreAnErrorNotReplaced() {
        byte[] xml = doc(UTF_16LE_BOM, StandardCharsets.UTF_16LE, "utf-8");
        byte[] broken = java.util.Arrays.copyOf(xml, xml.length + 2);
        broken[xml.length - 2] = 0x00; // a lone high surrogate before the last character
        broken[xml.length - 1] = (byte) 0xD8;
        broken[xml.length] = '>';
        broken[xml.length + 1] = 0;
        assertThatThrownBy(() -> SecureXml.parse(broken)).isInstanceOf(IOException.class);
    }

    @Test
    void aDoctypeIsStillRefusedWhenTheDocumentIsReadAsCharacters() {
        byte[] xml = ("<?xml version=\"1.0\" encoding=\"utf-8\"?><!DOCTYPE sak [<!ENTITY x \"y\">]><sak>&x;</sak>")
                .getBytes(StandardCharsets.UTF_16LE);
        byte[] marked = new byte[xml.length + 2];
        System.arraycopy(UTF_16LE_BOM, 0, marked, 0, 2);
        System.arraycopy(xml, 0, marked, 2, xml.length);
        assertThatThrownBy(() -> SecureXml.parse(marked)).isInstanceOf(SAXParseException.class)
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void aFailingStreamIsHandedBackUnchanged() {
        IOException broken = new IOException("connection reset");
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw broken;
            }
        };
        assertThatThrownBy(() -> XmlInput.of(failing)).isSameAs(broken);
    }
}
