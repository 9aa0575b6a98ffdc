package no.knutepunkt.connectors.noark5;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.Payload;
import no.knutepunkt.connectors.StandIns;
import no.knutepunkt.platform.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

class Noark5ConnectorTest {
    static final String OPPRETT = "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett";
    static final String KVITTERING_NS =
            "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/kvittering/v1";
    static final String MDK_NS = "https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/metadatakatalog/v1";
    static final String ARKIVDEL = "0b6f3e2a-5c1d-4e8f-9a7b-1c2d3e4f5a60";
    static final String SAKSMAPPE = "5f2a9c1e-3b4d-4e6f-8a9b-0c1d2e3f4a51";
    static final String JOURNALPOST = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c52";
    static final String DOKUMENTBESKRIVELSE = "b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d53";
    static final String DOKUMENTOBJEKT = "c3d4e5f6-a7b8-4c9d-8e1f-2a3b4c5d6e54";
    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.test.token";

    static final String NY_SAKSMAPPE = "/noark5v5/api/arkivstruktur/arkivdel/" + ARKIVDEL + "/ny-saksmappe";
    static final String NY_JOURNALPOST = "/noark5v5/api/sakarkiv/saksmappe/" + SAKSMAPPE + "/ny-journalpost";
    static final String NY_JOURNALPOST_I_ARKIVDEL = "/noark5v5/api/arkivstruktur/arkivdel/" + ARKIVDEL + "/ny-journalpost";
    static final String NY_DOKUMENTBESKRIVELSE =
            "/noark5v5/api/arkivstruktur/registrering/" + JOURNALPOST + "/ny-dokumentbeskrivelse";
    static final String NY_DOKUMENTOBJEKT =
            "/noark5v5/api/arkivstruktur/dokumentbeskrivelse/" + DOKUMENTBESKRIVELSE + "/ny-dokumentobjekt";
    static final String REFERANSE_FIL = "/noark5v5/api/arkivstruktur/dokumentobjekt/" + DOKUMENTOBJEKT + "/referanseFil";

    static WireMockServer server;

