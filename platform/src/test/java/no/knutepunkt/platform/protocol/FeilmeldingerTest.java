package no.knutepunkt.platform.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import no.knutepunkt.platform.xml.SecureXml;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class FeilmeldingerTest {
    private static final String SERVERFEIL = "no.ks.fiks.arkiv.v1.feilmelding.serverfeil";
    private static final SchemaValidator VALIDATOR = new SchemaValidator(MessageTypes.load());

    private static Document parse(byte[] xml) throws Exception {
        return SecureXml.parse(xml);
    }

    private static String child(Document doc, String name) {
        return doc.getElementsByTagNameNS(Feilmeldinger.FEILMELDING_NS, name).item(0).getTextContent();
    }

    @Test
    void isAValidServerfeil() throws Exception {
        byte[] xml = Feilmeldinger.serverfeil("Meldingen kunne ikke leveres til 944233199: timeout", "abc-123");
        VALIDATOR.validate(SERVERFEIL, xml);
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("serverfeil");
        assertThat(root.getNamespaceURI()).isEqualTo(Feilmeldinger.SERVERFEIL_NS);
        assertThat(child(doc, "feilmelding"))
                .isEqualTo("Meldingen kunne ikke leveres til 944233199: timeout (klientKorrelasjonsId: abc-123)");
        assertThat(child(doc, "feilId")).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void escapesSpecialCharacters() throws Exception {
        String text = "a < b && c > d \"sitat\" 'x' æøå ÆØÅ </f:feilmelding><injisert/>";
        byte[] xml = Feilmeldinger.serverfeil(text, "<k&1>");
        VALIDATOR.validate(SERVERFEIL, xml);
        String raw = new String(xml, StandardCharsets.UTF_8);
        assertThat(raw).contains("a &lt; b &amp;&amp; c &gt; d \"sitat\" 'x' æøå ÆØÅ &lt;/f:feilmelding&gt;&lt;injisert/&gt;")
                .contains("&lt;k&amp;1&gt;")
                .doesNotContain("<injisert/>");
        assertThat(child(parse(xml), "feilmelding")).isEqualTo(text + " (klientKorrelasjonsId: <k&1>)");
    }

    @Test
    void keepsTextXmlCannotCarryOutOfThePayload() throws Exception {
        String text = "nul\u0000 bell\u0007 cr\r lf\n tab\t lone\uD800 pair\uD83D\uDE00 ffff\uFFFF";
        byte[] xml = Feilmeldinger.serverfeil(text, null);
        VALIDATOR.validate(SERVERFEIL, xml);
        assertThat(child(parse(xml), "feilmelding"))
                .isEqualTo("nul\uFFFD bell\uFFFD cr\r lf\n tab\t lone\uFFFD pair\uD83D\uDE00 ffff\uFFFD");
    }

    @Test
    void withoutKorrelasjonIdTheTextIsTheFeilmelding() throws Exception {
        byte[] xml = Feilmeldinger.serverfeil("Intern feil", null);
        VALIDATOR.validate(SERVERFEIL, xml);
        assertThat(child(parse(xml), "feilmelding")).isEqualTo("Intern feil");
        assertThat(child(parse(Feilmeldinger.serverfeil("Intern feil", " ")), "feilmelding")).isEqualTo("Intern feil");
    }

    @Test
    void eachHasItsOwnFeilId() throws Exception {
        String first = child(parse(Feilmeldinger.serverfeil("x", "k")), "feilId");
        String second = child(parse(Feilmeldinger.serverfeil("x", "k")), "feilId");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void isUtf8WithADeclaration() {
        byte[] xml = Feilmeldinger.serverfeil("æ", null);
        assertThat(new String(xml, StandardCharsets.UTF_8)).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("æ");
    }

    @Test
    void needsAFeilmelding() {
        assertThatThrownBy(() -> Feilmeldinger.serverfeil(null, "k")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void isNotAValidUgyldigforespoersel() {
        // the root element says which feilmelding it is
        assertThatThrownBy(() -> VALIDATOR.validate("no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel",
                Feilmeldinger.serverfeil("x", null))).isInstanceOf(SchemaViolation.class);
    }
}
