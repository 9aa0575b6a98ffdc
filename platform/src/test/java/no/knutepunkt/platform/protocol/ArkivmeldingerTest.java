package no.knutepunkt.platform.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import no.knutepunkt.platform.protocol.Arkivmeldinger.Dokument;
import no.knutepunkt.platform.protocol.Arkivmeldinger.Prosjekt;
import no.knutepunkt.platform.xml.SecureXml;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class ArkivmeldingerTest {
    private static final String TYPE = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    private static final String NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1";
    private static final String MDK = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
    private static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;

    private static final Prosjekt PROSJEKT =
            new Prosjekt("prosjekt-42", "Felles breiband", "964338531", "Bergen kommune");
    private static final Dokument DOKUMENT =
            new Dokument("Prosjektplan", "PLAN", "prosjektplan.pdf", "dok-7");

    /** Markup characters, Norwegian letters, a supplementary character, tab, CR LF, and a CDATA end marker. */
    private static final String NASTY = "Tårn & <bru> \"æøå\" 'ÆØÅ' ]]> \uD83D\uDE80\tå\r\nslutt";

    private static SchemaValidator validator;

    @BeforeAll
    static void compile() {
        validator = new SchemaValidator(MessageTypes.load());
    }

    // --- valid against the XSD ---

    @Test
    void nySaksmappeMedJournalpostIsValid() {
        byte[] xml = Arkivmeldinger.nySaksmappeMedJournalpost(PROSJEKT, DOKUMENT);
        assertThatCode(() -> validator.validate(TYPE, xml)).doesNotThrowAnyException();
    }

    @Test
    void journalpostISaksmappeIsValid() {
        byte[] xml = Arkivmeldinger.journalpostISaksmappe(PROSJEKT, DOKUMENT);
        assertThatCode(() -> validator.validate(TYPE, xml)).doesNotThrowAnyException();
    }

    @Test
    void optionalValuesLeftOutStillValid() {
        Prosjekt utanOrgnr = new Prosjekt("p", "n", null, "Eigar");
        Dokument utanType = new Dokument("t", null, "f.pdf", "d");
        byte[] ny = Arkivmeldinger.nySaksmappeMedJournalpost(utanOrgnr, utanType);
        byte[] jp = Arkivmeldinger.journalpostISaksmappe(utanOrgnr, utanType);
        assertThatCode(() -> validator.validate(TYPE, ny)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(TYPE, jp)).doesNotThrowAnyException();
        Element registrering = only(parse(ny).getDocumentElement(), NS, "registrering");
        assertThat(children(only(registrering, NS, "korrespondansepart"), NS, "organisasjonid")).isEmpty();
        assertThat(children(only(registrering, NS, "dokumentbeskrivelse"), NS, "dokumenttype")).isEmpty();
    }

    // --- content ---

    @Test
    void nySaksmappeMedJournalpostHasTheSaksmappeAndTheJournalpostInIt() {
        Element root = parse(Arkivmeldinger.nySaksmappeMedJournalpost(PROSJEKT, DOKUMENT)).getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(NS);
        assertThat(root.getLocalName()).isEqualTo("arkivmelding");
        assertThat(text(root, NS, "system")).isEqualTo("Knutepunkt");
        assertThat(text(root, NS, "antallFiler")).isEqualTo("1");

        Element mappe = only(root, NS, "mappe");
        assertThat(mappe.getAttributeNS(XSI, "type")).isEqualTo("saksmappe");
        assertThat(mappe.lookupNamespaceURI(null)).as("namespace of the unprefixed xsi:type").isEqualTo(NS);
        assertThat(text(mappe, NS, "tittel")).isEqualTo("Prosjekt: Felles breiband");
        assertKey(only(mappe, NS, "referanseEksternNoekkel"), "prosjekt-42");

        assertJournalpost(only(root, NS, "registrering"));
    }

    @Test
    void journalpostISaksmappeHasNoMappeAndPointsToTheProjectsSaksmappe() {
        Element root = parse(Arkivmeldinger.journalpostISaksmappe(PROSJEKT, DOKUMENT)).getDocumentElement();
        assertThat(text(root, NS, "system")).isEqualTo("Knutepunkt");
        assertThat(text(root, NS, "antallFiler")).isEqualTo("1");
        assertThat(children(root, NS, "mappe")).isEmpty();

        Element registrering = only(root, NS, "registrering");
        assertJournalpost(registrering);
        Element forelder = only(registrering, NS, "referanseForelderMappe");
        assertThat(elementChildren(forelder)).hasSize(1);
        assertKey(only(forelder, MDK, "referanseEksternNoekkel"), "prosjekt-42");
    }

    private static void assertJournalpost(Element registrering) {
        assertThat(registrering.getAttributeNS(XSI, "type")).isEqualTo("journalpost");
        assertKey(only(only(registrering, NS, "referanseForelderMappe"), MDK, "referanseEksternNoekkel"),
                "prosjekt-42");
        assertThat(text(registrering, NS, "tittel")).isEqualTo("Prosjektplan");
        assertKey(only(registrering, NS, "referanseEksternNoekkel"), "dok-7");
        assertThat(text(only(registrering, NS, "journalposttype"), MDK, "kode")).isEqualTo("I");
        assertThat(text(only(registrering, NS, "journalstatus"), MDK, "kode")).isEqualTo("J");

        Element part = only(registrering, NS, "korrespondansepart");
        assertThat(text(only(part, NS, "korrespondanseparttype"), MDK, "kode")).isEqualTo("EA");
        assertThat(text(part, NS, "korrespondansepartNavn")).isEqualTo("Bergen kommune");
        assertThat(text(part, NS, "organisasjonid")).isEqualTo("964338531");

        Element beskrivelse = only(registrering, NS, "dokumentbeskrivelse");
        assertThat(text(beskrivelse, NS, "tittel")).isEqualTo("Prosjektplan");
        assertThat(text(only(beskrivelse, NS, "dokumenttype"), MDK, "kode")).isEqualTo("PLAN");
        assertThat(text(only(beskrivelse, NS, "dokumentstatus"), MDK, "kode")).isEqualTo("F");
        assertThat(text(only(beskrivelse, NS, "tilknyttetRegistreringSom"), MDK, "kode")).isEqualTo("H");
        Element objekt = only(beskrivelse, NS, "dokumentobjekt");
        assertThat(text(objekt, NS, "referanseDokumentfil")).isEqualTo("prosjektplan.pdf");
        assertThat(text(objekt, NS, "filnavn")).isEqualTo("prosjektplan.pdf");
    }

    private static void assertKey(Element key, String noekkel) {
        assertThat(elementChildren(key)).hasSize(2);
        assertThat(text(key, MDK, "fagsystem")).isEqualTo("Knutepunkt");
        assertThat(text(key, MDK, "noekkel")).isEqualTo(noekkel);
    }

    // --- escaping and encoding ---

    @Test
    void markupAndNorwegianLettersRoundTripInBothMessages() {
        Prosjekt prosjekt = new Prosjekt("id " + NASTY, NASTY, "9 & <8>", "Eigar " + NASTY);
        Dokument dokument = new Dokument("Tittel " + NASTY, "K&<æ>", "fil-æøå & <x>.pdf", "dok " + NASTY);

        byte[] ny = Arkivmeldinger.nySaksmappeMedJournalpost(prosjekt, dokument);
        byte[] jp = Arkivmeldinger.journalpostISaksmappe(prosjekt, dokument);
        assertThatCode(() -> validator.validate(TYPE, ny)).doesNotThrowAnyException();
        assertThatCode(() -> validator.validate(TYPE, jp)).doesNotThrowAnyException();

        Element root = parse(ny).getDocumentElement();
        Element mappe = only(root, NS, "mappe");
        assertThat(text(mappe, NS, "tittel")).isEqualTo("Prosjekt: " + NASTY);
        assertThat(text(only(mappe, NS, "referanseEksternNoekkel"), MDK, "noekkel")).isEqualTo("id " + NASTY);
        for (Element registrering : List.of(only(root, NS, "registrering"),
                only(parse(jp).getDocumentElement(), NS, "registrering"))) {
            assertThat(text(registrering, NS, "tittel")).isEqualTo("Tittel " + NASTY);
            assertThat(text(only(registrering, NS, "referanseEksternNoekkel"), MDK, "noekkel"))
                    .isEqualTo("dok " + NASTY);
            assertThat(text(only(only(registrering, NS, "referanseForelderMappe"), MDK, "referanseEksternNoekkel"),
                    MDK, "noekkel")).isEqualTo("id " + NASTY);
            Element part = only(registrering, NS, "korrespondansepart");
            assertThat(text(part, NS, "korrespondansepartNavn")).isEqualTo("Eigar " + NASTY);
            assertThat(text(part, NS, "organisasjonid")).isEqualTo("9 & <8>");
            Element beskrivelse = only(registrering, NS, "dokumentbeskrivelse");
            assertThat(text(only(beskrivelse, NS, "dokumenttype"), MDK, "kode")).isEqualTo("K&<æ>");
            assertThat(text(only(beskrivelse, NS, "dokumentobjekt"), NS, "referanseDokumentfil"))
                    .isEqualTo("fil-æøå & <x>.pdf");
        }
    }

    @Test
    void isUtf8WithTheLettersAsTheyAre() {
        byte[] xml = Arkivmeldinger.nySaksmappeMedJournalpost(
                new Prosjekt("p", "Ærlege øyar på Åsane", null, "e"), DOKUMENT);
        String head = new String(xml, 0, Math.min(xml.length, 60), StandardCharsets.US_ASCII);
        assertThat(head).startsWith("<?xml").containsIgnoringCase("encoding=\"UTF-8\"");
        // æøå written as UTF-8 bytes, neither as character references nor in another encoding.
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("Prosjekt: Ærlege øyar på Åsane")
                .doesNotContain("&#");
    }

    // --- refused input ---

    @Test
    void refusesMissingOrBlankRequiredValues() {
        assertThatThrownBy(() -> new Prosjekt(null, "n", null, "e")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("prosjektId");
        assertThatThrownBy(() -> new Prosjekt("p", " ", null, "e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namn");
        assertThatThrownBy(() -> new Prosjekt("p", "n", "", "e")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prosjekteigarOrgnr");
        assertThatThrownBy(() -> new Prosjekt("p", "n", null, null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("prosjekteigarNamn");
        assertThatThrownBy(() -> new Dokument("", "K", "f", "d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tittel");
        assertThatThrownBy(() -> new Dokument("t", "", "f", "d")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dokumenttypeKode");
        assertThatThrownBy(() -> new Dokument("t", "K", null, "d")).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("filnavn");
        assertThatThrownBy(() -> new Dokument("t", "K", "f", "\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dokumentId");
        assertThatThrownBy(() -> Arkivmeldinger.nySaksmappeMedJournalpost(null, DOKUMENT))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Arkivmeldinger.journalpostISaksmappe(PROSJEKT, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void refusesCharactersXmlCannotCarry() {
        assertThatThrownBy(() -> new Prosjekt("p", "a\u0000b", null, "e"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namn").hasMessageContaining("U+0000");
        assertThatThrownBy(() -> new Dokument("t\u0007", null, "f", "d"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tittel");
        assertThatThrownBy(() -> new Dokument("t", null, "f", "d\uD800"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dokumentId");
        assertThatThrownBy(() -> new Prosjekt("p", "n", null, "e\uFFFE"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prosjekteigarNamn");
    }

    // --- helpers ---

    /** Namespace-aware, DOCTYPE refused, no external access: the way a receiver should read it. */
    private static Document parse(byte[] xml) {
        try {
            return SecureXml.parse(xml);
        } catch (Exception e) {
            throw new AssertionError("not parseable: " + new String(xml, StandardCharsets.UTF_8), e);
        }
    }

    private static List<Element> elementChildren(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static List<Element> children(Element parent, String ns, String name) {
        return elementChildren(parent).stream()
                .filter(e -> ns.equals(e.getNamespaceURI()) && name.equals(e.getLocalName()))
                .toList();
    }

    private static Element only(Element parent, String ns, String name) {
        List<Element> found = children(parent, ns, name);
        assertThat(found).as("{%s}%s in %s", ns, name, parent.getLocalName()).hasSize(1);
        return found.get(0);
    }

    private static String text(Element parent, String ns, String name) {
        return only(parent, ns, name).getTextContent();
    }
}