    @BeforeAll
    static void start() {
        server = StandIns.started();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @BeforeEach
    void reset() {
        server.resetAll();
    }

    static Noark5Connector connector(String token) {
        return connector(URI.create(server.baseUrl()), token, Duration.ofSeconds(5));
    }

    static Noark5Connector connector(URI base, String token, Duration timeout) {
        return new Noark5Connector(new Noark5Client(base, ARKIVDEL, timeout, token));
    }

    static Delivery delivery(String meldingType, byte[] content) {
        return new Delivery("6f1c2f1e-7d3a-4b8e-9a51-0c2d6a1b9e01", "994601008", "994602004", meldingType,
                "klient-17", Optional.empty(), Optional.empty(), 86_400_000L, "arkivmelding.xml", Optional.empty(),
                () -> {
                    throw new AssertionError("the encrypted payload is not for the noark5 connector");
                }, Payload.of(content));
    }

    static byte[] sample(String name) {
        return FiksArkivSchemas.resource("arkivmelding/" + name);
    }

    static MappingBuilder created(MappingBuilder request, String json) {
        return request.willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/vnd.noark5+json").withBody(json));
    }

    static void stubArchive() {
        server.stubFor(created(post(urlEqualTo(NY_SAKSMAPPE)), """
                {"systemID": "%s", "mappeID": "2026/17", "saksaar": 2026, "sakssekvensnummer": 17,
                 "saksdato": "2026-03-02", "opprettetDato": "2026-03-02T10:15:30.1234567+01:00",
                 "opprettetAv": "Knutepunkt", "tittel": "Byggesak gnr 12/bnr 7 & 8 – Fjellvegen 3",
                 "_links": {"self": {"href": "http://arkiv/noark5v5/api/sakarkiv/saksmappe/%s"}}}
                """.formatted(SAKSMAPPE, SAKSMAPPE)));
        server.stubFor(created(post(urlEqualTo(NY_JOURNALPOST)), journalpostAnswer()));
        server.stubFor(created(post(urlEqualTo(NY_JOURNALPOST_I_ARKIVDEL)), journalpostAnswer()));
        server.stubFor(created(post(urlEqualTo(NY_DOKUMENTBESKRIVELSE)), """
                {"systemID": "%s", "dokumentnummer": 1, "tittel": "Søknad om løyve til tiltak"}
                """.formatted(DOKUMENTBESKRIVELSE)));
        server.stubFor(created(post(urlEqualTo(NY_DOKUMENTOBJEKT)), """
                {"systemID": "%s", "versjonsnummer": 1,
                 "variantformat": {"kode": "P", "kodenavn": "Produksjonsformat"}}
                """.formatted(DOKUMENTOBJEKT)));
        server.stubFor(created(put(urlEqualTo(REFERANSE_FIL)), """
                {"systemID": "%s", "filstoerrelse": 1234}
                """.formatted(DOKUMENTOBJEKT)));
    }

    static String journalpostAnswer() {
        return """
                {"systemID": "%s", "journalaar": 2026, "journalsekvensnummer": 431, "journalpostnummer": "1",
                 "registreringsID": "2026/17-1", "journaldato": "2026-03-02",
                 "journalposttype": {"kode": "I", "kodenavn": "Inngående dokument"},
                 "journalstatus": {"kode": "J", "kodenavn": "Journalført"}}
                """.formatted(JOURNALPOST);
    }

    /** The requests the archive got, oldest first, as "METHOD path". */
    static List<String> calls() {
        // WireMock lists the newest first
        List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
        Collections.reverse(events);
        return events.stream().map(e -> e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl()).toList();
    }

    static Document parse(byte[] xml) throws Exception {
        return SecureXml.parse(xml);
    }

    static String xpath(Document doc, String expression) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return switch (prefix) {
                    case "k" -> KVITTERING_NS;
                    case "m" -> MDK_NS;
                    default -> XMLConstants.NULL_NS_URI;
                };
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public Iterator<String> getPrefixes(String uri) {
                return Collections.emptyIterator();
            }
        });
        return xpath.evaluate(expression, doc);
    }

    @Test
    void hasTheNameUsedInTheRoutingConfiguration() {
        assertThat(connector(null).name()).isEqualTo("noark5").isEqualTo(Noark5Connector.NAME);
    }

    @Test
    void theSamplesAreValidArkivmeldingerSoTheTestsSpeakTheRealFormat() {
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.OPPRETT, sample("saksmappe-journalpost.xml")))
                .doesNotThrowAnyException();
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.OPPRETT, sample("journalpost.xml")))
                .doesNotThrowAnyException();
    }

    @Test
    void aSaksmappeWithAJournalpostAndADocumentIsArchivedStepByStep() throws Exception {
        stubArchive();
        byte[] payload = sample("saksmappe-journalpost.xml");

        DeliveryResult result = connector(TOKEN).deliver(delivery(OPPRETT, payload));

        assertThat(calls()).containsExactly(
                "POST " + NY_SAKSMAPPE,
                "POST " + NY_JOURNALPOST,
                "POST " + NY_DOKUMENTBESKRIVELSE,
                "POST " + NY_DOKUMENTOBJEKT,
                "PUT " + REFERANSE_FIL);
        server.verify(5, anyRequestedFor(anyUrl())
                .withHeader("Accept", equalTo("application/vnd.noark5+json"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        server.verify(4, postRequestedFor(anyUrl()).withHeader("Content-Type", equalTo("application/vnd.noark5+json")));

        server.verify(1, postRequestedFor(urlEqualTo(NY_SAKSMAPPE))
                .withRequestBody(matchingJsonPath("$.tittel", equalTo("Byggesak gnr 12/bnr 7 & 8 – Fjellvegen 3")))
                .withRequestBody(matchingJsonPath("$.offentligTittel", equalTo("Byggesak gnr 12/bnr 7 & 8")))
                .withRequestBody(matchingJsonPath("$.saksdato", equalTo("2026-03-02")))
                .withRequestBody(matchingJsonPath("$.administrativEnhet", equalTo("Plan og bygg")))
                .withRequestBody(matchingJsonPath("$.saksansvarlig", equalTo("Kari Nordmann")))
                .withRequestBody(matchingJsonPath("$.referanseEksternNoekkel.fagsystem", equalTo("eByggesak")))
                .withRequestBody(matchingJsonPath("$.referanseEksternNoekkel.noekkel", equalTo("sak<2026-17>&\"a\""))));
        server.verify(1, postRequestedFor(urlEqualTo(NY_JOURNALPOST))
                .withRequestBody(matchingJsonPath("$.tittel", equalTo("Søknad om løyve til tiltak, Fjellvegen 3")))
                .withRequestBody(matchingJsonPath("$.offentligTittel", equalTo("Søknad om løyve til tiltak")))
                .withRequestBody(matchingJsonPath("$.journalposttype.kode", equalTo("I")))
                .withRequestBody(matchingJsonPath("$.journalposttype.kodenavn", equalTo("Inngående dokument")))
                .withRequestBody(matchingJsonPath("$.journalstatus.kode", equalTo("J")))
                .withRequestBody(matchingJsonPath("$.dokumentetsDato", equalTo("2026-03-01")))
                .withRequestBody(matchingJsonPath("$.korrespondansepart[0].korrespondanseparttype.kode", equalTo("EA")))
                .withRequestBody(matchingJsonPath("$.korrespondansepart[0].korrespondansepartNavn",
                        equalTo("Fjellvegen Bygg AS")))
                .withRequestBody(matchingJsonPath("$.korrespondansepart[0].organisasjonsnummer", equalTo("912345678")))
                .withRequestBody(matchingJsonPath("$.referanseEksternNoekkel.noekkel", equalTo("jp-2026-17-1"))));
        server.verify(1, postRequestedFor(urlEqualTo(NY_DOKUMENTBESKRIVELSE))
                .withRequestBody(matchingJsonPath("$.tittel", equalTo("Søknad om løyve til tiltak")))
                .withRequestBody(matchingJsonPath("$.dokumenttype.kode", equalTo("SØKNAD")))
                .withRequestBody(matchingJsonPath("$.dokumentstatus.kode", equalTo("F")))
                .withRequestBody(matchingJsonPath("$.tilknyttetRegistreringSom.kode", equalTo("H")))
                .withRequestBody(matchingJsonPath("$.dokumentnummer", equalTo("1"))));
        server.verify(1, postRequestedFor(urlEqualTo(NY_DOKUMENTOBJEKT))
                .withRequestBody(matchingJsonPath("$.versjonsnummer", equalTo("1")))
                .withRequestBody(matchingJsonPath("$.variantformat.kode", equalTo("P")))
                .withRequestBody(matchingJsonPath("$.format.kode", equalTo("fmt/101")))
                .withRequestBody(matchingJsonPath("$.mimeType", equalTo("application/xml")))
                .withRequestBody(matchingJsonPath("$.filnavn", equalTo("soknad.pdf"))));
        server.verify(1, putRequestedFor(urlEqualTo(REFERANSE_FIL))
                .withHeader("Content-Type", equalTo("application/xml"))
                .withRequestBody(binaryEqualTo(payload)));

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.notes()).containsExactly(
                "Noark 5: saksmappe " + SAKSMAPPE + " (mappeID 2026/17)",
                "Noark 5: journalpost 2026/431 (" + JOURNALPOST + ")",
                "Noark 5: dokumentbeskrivelse " + DOKUMENTBESKRIVELSE + ", dokumentobjekt " + DOKUMENTOBJEKT
                        + " with the arkivmelding payload as soknad.pdf (" + payload.length + " bytes)");

        DeliveryResult.Reply reply = result.reply().orElseThrow();
        assertThat(reply.meldingType()).isEqualTo("no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett.kvittering");
        assertThat(reply.filnavn()).isEqualTo("arkivmelding-kvittering.xml");
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.KVITTERING, reply.payload()))
                .doesNotThrowAnyException();

        Document k = parse(reply.payload());
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:mappeKvittering/k:systemID")).isEqualTo(SAKSMAPPE);
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:mappeKvittering/k:mappeID")).isEqualTo("2026/17");
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:mappeKvittering/k:saksaar")).isEqualTo("2026");
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:mappeKvittering/k:sakssekvensnummer")).isEqualTo("17");
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:mappeKvittering/k:opprettetEllerEksisterende"))
                .isEqualTo("Opprettet");
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:mappeKvittering/k:referanseEksternNoekkel/m:noekkel"))
                .isEqualTo("sak<2026-17>&\"a\"");
        String jp = "/k:arkivmeldingKvittering/k:registreringKvittering/";
        assertThat(xpath(k, jp + "k:systemID")).isEqualTo(JOURNALPOST);
        assertThat(xpath(k, jp + "k:journalaar")).isEqualTo("2026");
        assertThat(xpath(k, jp + "k:journalsekvensnummer")).isEqualTo("431");
        assertThat(xpath(k, jp + "k:journalpostnummer")).isEqualTo("1");
        assertThat(xpath(k, jp + "k:registreringsID")).isEqualTo("2026/17-1");
        assertThat(xpath(k, jp + "k:journalposttype/m:kode")).isEqualTo("I");
        assertThat(xpath(k, jp + "k:referanseEksternNoekkel/m:fagsystem")).isEqualTo("eByggesak");
        assertThat(xpath(k, jp + "k:referanseEksternNoekkel/m:noekkel")).isEqualTo("jp-2026-17-1");
        assertThat(xpath(k, jp + "k:dokumentbeskrivelseKvittering/k:systemID")).isEqualTo(DOKUMENTBESKRIVELSE);
        assertThat(xpath(k, jp + "k:dokumentbeskrivelseKvittering/k:dokumentnummer")).isEqualTo("1");
        assertThat(xpath(k, jp + "k:dokumentbeskrivelseKvittering/k:dokumentobjekt/k:systemID"))
                .isEqualTo(DOKUMENTOBJEKT);
        assertThat(xpath(k, jp + "k:dokumentbeskrivelseKvittering/k:dokumentobjekt/k:variantformat/m:kode"))
                .isEqualTo("P");
    }

    @Test
    void theSchemaCheckRefusesAKvitteringTheSchemaDoesNotAllow() throws Exception {
        stubArchive();
        byte[] kvittering = connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml")))
                .reply().orElseThrow().payload();
        String xml = new String(kvittering, StandardCharsets.UTF_8);

        // the check itself can fail: a systemID that is no UUID, a missing required element
        assertThrows(SAXException.class, () -> FiksArkivSchemas.validate(FiksArkivSchemas.KVITTERING,
                xml.replace(SAKSMAPPE, "12345").getBytes(StandardCharsets.UTF_8)));
        assertThrows(SAXException.class, () -> FiksArkivSchemas.validate(FiksArkivSchemas.KVITTERING,
                xml.replaceFirst("<opprettetEllerEksisterende>Opprettet</opprettetEllerEksisterende>", "")
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSent() throws Exception {
        stubArchive();

        connector(null).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml")));

        server.verify(5, anyRequestedFor(anyUrl()).withHeader("Authorization", absent()));
    }

    @Test
    void aRegistreringWithoutAMappeGoesIntoTheArkivdel() throws Exception {
        stubArchive();
        byte[] payload = sample("journalpost.xml");

        DeliveryResult result = connector(TOKEN).deliver(delivery(OPPRETT, payload));

        assertThat(calls()).containsExactly(
                "POST " + NY_JOURNALPOST_I_ARKIVDEL,
                "POST " + NY_DOKUMENTBESKRIVELSE,
                "POST " + NY_DOKUMENTOBJEKT,
                "PUT " + REFERANSE_FIL);
        server.verify(postRequestedFor(urlEqualTo(NY_JOURNALPOST_I_ARKIVDEL))
                .withRequestBody(matchingJsonPath("$.tittel", equalTo("Melding om flytting")))
                .withRequestBody(matchingJsonPath("$.journalposttype.kode", equalTo("I")))
                .withRequestBody(matchingJsonPath("$.journalstatus", absent())));
        server.verify(postRequestedFor(urlEqualTo(NY_DOKUMENTOBJEKT))
                .withRequestBody(matchingJsonPath("$.filnavn", equalTo("flyttemelding.xml"))));
        server.verify(putRequestedFor(urlEqualTo(REFERANSE_FIL)).withRequestBody(binaryEqualTo(payload)));
        assertThat(result.notes()).first().isEqualTo("Noark 5: journalpost 2026/431 (" + JOURNALPOST + ")");

        byte[] kvittering = result.reply().orElseThrow().payload();
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.KVITTERING, kvittering))
                .doesNotThrowAnyException();
        Document k = parse(kvittering);
        assertThat(xpath(k, "count(/k:arkivmeldingKvittering/k:mappeKvittering)")).isEqualTo("0");
        assertThat(xpath(k, "/k:arkivmeldingKvittering/k:registreringKvittering/k:systemID")).isEqualTo(JOURNALPOST);
    }

    @Test
    void aRegistreringThatNamesItsSaksmappeBySystemIdGoesIntoIt() throws Exception {
        stubArchive();
        String xml = new String(sample("journalpost.xml"), StandardCharsets.UTF_8).replace(
                "<am:registrering xsi:type=\"am:journalpost\">",
                "<am:registrering xsi:type=\"am:journalpost\"><am:referanseForelderMappe><n5mdk:systemID>"
                        + SAKSMAPPE + "</n5mdk:systemID></am:referanseForelderMappe>");
        byte[] payload = xml.getBytes(StandardCharsets.UTF_8);
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.OPPRETT, payload)).doesNotThrowAnyException();

        connector(TOKEN).deliver(delivery(OPPRETT, payload));

        assertThat(calls()).first().isEqualTo("POST " + NY_JOURNALPOST);
    }

    @ParameterizedTest
    @ValueSource(strings = {NY_SAKSMAPPE, NY_JOURNALPOST, NY_DOKUMENTBESKRIVELSE, NY_DOKUMENTOBJEKT, REFERANSE_FIL})
    void a503OnAnyStepIsTemporaryAndStopsThere(String failing) {
        stubArchive();
        MappingBuilder broken = failing.equals(REFERANSE_FIL) ? put(urlEqualTo(failing)) : post(urlEqualTo(failing));
        server.stubFor(broken.willReturn(aResponse().withStatus(503).withBody("arkivet er nede for vedlikehald")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("503").contains("vedlikehald").contains(failing);
        List<String> calls = calls();
        assertThat(calls).last().asString().endsWith(failing);
        assertThat(calls).hasSize(List.of(NY_SAKSMAPPE, NY_JOURNALPOST, NY_DOKUMENTBESKRIVELSE, NY_DOKUMENTOBJEKT,
                REFERANSE_FIL).indexOf(failing) + 1);
        if (!failing.equals(NY_SAKSMAPPE)) {
            assertThat(e.getMessage()).contains("already holds saksmappe " + SAKSMAPPE);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504, 408, 429})
    void serverErrorsTimeoutsAndThrottlingAreTemporary(int status) {
        stubArchive();
        server.stubFor(post(urlEqualTo(NY_JOURNALPOST)).willReturn(aResponse().withStatus(status)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains(String.valueOf(status));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void otherClientErrorsArePermanent(int status) {
        stubArchive();
        server.stubFor(post(urlEqualTo(NY_SAKSMAPPE)).willReturn(aResponse().withStatus(status)
                .withBody("{\"melding\": \"tittel mangler\"}")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains(String.valueOf(status)).contains("tittel mangler");
        assertThat(calls()).containsExactly("POST " + NY_SAKSMAPPE);
    }

    @Test
    void a400AfterTheSaksmappeIsPermanentAndSaysWhatTheArchiveHolds() {
        stubArchive();
        server.stubFor(post(urlEqualTo(NY_DOKUMENTBESKRIVELSE)).willReturn(aResponse().withStatus(400)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("400").contains("saksmappe " + SAKSMAPPE).contains("journalpost " + JOURNALPOST);
    }

    @Test
    void anotherMessageTypeIsPermanentAndNamed() {
        DeliveryException e = assertThrows(DeliveryException.class, () -> connector(TOKEN).deliver(
                delivery("no.ks.fiks.arkiv.v1.innsyn.sok", sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("no.ks.fiks.arkiv.v1.innsyn.sok");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aDoctypeIsPermanentAndNothingIsSent() {
        String xml = new String(sample("saksmappe-journalpost.xml"), StandardCharsets.UTF_8).replace(
                "<arkivmelding ", "<!DOCTYPE arkivmelding [<!ENTITY x \"y\">]>\n<arkivmelding ");

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, xml.getBytes(StandardCharsets.UTF_8))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("DOCTYPE");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anExternalEntityIsNeverRead(@TempDir Path dir) throws IOException {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "hemmeleg");
        String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE arkivmelding [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<arkivmelding xmlns=\"https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1\">"
                + "<system>s</system><antallFiler>0</antallFiler><mappe><tittel>&x;</tittel></mappe></arkivmelding>";
        stubArchive();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, xml.getBytes(StandardCharsets.UTF_8))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).doesNotContain("hemmeleg");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void somethingThatIsNotAnArkivmeldingIsPermanent() {
        DeliveryException notXml = assertThrows(DeliveryException.class, () -> connector(TOKEN).deliver(
                delivery(OPPRETT, "%PDF-1.7".getBytes(StandardCharsets.US_ASCII))));
        DeliveryException otherXml = assertThrows(DeliveryException.class, () -> connector(TOKEN).deliver(
                delivery(OPPRETT, "<arkivmelding><mappe><tittel>t</tittel></mappe></arkivmelding>"
                        .getBytes(StandardCharsets.UTF_8))));
        DeliveryException empty = assertThrows(DeliveryException.class, () -> connector(TOKEN).deliver(
                delivery(OPPRETT, ("<arkivmelding xmlns=\"" + Arkivmelding.NS + "\"><system>s</system>"
                        + "<antallFiler>0</antallFiler></arkivmelding>").getBytes(StandardCharsets.UTF_8))));

        assertThat(List.of(notXml, otherXml, empty)).allSatisfy(e -> assertThat(e.isTransient()).isFalse());
        assertThat(otherXml.getMessage()).contains(Arkivmelding.NS);
        assertThat(empty.getMessage()).contains("neither a mappe nor a registrering");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anArkivnotatIsRefusedRatherThanFiledAsAJournalpost() {
        String xml = new String(sample("journalpost.xml"), StandardCharsets.UTF_8)
                .replace("xsi:type=\"am:journalpost\"", "xsi:type=\"am:arkivnotat\"")
                .replaceAll("(?s)<am:journalposttype>.*</am:journalposttype>", "");

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, xml.getBytes(StandardCharsets.UTF_8))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("arkivnotat");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aSkjermetRegistreringIsRefusedRatherThanArchivedUnscreened() {
        String xml = new String(sample("journalpost.xml"), StandardCharsets.UTF_8).replace("<am:dokumentbeskrivelse>",
                "<am:skjerming><am:tilgangsrestriksjon><n5mdk:kode>13</n5mdk:kode></am:tilgangsrestriksjon>"
                        + "<am:skjermingshjemmel>Offl. § 13</am:skjermingshjemmel></am:skjerming><am:dokumentbeskrivelse>");
        byte[] payload = xml.getBytes(StandardCharsets.UTF_8);
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.OPPRETT, payload)).doesNotThrowAnyException();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, payload)));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("skjerming");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void anAnswerWithoutSystemIdIsPermanentAndNamesWhatWasCreated() {
        stubArchive();
        server.stubFor(created(post(urlEqualTo(NY_JOURNALPOST)), "{\"tittel\": \"x\"}"));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("journalpost").contains("no systemID").contains("saksmappe " + SAKSMAPPE);
        assertThat(calls()).hasSize(2);
    }

    @Test
    void aRefusedConnectionIsTemporary() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        DeliveryException e = assertThrows(DeliveryException.class, () -> connector(
                URI.create("http://127.0.0.1:" + port), TOKEN, Duration.ofSeconds(2))
                .deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void noAnswerWithinTheTimeoutIsTemporary() {
        stubArchive();
        server.stubFor(post(urlEqualTo(NY_SAKSMAPPE)).willReturn(
                aResponse().withStatus(201).withFixedDelay(1500).withBody("{\"systemID\": \"" + SAKSMAPPE + "\"}")));

        DeliveryException e = assertThrows(DeliveryException.class, () -> connector(
                URI.create(server.baseUrl()), TOKEN, Duration.ofMillis(300))
                .deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml"))));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("no answer");
    }

    @Test
    void theKvitteringLeavesOutWhatTheSchemaWouldRefuse() throws Exception {
        stubArchive();
        server.stubFor(created(post(urlEqualTo(NY_SAKSMAPPE)), """
                {"systemID": "%s", "mappeID": "", "saksaar": "tjuetjueseks", "saksdato": "i går",
                 "opprettetDato": "2026-03-02", "opprettetAv": "Ola\\u0001 Nordmann"}
                """.formatted(SAKSMAPPE)));

        DeliveryResult result = connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml")));

        byte[] kvittering = result.reply().orElseThrow().payload();
        assertThatCode(() -> FiksArkivSchemas.validate(FiksArkivSchemas.KVITTERING, kvittering))
                .doesNotThrowAnyException();
        Document k = parse(kvittering);
        String m = "/k:arkivmeldingKvittering/k:mappeKvittering/";
        assertThat(xpath(k, "count(" + m + "k:mappeID)")).isEqualTo("0");
        assertThat(xpath(k, "count(" + m + "k:saksaar)")).isEqualTo("0");
        assertThat(xpath(k, "count(" + m + "k:saksdato)")).isEqualTo("0");
        assertThat(xpath(k, "count(" + m + "k:opprettetDato)")).isEqualTo("0");
        assertThat(xpath(k, m + "k:opprettetAv")).isEqualTo("Ola Nordmann");
        assertThat(result.notes()).first().isEqualTo("Noark 5: saksmappe " + SAKSMAPPE);
    }

    @Test
    void aSystemIdThatIsNoUuidIsKeptAndNoted() throws Exception {
        stubArchive();
        server.stubFor(created(post(urlEqualTo(NY_SAKSMAPPE)), "{\"systemID\": \"12345\"}"));
        server.stubFor(created(post(urlEqualTo("/noark5v5/api/sakarkiv/saksmappe/12345/ny-journalpost")),
                journalpostAnswer()));

        DeliveryResult result = connector(TOKEN).deliver(delivery(OPPRETT, sample("saksmappe-journalpost.xml")));

        assertThat(result.notes()).anySatisfy(n -> assertThat(n).contains("12345").contains("not a UUID"));
    }
}
