package no.knutepunkt.connectors.svarut;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.Payload;
import no.knutepunkt.connectors.StandIns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SvarUtConnectorTest {
    static final String SEND = "/tjenester/api/forsendelse/v1/sendForsendelse";
    static final String ID = "0c6e5b3a-9d2f-4f1e-8b7a-6a5b4c3d2e1f";
    static final String STATUS = "/tjenester/api/forsendelse/v1/" + ID + "/status";
    static final String MELDING_ID = "6f1c2f1e-7d3a-4b8e-9a51-0c2d6a1b9e01";
    static final String MOTTAKER = "994602004";
    static final String USER = "knutepunkt-avsender";
    static final String PASSWORD = "tenestepassord:æ";
    static final JsonMapper JSON = JsonMapper.builder().build();
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

    static SvarUtConnector connector(boolean printFallback) {
        return new SvarUtConnector(new SvarUtClient(URI.create(server.baseUrl()), USER, PASSWORD,
                Duration.ofSeconds(5)), printFallback);
    }

    static Delivery delivery(String meldingType, String filnavn, byte[] content) {
        return new Delivery(MELDING_ID, "994601008", MOTTAKER, meldingType, "klient-17", Optional.empty(),
                Optional.empty(), 86_400_000L, filnavn, Optional.empty(), () -> {
                    throw new AssertionError("the encrypted payload is not for the svarut connector");
                }, Payload.of(content));
    }

    static byte[] arkivmelding() {
        try (InputStream in = SvarUtConnectorTest.class.getClassLoader()
                .getResourceAsStream("arkivmelding/saksmappe-journalpost.xml")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] pdf() {
        byte[] bytes = new byte[3000];
        new Random(7).nextBytes(bytes);
        byte[] head = "%PDF-1.7\r\n--knutepunkt-\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, bytes, 0, head.length);
        return bytes;
    }

    static void stubSvarUt() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"id\": \"" + ID + "\"}")));
        server.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson(
                "{\"forsendelsesId\": {\"id\": \"" + ID + "\"}, \"status\": \"MOTTATT\", \"sisteStatusEndring\": 1772445330000}")));
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    static LoggedRequest theSend() {
        List<LoggedRequest> sends = server.findAll(postRequestedFor(urlEqualTo(SEND)));
        assertThat(sends).hasSize(1);
        return sends.get(0);
    }

    @Test
    void hasTheNameUsedInTheRoutingConfiguration() {
        assertThat(connector(false).name()).isEqualTo("svarut").isEqualTo(SvarUtConnector.NAME);
    }

    @Test
    void anArkivmeldingIsSentAsAForsendelseAndItsStatusRecorded() throws Exception {
        stubSvarUt();
        byte[] content = arkivmelding();

        DeliveryResult result = connector(false).deliver(
                delivery("no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett", "arkivmelding.xml", content));

        server.verify(1, postRequestedFor(urlEqualTo(SEND))
                .withHeader("Authorization", equalTo(basic()))
                .withHeader("Content-Type", containing("multipart/form-data; boundary="))
                .withRequestBodyPart(aMultipart("forsendelse")
                        .withHeader("Content-Type", containing("application/json"))
                        .withBody(matchingJsonPath("$.mottaker.digitalAdresse.organisasjonsNummer", equalTo(MOTTAKER)))
                        .build())
                .withRequestBodyPart(aMultipart("filer")
                        .withFileName("arkivmelding.xml")
                        .withHeader("Content-Type", equalTo("application/xml"))
                        .withBody(binaryEqualTo(content))
                        .build()));
        server.verify(1, getRequestedFor(urlEqualTo(STATUS)).withHeader("Authorization", equalTo(basic())));
        assertThat(server.getAllServeEvents()).hasSize(2);

        LoggedRequest send = theSend();
        assertThat(send.getParts()).extracting(Request.Part::getName).containsExactly("forsendelse", "filer");
        JsonNode forsendelse = JSON.readTree(send.getPart("forsendelse").getBody().asBytes());
        assertThat(forsendelse.at("/tittel").asString()).isEqualTo("Søknad om løyve til tiltak, Fjellvegen 3");
        assertThat(forsendelse.at("/mottaker/digitalAdresse/organisasjonsNummer").asString()).isEqualTo(MOTTAKER);
        assertThat(forsendelse.at("/mottaker/digitalAdresse").size()).isEqualTo(1);
        assertThat(forsendelse.at("/kunDigitalLevering").isBoolean()).isTrue();
        assertThat(forsendelse.at("/kunDigitalLevering").booleanValue()).isTrue();
        assertThat(forsendelse.at("/krevNiva4Innlogging").booleanValue()).isFalse();
        assertThat(forsendelse.at("/kryptert").isBoolean()).isTrue();
        assertThat(forsendelse.at("/kryptert").booleanValue()).isFalse();
        assertThat(forsendelse.at("/eksternReferanse").asString()).isEqualTo(MELDING_ID);
        assertThat(forsendelse.at("/avgivendeSystem").asString()).isEqualTo("Knutepunkt");
        assertThat(forsendelse.at("/dokumenter")).hasSize(1);
        assertThat(forsendelse.at("/dokumenter/0/filnavn").asString()).isEqualTo("arkivmelding.xml");
        assertThat(forsendelse.at("/dokumenter/0/mimeType").asString()).isEqualTo("application/xml");
        assertThat(send.getPart("filer").getBody().asBytes()).isEqualTo(content);

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.notes()).containsExactly("SvarUt forsendelse " + ID, "SvarUt status MOTTATT");
        assertThat(result.reply()).isEmpty();
    }

    @Test
    void withPrintFallbackTheForsendelseMayGoToPrint() throws Exception {
        stubSvarUt();

        connector(true).deliver(delivery("no.knutepunkt.v1.fil", "arkivmelding.xml", arkivmelding()));

        server.verify(1, postRequestedFor(urlEqualTo(SEND)).withRequestBodyPart(aMultipart("forsendelse")
                .withBody(matchingJsonPath("$.kunDigitalLevering", equalTo("false"))).build()));
        JsonNode forsendelse = JSON.readTree(theSend().getPart("forsendelse").getBody().asBytes());
        assertThat(forsendelse.at("/kunDigitalLevering").booleanValue()).isFalse();
    }

    @Test
    void aPdfIsSentAsPdfUnderItsFileName() throws Exception {
        stubSvarUt();
        byte[] content = pdf();

        connector(false).deliver(delivery("no.knutepunkt.v1.fil", "Vedtak i byggesak.pdf", content));

        LoggedRequest send = theSend();
        JsonNode forsendelse = JSON.readTree(send.getPart("forsendelse").getBody().asBytes());
        assertThat(forsendelse.at("/tittel").asString()).isEqualTo("Vedtak i byggesak.pdf");
        assertThat(forsendelse.at("/dokumenter/0/filnavn").asString()).isEqualTo("Vedtak i byggesak.pdf");
        assertThat(forsendelse.at("/dokumenter/0/mimeType").asString()).isEqualTo("application/pdf");
        Request.Part fil = send.getPart("filer");
        assertThat(fil.getFileName()).isEqualTo("Vedtak i byggesak.pdf");
        assertThat(fil.getHeader("Content-Type").firstValue()).isEqualTo("application/pdf");
        assertThat(fil.getBody().asBytes()).isEqualTo(content);
    }

    @Test
    void otherFilesAreOctetStreams() {
        assertThat(SvarUtConnector.mimeType("a.XML")).isEqualTo("application/xml");
        assertThat(SvarUtConnector.mimeType("a.Pdf")).isEqualTo("application/pdf");
        assertThat(SvarUtConnector.mimeType("a.docx")).isEqualTo("application/octet-stream");
        assertThat(SvarUtConnector.mimeType("pdf")).isEqualTo("application/octet-stream");
    }

    @Test
    void anXmlFileThatIsNoReadableArkivmeldingIsTitledByItsFileName() throws Exception {
        stubSvarUt();
        byte[] doctype = ("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<arkivmelding><registrering><tittel>&x;</tittel></registrering></arkivmelding>")
                .getBytes(StandardCharsets.UTF_8);

        DeliveryResult result = connector(false).deliver(delivery("no.knutepunkt.v1.fil", "melding.xml", doctype));

        JsonNode forsendelse = JSON.readTree(theSend().getPart("forsendelse").getBody().asBytes());
        assertThat(forsendelse.at("/tittel").asString()).isEqualTo("melding.xml");
        assertThat(theSend().getPart("filer").getBody().asBytes()).isEqualTo(doctype);
        assertThat(result.notes()).containsExactly("SvarUt forsendelse " + ID, "SvarUt status MOTTATT");
    }

    @Test
    void aFileNameSvarUtWouldRefuseIsCleanedAlikeInMetadataAndPart() throws Exception {
        stubSvarUt();

        connector(false).deliver(delivery("t", "svar: \"ja\"/nei?.pdf", pdf()));

        LoggedRequest send = theSend();
        JsonNode forsendelse = JSON.readTree(send.getPart("forsendelse").getBody().asBytes());
        assertThat(forsendelse.at("/dokumenter/0/filnavn").asString()).isEqualTo("svar_ _ja__nei_.pdf");
        assertThat(send.getPart("filer").getFileName()).isEqualTo("svar_ _ja__nei_.pdf");
    }

    @Test
    void a503OnTheSendIsTemporaryAndNoStatusIsAsked() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(503).withBody("SvarUt er nede")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(false).deliver(delivery("t", "arkivmelding.xml", arkivmelding())));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("503").contains("SvarUt er nede");
        server.verify(0, getRequestedFor(anyUrl()));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 408, 429})
    void otherServerErrorsAndThrottlingOnTheSendAreTemporary(int status) {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(status)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(false).deliver(delivery("t", "a.pdf", pdf())));

        assertThat(e.isTransient()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404})
    void clientErrorsOnTheSendArePermanentAndNoStatusIsAsked(int status) {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(status)
                .withBody("{\"errorMessage\": \"Mottaker mangler\"}")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(false).deliver(delivery("t", "arkivmelding.xml", arkivmelding())));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains(String.valueOf(status)).contains("Mottaker mangler");
        server.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void aSendAnswerWithoutIdIsPermanentSoTheForsendelseIsNotSentTwice() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{}")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector(false).deliver(delivery("t", "a.pdf", pdf())));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("no forsendelse id");
        server.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void aFailingStatusAfterASuccessfulSendIsRecordedNotThrown() throws Exception {
        stubSvarUt();
        server.stubFor(get(urlEqualTo(STATUS)).willReturn(aResponse().withStatus(503).withBody("prøv igjen")));

        DeliveryResult result = connector(false).deliver(delivery("t", "arkivmelding.xml", arkivmelding()));

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.notes()).hasSize(2);
        assertThat(result.notes().get(0)).isEqualTo("SvarUt forsendelse " + ID);
        assertThat(result.notes().get(1)).startsWith("SvarUt status unknown: ").contains("503");
        server.verify(1, postRequestedFor(urlEqualTo(SEND)));
        server.verify(1, getRequestedFor(urlEqualTo(STATUS)));
    }

    @Test
    void aStatusAnswerWithoutStatusIsRecordedAsUnknown() throws Exception {
        stubSvarUt();
        server.stubFor(get(urlEqualTo(STATUS)).willReturn(okJson("{\"forsendelsesId\": {}}")));

        DeliveryResult result = connector(false).deliver(delivery("t", "a.pdf", pdf()));

        assertThat(result.notes()).hasSize(2);
        assertThat(result.notes().get(1)).startsWith("SvarUt status unknown: ");
        server.verify(1, postRequestedFor(urlEqualTo(SEND)));
    }

    @Test
    void aRefusedConnectionIsTemporary() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        SvarUtConnector unreachable = new SvarUtConnector(new SvarUtClient(URI.create("http://127.0.0.1:" + port),
                USER, PASSWORD, Duration.ofSeconds(2)), false);

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> unreachable.deliver(delivery("t", "a.pdf", pdf())));

        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void noAnswerWithinTheTimeoutIsTemporary() {
        server.stubFor(post(urlEqualTo(SEND)).willReturn(okJson("{\"id\": \"" + ID + "\"}").withFixedDelay(1500)));
        SvarUtConnector impatient = new SvarUtConnector(new SvarUtClient(URI.create(server.baseUrl()), USER, PASSWORD,
                Duration.ofMillis(300)), false);

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> impatient.deliver(delivery("t", "a.pdf", pdf())));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("no answer");
    }

    @Test
    void everyRequestCarriesTheCredentials() throws Exception {
        stubSvarUt();

        connector(false).deliver(delivery("t", "a.pdf", pdf()));

        server.verify(2, anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo(basic())));
    }
}
