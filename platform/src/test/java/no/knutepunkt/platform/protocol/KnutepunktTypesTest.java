package no.knutepunkt.platform.protocol;

import static no.knutepunkt.platform.protocol.MessageTypes.AVTALE_AVSLAG;
import static no.knutepunkt.platform.protocol.MessageTypes.AVTALE_SIGNATUR;
import static no.knutepunkt.platform.protocol.MessageTypes.AVTALE_SIGNERING;
import static no.knutepunkt.platform.protocol.MessageTypes.PROSJEKT_DOKUMENT;
import static no.knutepunkt.platform.protocol.MessageTypes.PROSJEKT_DOKUMENT_MOTTATT;
import static no.knutepunkt.platform.protocol.MessageTypes.UNDERSOEKELSE;
import static no.knutepunkt.platform.protocol.MessageTypes.UNDERSOEKELSE_SVAR;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT;
import static no.knutepunkt.platform.protocol.Samples.OPPRETT_KVITTERING;
import static no.knutepunkt.platform.protocol.Samples.SERVERFEIL;
import static no.knutepunkt.platform.protocol.Samples.UGYLDIG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import no.knutepunkt.platform.xml.SecureXml;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The cooperation's own message types: known, answered, and validated like Fiks Arkiv's. */
class KnutepunktTypesTest {
    private static final MessageTypes TYPES = MessageTypes.load();
    private static final SchemaValidator VALIDATOR = new SchemaValidator(TYPES);
    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    static byte[] sample(String name) {
        return Samples.classpath("knutepunkt-v1/samples/" + name);
    }

    private static String sampleText(String name) {
        return new String(sample(name), StandardCharsets.UTF_8);
    }

