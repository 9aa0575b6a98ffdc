package no.knutepunkt.platform.protocol;

import static no.knutepunkt.platform.protocol.KnutepunktTypesTest.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SamarbeidTest {
    private static final SchemaValidator VALIDATOR = new SchemaValidator(MessageTypes.load());
    private static final String ID = "7b1e4c2a-5d3f-4e8b-9a61-0c2d8f4e7a15";
    private static final String TRICKY = "Avtale <utkast> for Førde & Sogndal, «æøå ÆØÅ» \"sitat\" 'apostrof' ]]> 😀";
    private static final byte[] DOKUMENT = "Samarbeidsavtale for Digi Vestland\nFøremål: å samarbeide.\n"
            .getBytes(StandardCharsets.UTF_8);
    private static final List<String> PARTER = List.of("921234561", "921234562", "921234563");

    private static byte[] signering(String tittel, LocalDate evaluering, String endringAv) {
        return Samarbeid.avtaleSignering(ID, 2, tittel, PARTER, LocalDate.of(2027, 12, 31), evaluering, endringAv,
                "avtale æøå & <v2>.txt", "text/plain; charset=UTF-8", DOKUMENT);
    }

    private static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // --- avtale.xml ---

    @Test
    void avtaleSigneringIsValidAndRoundTrips() throws Exception {
        byte[] xml = signering(TRICKY, LocalDate.of(2026, 6, 30), ID + "/1");
        VALIDATOR.validate(MessageTypes.AVTALE_SIGNERING, xml);

        Samarbeid.Avtale avtale = Samarbeid.readAvtale(xml);
        assertThat(avtale.avtaleId()).isEqualTo(ID);
        assertThat(avtale.versjon()).isEqualTo(2);
        assertThat(avtale.tittel()).isEqualTo(TRICKY);
        assertThat(avtale.parter()).containsExactlyElementsOf(PARTER);
        assertThat(avtale.dokument()).isEqualTo(DOKUMENT);
        assertThat(avtale.sha256()).isEqualTo(sha256(DOKUMENT));
    }

    @Test
    void avtaleSigneringIsEscapedUtf8WithTheExpectedElements() throws Exception {
        String xml = utf8(signering(TRICKY, LocalDate.of(2026, 6, 30), ID + "/1"));
        assertThat(xml).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("xmlns=\"" + Samarbeid.AVTALE_NS + "\"")
                .contains("&lt;utkast&gt;").contains("Førde &amp; Sogndal").contains("«æøå ÆØÅ»")
                .doesNotContain("<utkast>").doesNotContain("<v2>")
                .contains("<gyldigFraVedSignering/>").doesNotContain("<gyldigFra>")
                .contains("<gyldigTil>2027-12-31</gyldigTil>")
                .contains("<evalueringsdato>2026-06-30</evalueringsdato>")
                .containsPattern("<endringAv>\\s*<avtaleId>" + ID + "</avtaleId>\\s*<versjon>1</versjon>\\s*</endringAv>")
                .contains("<sha256>" + sha256(DOKUMENT) + "</sha256>")
                .contains("<mimeType>text/plain; charset=UTF-8</mimeType>");
    }

    @Test
    void avtaleSigneringWithoutTheOptionalElements() throws Exception {
        byte[] xml = signering("Avtale", null, null);
        VALIDATOR.validate(MessageTypes.AVTALE_SIGNERING, xml);
        assertThat(utf8(xml)).doesNotContain("evalueringsdato").doesNotContain("endringAv");
        assertThat(Samarbeid.readAvtale(xml).tittel()).isEqualTo("Avtale");
    }

    @Test
    void readAvtaleReadsTheShippedSample() throws Exception {
        Samarbeid.Avtale avtale = Samarbeid.readAvtale(sample("avtale.xml"));
        assertThat(avtale.avtaleId()).isEqualTo(ID);
        assertThat(avtale.versjon()).isEqualTo(1);
        assertThat(avtale.tittel()).isEqualTo("Samarbeidsavtale for Digi Vestland 2025–2027");
        assertThat(avtale.parter()).containsExactlyElementsOf(PARTER);
        assertThat(utf8(avtale.dokument())).startsWith("Samarbeidsavtale for Digi Vestland\n");
        assertThat(avtale.sha256()).isEqualTo(sha256(avtale.dokument()))
                .isEqualTo("e3120c06072dcf712d20af8ea3fd08c89719e9ab5b7cd44727b8616e25b81455");
    }

    @Test
    void readAvtaleRefusesASha256ThatIsNotTheDocuments() {
        // valid against the XSD (64 lower-case hex digits), but not the hash of the document
        String xml = utf8(sample("avtale.xml")).replace(
                "e3120c06072dcf712d20af8ea3fd08c89719e9ab5b7cd44727b8616e25b81455",
                "0000000000000000000000000000000000000000000000000000000000000000");
        assertThatCode(() -> VALIDATOR.validate(MessageTypes.AVTALE_SIGNERING, xml.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> Samarbeid.readAvtale(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dokument/sha256").hasMessageContaining("is not the SHA-256")
                .hasMessageContaining("e3120c06072dcf712d20af8ea3fd08c89719e9ab5b7cd44727b8616e25b81455");
    }

    @Test
    void readAvtaleRefusesAnInvalidPayloadNamingTheElement() {
        String xml = utf8(sample("avtale.xml")).replace("<orgnr>921234562</orgnr>", "<orgnr>92123456</orgnr>");
        assertThatThrownBy(() -> Samarbeid.readAvtale(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid " + MessageTypes.AVTALE_SIGNERING + " payload (element orgnr)")
                .hasCauseInstanceOf(SchemaViolation.class);
    }

    @Test
    void avtaleSigneringRefusesBadArguments() {
        LocalDate til = LocalDate.of(2027, 12, 31);
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", List.of("92123456"), til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parter").hasMessageContaining("nine digits");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", List.of(), til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parter");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", List.of("921234561", "921234561"), til, null,
                null, "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("921234561 twice");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 0, "T", PARTER, til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("versjon");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering("med mellomrom", 1, "T", PARTER, til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("avtaleId");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, " ", PARTER, til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tittel is blank");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", PARTER, til, null, null,
                "a.txt", "text/plain", new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dokument is empty");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 2, "T", PARTER, til, null, ID,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endringAv must be '<avtaleId>/<versjon>'");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 2, "T", PARTER, til, null, ID + "/x",
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("endringAv");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T\u0001", PARTER, til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0001");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", PARTER, null, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("gyldigTil");
    }

    @Test
    void whatTheXsdRefusesBeyondTheArgumentChecksIsAnIllegalArgumentNamingTheElement() {
        LocalDate til = LocalDate.of(2027, 12, 31);
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "x".repeat(501), PARTER, til, null, null,
                "a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(tittel)").hasCauseInstanceOf(SchemaViolation.class);
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", PARTER, til, null, null,
                "../a.txt", "text/plain", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(filnavn)");
        assertThatThrownBy(() -> Samarbeid.avtaleSignering(ID, 1, "T", PARTER, til, null, null,
                "a.txt", "tekst", DOKUMENT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(mimeType)");
    }

    // --- signatur.xml ---

    @Test
    void avtaleSignaturIsValidAndRoundTrips() throws Exception {
        byte[] signedData = {0x30, (byte) 0x82, 0x01, 0x00, 0x06, 0x09, (byte) 0xFF, 0x00, '<', '&'};
        byte[] xml = Samarbeid.avtaleSignatur(ID, 3, "921234562", signedData);
        VALIDATOR.validate(MessageTypes.AVTALE_SIGNATUR, xml);
        Samarbeid.Signatur signatur = Samarbeid.readSignatur(xml);
        assertThat(signatur).isEqualTo(new Samarbeid.Signatur(ID, 3, "921234562", signedData));
        assertThat(signatur.signedData()).isEqualTo(signedData);
        assertThat(utf8(xml)).doesNotContain("<signert>");
    }

    @Test
    void readSignaturReadsTheShippedSample() {
        Samarbeid.Signatur signatur = Samarbeid.readSignatur(sample("signatur.xml"));
        assertThat(signatur.avtaleId()).isEqualTo(ID);
        assertThat(signatur.versjon()).isEqualTo(1);
        assertThat(signatur.orgnr()).isEqualTo("921234562");
        assertThat(signatur.signedData()).hasSizeGreaterThan(100).startsWith((byte) 0x30);
    }

    @Test
    void readSignaturRefusesADoctype() {
        String xml = utf8(sample("signatur.xml")).replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE avtaleSignatur [\n"
                        + "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>");
        assertThat(xml).contains("<!DOCTYPE");
        assertThatThrownBy(() -> Samarbeid.readSignatur(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE/DTD is not allowed")
                .hasMessageNotContaining("root:");
        String innocent = "<?xml version=\"1.0\"?><!DOCTYPE avtaleSignatur>"
                + utf8(sample("signatur.xml")).substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length());
        assertThatThrownBy(() -> Samarbeid.readSignatur(innocent.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE/DTD is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not xml", "<avtaleSignatur/>", "<a></b>"})
    void readSignaturRefusesWhatIsNoSignatur(String text) {
        assertThatThrownBy(() -> Samarbeid.readSignatur(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a valid " + MessageTypes.AVTALE_SIGNATUR + " payload");
        assertThatThrownBy(() -> Samarbeid.readSignatur(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readSignaturRefusesAnAvslag() {
        assertThatThrownBy(() -> Samarbeid.readSignatur(sample("avslag.xml")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(element avtaleAvslag)").hasMessageContaining("not a payload of");
    }

    @Test
    void avtaleSignaturRefusesBadArguments() {
        assertThatThrownBy(() -> Samarbeid.avtaleSignatur(ID, 1, "921 234 562", new byte[] {0x30}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orgnr");
        assertThatThrownBy(() -> Samarbeid.avtaleSignatur(ID, 1, "921234562", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detachedSignedData");
        assertThatThrownBy(() -> Samarbeid.avtaleSignatur(ID, -1, "921234562", new byte[] {0x30}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("versjon");
    }

    // --- avslag.xml ---

    @Test
    void avtaleAvslagIsValidAndRoundTripsWithEscaping() throws Exception {
        String grunn = "Vi signerer ikkje før <punkt 4> er endra & kommunestyret har handsama saka.\n"
                + "  Mvh. Ålesund? Nei: Årdal, Høyanger og Sølund\ttab\r\nCRLF og U+1F600 😀";
        byte[] xml = Samarbeid.avtaleAvslag(ID, 1, "921234563", grunn);
        VALIDATOR.validate(MessageTypes.AVTALE_AVSLAG, xml);
        assertThat(utf8(xml)).contains("&lt;punkt 4&gt;").contains("endra &amp; kommunestyret").contains("Årdal");
        assertThat(Samarbeid.readAvslag(xml)).isEqualTo(new Samarbeid.Avslag(ID, 1, "921234563", grunn));
    }

    @Test
    void readAvslagReadsTheShippedSample() {
        Samarbeid.Avslag avslag = Samarbeid.readAvslag(sample("avslag.xml"));
        assertThat(avslag.orgnr()).isEqualTo("921234563");
        assertThat(avslag.grunngiving()).startsWith("Kommunestyret har ikkje handsama avtalen");
    }

    @Test
    void readAvslagRefusesAMissingGrunngiving() {
        String xml = utf8(sample("avslag.xml")).replaceAll("<grunngiving>[^<]*</grunngiving>", "");
        assertThatThrownBy(() -> Samarbeid.readAvslag(xml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(element avtaleAvslag)").hasMessageContaining("grunngiving");
    }

    @Test
    void avtaleAvslagRefusesABlankGrunngiving() {
        assertThatThrownBy(() -> Samarbeid.avtaleAvslag(ID, 1, "921234563", " \n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grunngiving");
    }

    // --- prosjektdokument.xml ---

    @Test
    void prosjektDokumentIsValidAndEscaped() throws Exception {
        byte[] dokument = {1, 2, 3, (byte) 0xFE};
        byte[] xml = Samarbeid.prosjektDokument("felles-arkiv-2025", "Felles arkiv <&> for Sogn og Fjordane æøå",
                "921234561", "Referat: «møte» & <vedtak>", "Referat", "referat æøå.pdf", "application/pdf", dokument);
        VALIDATOR.validate(MessageTypes.PROSJEKT_DOKUMENT, xml);
        assertThat(utf8(xml)).contains("xmlns=\"" + Samarbeid.PROSJEKT_NS + "\"")
                .contains("Felles arkiv &lt;&amp;&gt; for Sogn og Fjordane æøå")
                .contains("Referat: «møte» &amp; &lt;vedtak&gt;")
                .contains("<innhold>AQID/g==</innhold>")
                .contains("<prosjekteigar>921234561</prosjekteigar>");
    }

    @Test
    void prosjektDokumentRefusesBadArguments() {
        assertThatThrownBy(() -> Samarbeid.prosjektDokument("p", "n", "12345678", "t", "d", "f.pdf",
                "application/pdf", new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prosjekteigar");
        assertThatThrownBy(() -> Samarbeid.prosjektDokument("p", "n", "921234561", "t", "x".repeat(101), "f.pdf",
                "application/pdf", new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(dokumenttype)");
        assertThatThrownBy(() -> Samarbeid.prosjektDokument("p", "n", "921234561", "t", "d", "f.pdf",
                "application/pdf", null)).isInstanceOf(NullPointerException.class);
    }

    // --- records ---

    @Test
    void theRecordsCopyTheirBytesAndListsAndCompareByContent() {
        byte[] bytes = {1, 2, 3};
        Samarbeid.Signatur signatur = new Samarbeid.Signatur("a", 1, "921234561", bytes);
        bytes[0] = 9;
        assertThat(signatur.signedData()).containsExactly(1, 2, 3);
        signatur.signedData()[1] = 9;
        assertThat(signatur.signedData()).containsExactly(1, 2, 3);
        assertThat(signatur).isEqualTo(new Samarbeid.Signatur("a", 1, "921234561", new byte[] {1, 2, 3}))
                .hasSameHashCodeAs(new Samarbeid.Signatur("a", 1, "921234561", new byte[] {1, 2, 3}))
                .isNotEqualTo(new Samarbeid.Signatur("a", 1, "921234561", new byte[] {1, 2, 4}));
        assertThat(signatur.toString()).contains("3 bytes");

        java.util.ArrayList<String> parter = new java.util.ArrayList<>(List.of("921234561"));
        Samarbeid.Avtale avtale = new Samarbeid.Avtale("a", 1, "t", parter, new byte[] {1}, "ab");
        parter.add("921234562");
        assertThat(avtale.parter()).containsExactly("921234561");
        assertThat(avtale).isEqualTo(new Samarbeid.Avtale("a", 1, "t", List.of("921234561"), new byte[] {1}, "ab"));
    }
}