    /** The sample with one change, which must apply exactly once. */
    private static byte[] variant(String name, String from, String to) {
        String text = sampleText(name);
        assertThat(text.split(Pattern.quote(from), -1)).as(from + " once in " + name).hasSize(2);
        return text.replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    private static SchemaViolation violation(String type, byte[] xml) {
        SchemaViolation e = catchThrowableOfType(() -> VALIDATOR.validate(type, xml), SchemaViolation.class);
        assertThat(e).as("expected a SchemaViolation for " + type).isNotNull();
        return e;
    }

    // --- the types ---

    @ParameterizedTest
    @CsvSource({
            "no.knutepunkt.v1.avtale.signering, REQUEST, avtale.xml",
            "no.knutepunkt.v1.avtale.signatur, RECEIPT, signatur.xml",
            "no.knutepunkt.v1.avtale.avslag, ERROR, avslag.xml",
            "no.knutepunkt.v1.prosjekt.dokument, REQUEST, prosjektdokument.xml",
            "no.knutepunkt.v1.undersoekelse, REQUEST, undersoekelse.xml",
            "no.knutepunkt.v1.undersoekelse.svar, RECEIPT, undersoekelse-svar.xml",
    })
    void eachOwnTypeWithPayloadIsKnownWithKindFileNameAndSchema(String id, Kind kind, String filename) {
        assertThat(TYPES.find(id)).contains(new MessageType(id, kind, true, Optional.of(filename),
                Optional.of("knutepunkt-v1/" + id + ".xsd")));
        assertThat(getClass().getClassLoader().getResource("knutepunkt-v1/" + id + ".xsd")).isNotNull();
    }

    @ParameterizedTest
    @CsvSource({"no.knutepunkt.v1.faktura, faktura.xml", "no.knutepunkt.v1.kreditnota, kreditnota.xml"})
    void theInvoiceTypesAreHubNoticesWithAnEhfPayloadAndNoAnswers(String id, String filename) {
        assertThat(TYPES.find(id)).contains(new MessageType(id, Kind.NOTICE, true, Optional.of(filename),
                Optional.empty()));
        assertThat(TYPES.answersTo(id)).isEmpty();
        assertThat(List.of(MessageTypes.FAKTURA, MessageTypes.KREDITNOTA)).contains(id);
    }

    @Test
    void prosjektDokumentMottattIsReceivedWithoutPayload() {
        assertThat(TYPES.find(PROSJEKT_DOKUMENT_MOTTATT)).contains(new MessageType(PROSJEKT_DOKUMENT_MOTTATT,
                Kind.RECEIVED, false, Optional.empty(), Optional.empty()));
    }

    @Test
    void theIdConstantsAreTheIds() {
        assertThat(List.of(AVTALE_SIGNERING, AVTALE_SIGNATUR, AVTALE_AVSLAG, PROSJEKT_DOKUMENT,
                PROSJEKT_DOKUMENT_MOTTATT, UNDERSOEKELSE, UNDERSOEKELSE_SVAR)).containsExactly(
                "no.knutepunkt.v1.avtale.signering", "no.knutepunkt.v1.avtale.signatur",
                "no.knutepunkt.v1.avtale.avslag", "no.knutepunkt.v1.prosjekt.dokument",
                "no.knutepunkt.v1.prosjekt.dokument.mottatt", "no.knutepunkt.v1.undersoekelse",
                "no.knutepunkt.v1.undersoekelse.svar");
    }

    @Test
    void theExistingOwnTypesAreUnchanged() {
        assertThat(TYPES.find(MessageTypes.FIL)).contains(new MessageType(MessageTypes.FIL, Kind.REQUEST, true,
                Optional.empty(), Optional.empty()));
        assertThat(TYPES.find(MessageTypes.TIDSAVBRUDD)).contains(new MessageType(MessageTypes.TIDSAVBRUDD,
                Kind.NOTICE, false, Optional.empty(), Optional.empty()));
        assertThat(TYPES.answersTo(MessageTypes.FIL)).containsExactlyInAnyOrder(SERVERFEIL, UGYLDIG);
    }

    // --- answers ---

    @Test
    void signeringIsAnsweredBySignaturAvslagAndTheTwoFeilmeldinger() {
        assertThat(TYPES.answersTo(AVTALE_SIGNERING))
                .containsExactlyInAnyOrder(AVTALE_SIGNATUR, AVTALE_AVSLAG, UGYLDIG, SERVERFEIL);
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, AVTALE_SIGNATUR)).isTrue();
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, AVTALE_AVSLAG)).isTrue();
    }

    @Test
    void prosjektDokumentIsAnsweredByMottattAndTheTwoFeilmeldinger() {
        assertThat(TYPES.answersTo(PROSJEKT_DOKUMENT))
                .containsExactlyInAnyOrder(PROSJEKT_DOKUMENT_MOTTATT, UGYLDIG, SERVERFEIL);
    }

    @Test
    void undersoekelseIsAnsweredBySvarAndTheTwoFeilmeldinger() {
        assertThat(TYPES.answersTo(UNDERSOEKELSE)).containsExactlyInAnyOrder(UNDERSOEKELSE_SVAR, UGYLDIG, SERVERFEIL);
    }

    @Test
    void refusals() {
        assertThat(TYPES.canAnswer(UNDERSOEKELSE, AVTALE_SIGNATUR)).as("signatur does not answer a survey").isFalse();
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, UNDERSOEKELSE_SVAR)).isFalse();
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, PROSJEKT_DOKUMENT_MOTTATT)).isFalse();
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, "no.ks.fiks.arkiv.v1.feilmelding.ikkefunnet")).isFalse();
        assertThat(TYPES.canAnswer(PROSJEKT_DOKUMENT, AVTALE_AVSLAG)).isFalse();
        assertThat(TYPES.canAnswer(OPPRETT, AVTALE_SIGNATUR)).as("not an answer to Fiks Arkiv").isFalse();
        assertThat(TYPES.canAnswer(AVTALE_SIGNATUR, AVTALE_SIGNERING)).as("the wrong way round").isFalse();
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, OPPRETT_KVITTERING)).isFalse();
        assertThat(TYPES.canAnswer(AVTALE_SIGNERING, MessageTypes.TIDSAVBRUDD)).isFalse();
        for (MessageType type : TYPES.all()) {
            assertThat(TYPES.canAnswer(MessageTypes.TIDSAVBRUDD, type.id())).as("tidsavbrudd answers nothing")
                    .isFalse();
        }
        for (String reply : List.of(AVTALE_SIGNATUR, AVTALE_AVSLAG, PROSJEKT_DOKUMENT_MOTTATT, UNDERSOEKELSE_SVAR,
                MessageTypes.TIDSAVBRUDD)) {
            assertThat(TYPES.answersTo(reply)).as(reply).isEmpty();
        }
    }

    @Test
    void theOwnTypesAreAddedToAnySpecText() {
        // parse() adds them whatever the spec says; their schemas are not looked up.
        String json = """
                {"meldingstyper": [
                  {"id": "no.ks.fiks.arkiv.v1.feilmelding.serverfeil", "harPayload": true,
                   "payloadFilnavn": "feilmelding.xml"},
                  {"id": "no.ks.fiks.arkiv.v1.feilmelding.ugyldigforespoersel", "harPayload": true,
                   "payloadFilnavn": "feilmelding.xml"}
                ]}""";
        MessageTypes parsed = MessageTypes.parse(json, resource -> false);
        assertThat(parsed.all()).hasSize(2 + 2 + 9);
        assertThat(parsed.find(AVTALE_SIGNATUR).orElseThrow().schemaResource())
                .contains("knutepunkt-v1/no.knutepunkt.v1.avtale.signatur.xsd");
        assertThat(parsed.canAnswer(AVTALE_SIGNERING, AVTALE_AVSLAG)).isTrue();
    }

    @Test
    void aSpecThatDefinesAnOwnTypeFailsLoading() {
        String json = """
                {"meldingstyper": [
                  {"id": "no.knutepunkt.v1.avtale.signering", "harPayload": false}
                ]}""";
        assertThatThrownBy(() -> MessageTypes.parse(json, resource -> false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("defined twice");
    }

    // --- the XSDs ---

    @Test
    void everyOwnXsdIsQualifiedDocumentedAndInItsFamilysNamespace() throws Exception {
        for (MessageType type : TYPES.all()) {
            if (!type.id().startsWith("no.knutepunkt.v1.") || type.schemaResource().isEmpty()) {
                continue;
            }
            Document xsd = SecureXml.parse(Samples.classpath(type.schemaResource().get()));
            Element schema = xsd.getDocumentElement();
            String family = type.id().split("\\.")[3]; // avtale, prosjekt, undersoekelse
            assertThat(schema.getAttribute("targetNamespace")).as(type.id())
                    .isEqualTo("https://knutepunkt.no/standarder/samarbeid/v1/" + family);
            assertThat(schema.getAttribute("elementFormDefault")).as(type.id()).isEqualTo("qualified");
            assertThat(schema.getElementsByTagNameNS(XS, "import").getLength()).as(type.id()).isZero();
            // the schema itself, its global element and every named type say what they are
            assertThat(documented(schema)).as(type.id() + " schema").isTrue();
            for (String kind : List.of("element", "complexType", "simpleType")) {
                NodeList nodes = schema.getElementsByTagNameNS(XS, kind);
                for (int i = 0; i < nodes.getLength(); i++) {
                    Element e = (Element) nodes.item(i);
                    boolean global = e.getParentNode() == schema;
                    if (global) {
                        assertThat(documented(e)).as(type.id() + " " + kind + " " + e.getAttribute("name")).isTrue();
                    }
                }
            }
        }
    }

    private static boolean documented(Element e) {
        for (var n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element a && "annotation".equals(a.getLocalName())) {
                NodeList docs = a.getElementsByTagNameNS(XS, "documentation");
                return docs.getLength() > 0 && !docs.item(0).getTextContent().isBlank();
            }
        }
        return false;
    }

    // --- the shipped samples ---

    @ParameterizedTest
    @CsvSource({
            "no.knutepunkt.v1.avtale.signering, avtale.xml",
            "no.knutepunkt.v1.avtale.signatur, signatur.xml",
            "no.knutepunkt.v1.avtale.avslag, avslag.xml",
            "no.knutepunkt.v1.prosjekt.dokument, prosjektdokument.xml",
            "no.knutepunkt.v1.undersoekelse, undersoekelse.xml",
            "no.knutepunkt.v1.undersoekelse.svar, undersoekelse-svar.xml",
    })
    void eachShippedSampleValidatesAndIsNamedAsItsTypesPayload(String type, String sample) {
        assertThat(TYPES.find(type).orElseThrow().payloadFilename()).contains(sample);
        assertThatCode(() -> VALIDATOR.validate(type, sample(sample))).doesNotThrowAnyException();
    }

    @Test
    void theAgreementSampleCarriesItsDocumentAndItsCorrectSha256() throws Exception {
        String text = sampleText("avtale.xml");
        Matcher innhold = Pattern.compile("<innhold>([^<]*)</innhold>").matcher(text);
        Matcher sha = Pattern.compile("<sha256>([^<]*)</sha256>").matcher(text);
        assertThat(innhold.find()).isTrue();
        assertThat(sha.find()).isTrue();
        byte[] document = Base64.getMimeDecoder().decode(innhold.group(1));
        assertThat(new String(document, StandardCharsets.UTF_8)).startsWith("Samarbeidsavtale for Digi Vestland");
        assertThat(sha.group(1)).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(document)));
    }

    @Test
    void theSignatureSampleIsADetachedCmsSignatureOverTheAgreementSamplesDocument() throws Exception {
        Samarbeid.Avtale avtale = Samarbeid.readAvtale(sample("avtale.xml"));
        Samarbeid.Signatur signatur = Samarbeid.readSignatur(sample("signatur.xml"));
        assertThat(signatur.avtaleId()).isEqualTo(avtale.avtaleId());
        assertThat(signatur.versjon()).isEqualTo(avtale.versjon());
        assertThat(avtale.parter()).contains(signatur.orgnr());

        CMSSignedData detached = new CMSSignedData(signatur.signedData());
        assertThat(detached.getSignedContent()).as("detached").isNull();
        assertThat(verifies(signatur.signedData(), avtale.dokument())).isTrue();
        byte[] other = avtale.dokument();
        other[0] ^= 1;
        assertThat(verifies(signatur.signedData(), other)).as("over other bytes").isFalse();
    }

    private static boolean verifies(byte[] signedData, byte[] content) throws Exception {
        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(content), signedData);
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        @SuppressWarnings("unchecked")
        X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID())
                .iterator().next();
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
        } catch (org.bouncycastle.cms.CMSException e) {
            return false;
        }
    }

    // --- invalid variants ---

    /**
     * A wrong value is reported on its own element (the message names the facet: pattern, length...); a
     * missing element on the element found in its place, with the message naming the missing one.
     */
    @ParameterizedTest(name = "{0}: {4}, {5}")
    @CsvSource(delimiter = '|', value = {
            // type | sample | from | to | the element named | in the message
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <orgnr>921234562</orgnr> | <orgnr>92123456</orgnr>"
                    + " | orgnr | cvc-pattern-valid: Value '92123456'",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <orgnr>921234562</orgnr> | <orgnr>92123456x</orgnr>"
                    + " | orgnr | 'Orgnr'",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | e3120c06072dcf712d20af8ea3fd08c89719e9ab5b7cd44727b8616e25b81455"
                    + " | E3120C06072DCF712D20AF8EA3FD08C89719E9AB5B7CD44727B8616E25B81455 | sha256 | 'Sha256'",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | e3120c06072dcf712d20af8ea3fd08c89719e9ab5b7cd44727b8616e25b81455"
                    + " | e3120c06072dcf712d20af8ea3fd08c89719e9ab5b7cd44727b8616e25b8145 | sha256 | 'Sha256'",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <versjon>1</versjon> | <versjon>0</versjon>"
                    + " | versjon | cvc-minInclusive-valid",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <gyldigTil>2027-12-31</gyldigTil> |"
                    + " | evalueringsdato | :gyldigTil}' is expected",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <gyldigFraVedSignering/> |"
                    + " | gyldigTil | :gyldigFraVedSignering",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <gyldigFraVedSignering/>"
                    + " | <gyldigFraVedSignering/><gyldigFra>2025-04-01</gyldigFra> | gyldigFra | :gyldigTil}' is expected",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <orgnr>921234563</orgnr> | <orgnr>921234561</orgnr>"
                    + " | avtaleSignering | Duplicate unique value [921234561]",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <filnavn>samarbeidsavtale-digi-vestland-v1.txt</filnavn>"
                    + " | <filnavn>../etc/passwd</filnavn> | filnavn | 'Filnavn'",
            "no.knutepunkt.v1.avtale.signering | avtale.xml | <dokument> | <dokument><x/> | x | :filnavn}' is expected",
            "no.knutepunkt.v1.avtale.signatur | signatur.xml | <orgnr>921234562</orgnr> | <orgnr>9212345620</orgnr>"
                    + " | orgnr | 'Orgnr'",
            "no.knutepunkt.v1.avtale.signatur | signatur.xml | <versjon>1</versjon> | | orgnr | :versjon}' is expected",
            "no.knutepunkt.v1.avtale.signatur | signatur.xml | <signatur> | <signatur>*** | signatur | base64Binary",
            "no.knutepunkt.v1.avtale.avslag | avslag.xml | <orgnr>921234563</orgnr> | <orgnr>ABCDEFGHI</orgnr>"
                    + " | orgnr | 'Orgnr'",
            "no.knutepunkt.v1.avtale.avslag | avslag.xml | <avtaleId>7b1e4c2a-5d3f-4e8b-9a61-0c2d8f4e7a15</avtaleId> |"
                    + " | versjon | :avtaleId}' is expected",
            "no.knutepunkt.v1.prosjekt.dokument | prosjektdokument.xml | <prosjekteigar>921234561</prosjekteigar>"
                    + " | <prosjekteigar>92 123 4561</prosjekteigar> | prosjekteigar | 'Orgnr'",
            "no.knutepunkt.v1.prosjekt.dokument | prosjektdokument.xml | <dokumenttype>Referat</dokumenttype> |"
                    + " | dokument | :dokumenttype}' is expected",
            "no.knutepunkt.v1.undersoekelse | undersoekelse.xml | <type>tal</type> | <type>tall</type>"
                    + " | type | cvc-enumeration-valid: Value 'tall'",
            "no.knutepunkt.v1.undersoekelse | undersoekelse.xml | <svarfrist>2025-05-15</svarfrist> |"
                    + " | spoersmaal | :svarfrist}' is expected",
            "no.knutepunkt.v1.undersoekelse | undersoekelse.xml | <id>s2</id> | <id>s1</id>"
                    + " | undersoekelse | Duplicate unique value [s1]",
            "no.knutepunkt.v1.undersoekelse.svar | undersoekelse-svar.xml | <orgnr>921234562</orgnr> | <orgnr>1234</orgnr>"
                    + " | orgnr | 'Orgnr'",
            "no.knutepunkt.v1.undersoekelse.svar | undersoekelse-svar.xml | <spoersmaalId>s2</spoersmaalId> |"
                    + " | verdi | :spoersmaalId}' is expected",
    })
    void anInvalidVariantOfEachSampleIsRefusedNamingTheElement(String type, String sample, String from, String to,
                                                                String element, String message) {
        SchemaViolation e = violation(type, variant(sample, from, to == null ? "" : to));
        assertThat(e.element()).as(e.getMessage()).contains(element);
        assertThat(e.getMessage()).contains(message);
        assertThat(e.line()).isPositive();
    }

    @Test
    void aMissingRequiredElementIsNamedInTheMessage() {
        SchemaViolation e = violation(AVTALE_SIGNATUR, variant("signatur.xml", "<orgnr>921234562</orgnr>", ""));
        assertThat(e.getMessage()).contains("cvc-complex-type.2.4.a").contains("signatur").contains("orgnr");
    }

    @Test
    void thePayloadOfOneTypeIsNoPayloadOfAnotherInTheSameNamespace() {
        SchemaViolation e = violation(AVTALE_AVSLAG, sample("signatur.xml"));
        assertThat(e.element()).contains("avtaleSignatur");
        assertThat(e.getMessage()).contains("not a payload of " + AVTALE_AVSLAG).contains("'avtaleAvslag'");
        assertThat(violation(UNDERSOEKELSE_SVAR, sample("undersoekelse.xml")).element()).contains("undersoekelse");
    }

    @Test
    void theRightRootInAnotherNamespaceIsRefused() {
        String xml = sampleText("avslag.xml").replace("samarbeid/v1/avtale", "samarbeid/v2/avtale");
        SchemaViolation e = violation(AVTALE_AVSLAG, xml.getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).contains("not a payload of " + AVTALE_AVSLAG);
    }

    @Test
    void aDoctypeIsRefusedAsForFiksArkiv() {
        String xml = sampleText("avslag.xml").replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE avtaleAvslag [<!ENTITY x SYSTEM "
                        + "\"file:///etc/passwd\">]>");
        SchemaViolation e = violation(AVTALE_AVSLAG, xml.replace("<grunngiving>", "<grunngiving>&x;")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(e.getMessage()).contains("DOCTYPE/DTD is not allowed").doesNotContain("root:");
    }

    @Test
    void theOwnXsdsCompileOnceEachFromTheirOwnFolder() throws Exception {
        SchemaValidator fresh = new SchemaValidator(TYPES);
        for (int i = 0; i < 2; i++) {
            fresh.validate(AVTALE_SIGNERING, sample("avtale.xml"));
            fresh.validate(UNDERSOEKELSE, sample("undersoekelse.xml"));
        }
        assertThat(fresh.compilations()).isEqualTo(2);
        assertThat(SchemaValidator.folderOf("knutepunkt-v1/x.xsd")).isEqualTo("knutepunkt-v1/");
        assertThat(SchemaValidator.folderOf("fiks-arkiv-v1/x.xsd")).isEqualTo("fiks-arkiv-v1/");
        assertThatThrownBy(() -> SchemaValidator.folderOf("knutepunkt-v1/samples/x.xsd"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SchemaValidator.folderOf("other/x.xsd")).isInstanceOf(IllegalStateException.class);
    }
}
