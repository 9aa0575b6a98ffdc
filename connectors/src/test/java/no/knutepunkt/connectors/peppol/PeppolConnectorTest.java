package no.knutepunkt.connectors.peppol;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
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

class PeppolConnectorTest {
    static final String OUTBOUND = "/api/v1/outbound";
    static final String MELDING_ID = "6f1c2f1e-7d3a-4b8e-9a51-0c2d6a1b9e01";
    static final String AVSENDER = "994601008";
    static final String MOTTAKER = "994602004";
    static final String API_KEY = "ap-key-3f9a.Zq_81~x";
    static final String TRANSMISSION_ID = "b7e2c1d4-5a6f-4e3b-9c8d-7f1a2b3c4d5e";
    static final String INVOICE_TYPE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice"
            + "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
    static final String CREDIT_NOTE_TYPE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote"
            + "##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1";
    static final String PROCESS = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
    /** What java.net.http and the HTTP/1.1 → h2c upgrade add on their own; every other header is the client's. */
    static final Set<String> TRANSPORT_HEADERS = Set.of(
            "host", "content-length", "user-agent", "connection", "upgrade", "http2-settings");
    /** The samples sit next to this class (the connector's tests keep to this package's folder). */
    static final Path SAMPLES = Path.of("src/test/resources/peppol");
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

    static PeppolConnector connector(String apiKey) {
        return new PeppolConnector(new PeppolClient(URI.create(server.baseUrl()), apiKey, Duration.ofSeconds(5)));
    }

    static PeppolConnector connector() {
        return connector(API_KEY);
    }

    static Delivery delivery(String meldingId, String avsender, String mottaker, byte[] content) {
        return new Delivery(meldingId, avsender, mottaker, "no.knutepunkt.v1.ehf", "klient-17", Optional.empty(),
                Optional.empty(), 86_400_000L, "faktura.xml", Optional.empty(), () -> {
                    throw new AssertionError("the encrypted payload is not for the peppol connector");
                }, Payload.of(content));
    }

    static Delivery delivery(byte[] content) {
        return delivery(MELDING_ID, AVSENDER, MOTTAKER, content);
    }

    static byte[] sample(String name) {
        try {
            return Files.readAllBytes(SAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void accept(int status, String body) {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    static void acceptWithId() {
        accept(202, "{\"transmissionId\": \"" + TRANSMISSION_ID + "\"}");
    }

    static LoggedRequest theRequest() {
        List<LoggedRequest> all = server.findAll(anyRequestedFor(anyUrl()));
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    /** The request's own headers, lower-cased names, transport headers left out. */
    static Map<String, String> ownHeaders(LoggedRequest request) {
        Map<String, String> headers = new TreeMap<>();
        for (String key : request.getAllHeaderKeys()) {
            String name = key.toLowerCase(Locale.ROOT);
            if (!TRANSPORT_HEADERS.contains(name)) {
                List<String> values = request.header(key).values();
                assertThat(values).as("values of " + key).hasSize(1);
                headers.put(name, values.get(0));
            }
        }
        return headers;
    }

    static Map<String, String> expectedHeaders(String documentType, boolean withAuthorization) {
        Map<String, String> headers = new TreeMap<>(Map.of(
                "content-type", "application/xml",
                "accept", "application/json",
                "x-peppol-sender", "0192:" + AVSENDER,
                "x-peppol-receiver", "0192:" + MOTTAKER,
                "x-peppol-document-type", documentType,
                "x-peppol-process", PROCESS,
                "idempotency-key", MELDING_ID + "/" + MOTTAKER));
        if (withAuthorization) {
            headers.put("authorization", "Bearer " + API_KEY);
        }
        return headers;
    }

    static void assertNoRequest() {
        assertThat(server.findAll(anyRequestedFor(anyUrl()))).isEmpty();
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void hasTheNameUsedInTheRoutingConfiguration() {
        assertThat(connector().name()).isEqualTo("peppol").isEqualTo(PeppolConnector.NAME);
    }

    @Test
    void theConstantsAreTheBisBilling3Identifiers() {
        assertThat(PeppolConnector.INVOICE_DOCUMENT_TYPE).isEqualTo(INVOICE_TYPE);
        assertThat(PeppolConnector.CREDIT_NOTE_DOCUMENT_TYPE).isEqualTo(CREDIT_NOTE_TYPE);
        assertThat(PeppolConnector.BILLING_PROCESS).isEqualTo(PROCESS);
    }

    @Test
    void anInvoiceIsPostedAsItIsWithItsRoutingHeaders() throws Exception {
        acceptWithId();
        byte[] invoice = sample("invoice.xml");

        DeliveryResult result = connector().deliver(delivery(invoice));

        server.verify(1, postRequestedFor(urlEqualTo(OUTBOUND))
                .withHeader("Content-Type", equalTo("application/xml"))
                .withHeader("X-Peppol-Sender", equalTo("0192:" + AVSENDER))
                .withHeader("X-Peppol-Receiver", equalTo("0192:" + MOTTAKER))
                .withHeader("X-Peppol-Document-Type", equalTo(INVOICE_TYPE))
                .withHeader("X-Peppol-Process", equalTo(PROCESS))
                .withHeader("Idempotency-Key", equalTo(MELDING_ID + "/" + MOTTAKER))
                .withHeader("Authorization", equalTo("Bearer " + API_KEY))
                .withRequestBody(binaryEqualTo(invoice)));
        LoggedRequest request = theRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo(OUTBOUND);
        assertThat(request.getBody()).isEqualTo(invoice);
        assertThat(request.getHeader("Content-Length")).isEqualTo(String.valueOf(invoice.length));
        assertThat(ownHeaders(request)).isEqualTo(expectedHeaders(INVOICE_TYPE, true));

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.notes()).containsExactly("Peppol transmission " + TRANSMISSION_ID);
        assertThat(result.reply()).isEmpty();
    }

    @Test
    void aCreditNoteIsPostedWithTheCreditNoteDocumentType() throws Exception {
        accept(201, "{\"transmissionId\": \"cn-4711\", \"status\": \"QUEUED\"}");
        byte[] creditNote = sample("creditnote.xml");

        DeliveryResult result = connector().deliver(delivery(creditNote));

        server.verify(1, postRequestedFor(urlEqualTo(OUTBOUND))
                .withHeader("X-Peppol-Document-Type", equalTo(CREDIT_NOTE_TYPE))
                .withRequestBody(binaryEqualTo(creditNote)));
        LoggedRequest request = theRequest();
        assertThat(request.getMethod().getName()).isEqualTo("POST");
        assertThat(request.getUrl()).isEqualTo(OUTBOUND);
        assertThat(request.getBody()).isEqualTo(creditNote);
        assertThat(ownHeaders(request)).isEqualTo(expectedHeaders(CREDIT_NOTE_TYPE, true));

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.notes()).containsExactly("Peppol transmission cn-4711");
    }

    @Test
    void aPrefixedRootIsRecognisedByItsNamespace() throws Exception {
        accept(200, "{\"transmissionId\": \"t-1\"}");
        byte[] prefixed = utf8("<ubl:CreditNote xmlns:ubl=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\""
                + " xmlns:a=\"" + PeppolConnector.CAC + "\" xmlns:b=\"" + PeppolConnector.CBC + "\"><b:ID>1</b:ID>"
                + "<a:AccountingSupplierParty><a:Party><b:EndpointID schemeID=\"0192\">" + AVSENDER
                + "</b:EndpointID></a:Party></a:AccountingSupplierParty>"
                + "<a:AccountingCustomerParty><a:Party><b:EndpointID schemeID=\"0192\"> " + MOTTAKER
                + " </b:EndpointID></a:Party></a:AccountingCustomerParty></ubl:CreditNote>");

        DeliveryResult result = connector().deliver(delivery(prefixed));

        assertThat(theRequest().getHeader("X-Peppol-Document-Type")).isEqualTo(CREDIT_NOTE_TYPE);
        assertThat(theRequest().getBody()).isEqualTo(prefixed);
        assertThat(result.notes()).containsExactly("Peppol transmission t-1");
    }

    @Test
    void withoutApiKeyThereIsNoAuthorizationHeader() throws Exception {
        acceptWithId();

        DeliveryResult result = connector(null).deliver(delivery(sample("invoice.xml")));

        LoggedRequest request = theRequest();
        assertThat(request.containsHeader("Authorization")).isFalse();
        assertThat(ownHeaders(request)).isEqualTo(expectedHeaders(INVOICE_TYPE, false));
        assertThat(result.notes()).containsExactly("Peppol transmission " + TRANSMISSION_ID);
    }

    @Test
    void aBlankApiKeyIsNoApiKey() throws Exception {
        acceptWithId();

        connector("  ").deliver(delivery(sample("invoice.xml")));

        assertThat(theRequest().containsHeader("Authorization")).isFalse();
    }

    @Test
    void anApiKeyThatWouldBreakItsHeaderIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new PeppolClient(URI.create(server.baseUrl()), "s3cret\r\nX-Evil: 1", Duration.ofSeconds(1)));
        assertThat(e.getMessage()).contains("API key").doesNotContain("s3cret");
    }

    @Test
    void theBaseMayHaveAPathAndATrailingSlash() throws Exception {
        server.stubFor(post(urlEqualTo("/ap/tenant-7" + OUTBOUND)).willReturn(aResponse().withStatus(202)
                .withBody("{\"transmissionId\": \"x\"}")));
        PeppolConnector underPath = new PeppolConnector(new PeppolClient(
                URI.create(server.baseUrl() + "/ap/tenant-7/"), API_KEY, Duration.ofSeconds(5)));

        DeliveryResult result = underPath.deliver(delivery(sample("invoice.xml")));

        assertThat(theRequest().getUrl()).isEqualTo("/ap/tenant-7" + OUTBOUND);
        assertThat(result.notes()).containsExactly("Peppol transmission x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "", "accepted", "{\"transmissionId\": \"\"}", "{\"transmissionId\": null}",
            "{\"transmissionId\": {\"id\": \"x\"}}", "{\"id\": \"x\"}", "[\"x\"]"})
    void a2xxAnswerWithoutTransmissionIdIsStillDelivered(String body) throws Exception {
        accept(202, body);

        DeliveryResult result = connector().deliver(delivery(sample("invoice.xml")));

        assertThat(result.outcome()).isEqualTo(DeliveryResult.Outcome.DELIVERED);
        assertThat(result.notes()).containsExactly("Peppol transmission id unknown");
        theRequest();
    }

    @Test
    void a204IsDeliveredWithTheIdUnknown() throws Exception {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(204)));

        DeliveryResult result = connector().deliver(delivery(sample("creditnote.xml")));

        assertThat(result.notes()).containsExactly("Peppol transmission id unknown");
        theRequest();
    }

    @Test
    void aNumericTransmissionIdIsRecorded() throws Exception {
        accept(200, "{\"transmissionId\": 90210}");

        assertThat(connector().deliver(delivery(sample("invoice.xml"))).notes())
                .containsExactly("Peppol transmission 90210");
    }

    @Test
    void a503IsTemporary() {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(503).withBody("aksesspunktet er nede")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(sample("invoice.xml"))));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("503").contains("aksesspunktet er nede");
        theRequest();
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 502, 504, 408, 429})
    void otherServerErrorsAndThrottlingAreTemporary(int status) {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(status)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(sample("invoice.xml"))));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains(String.valueOf(status));
    }

    @Test
    void a400IsPermanent() {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\": \"PEPPOL-EN16931-R001: Business process MUST be provided\"}")));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(sample("invoice.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("400").contains("PEPPOL-EN16931-R001");
        theRequest();
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 404, 409, 422})
    void otherClientErrorsArePermanent(int status) {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(status)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(sample("invoice.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains(String.valueOf(status));
    }

    @Test
    void noAnswerWithinTheTimeoutIsTemporary() {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(202)
                .withBody("{\"transmissionId\": \"late\"}").withFixedDelay(1500)));
        PeppolConnector impatient = new PeppolConnector(new PeppolClient(URI.create(server.baseUrl()), API_KEY,
                Duration.ofMillis(300)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> impatient.deliver(delivery(sample("invoice.xml"))));

        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).contains("no answer");
    }

    @Test
    void aRefusedConnectionIsTemporary() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PeppolConnector unreachable = new PeppolConnector(new PeppolClient(URI.create("http://127.0.0.1:" + port),
                API_KEY, Duration.ofSeconds(2)));

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> unreachable.deliver(delivery(sample("invoice.xml"))));

        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void everyAttemptAtADeliveryCarriesTheSameIdempotencyKey() throws Exception {
        server.stubFor(post(urlEqualTo(OUTBOUND)).willReturn(aResponse().withStatus(503)));
        PeppolConnector connector = connector();
        Delivery delivery = delivery(sample("invoice.xml"));
        assertThrows(DeliveryException.class, () -> connector.deliver(delivery));
        acceptWithId();

        connector.deliver(delivery);
        connector.deliver(delivery(MELDING_ID, AVSENDER, "994633007", invoiceTo("994633007")));

        List<String> keys = server.findAll(postRequestedFor(urlEqualTo(OUTBOUND))).stream()
                .map(r -> r.getHeader("Idempotency-Key")).collect(Collectors.toList());
        assertThat(keys).containsExactly(MELDING_ID + "/" + MOTTAKER, MELDING_ID + "/" + MOTTAKER,
                MELDING_ID + "/994633007");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<arkivmelding xmlns=\"https://ks-no.github.io/standarder/fiks-protokoll/fiks-arkiv/arkivmelding/opprett/v1\"/>",
            "<Invoice><ID>1</ID></Invoice>",
            "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"/>",
            "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>",
            "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-3\"/>",
            "<Order xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Order-2\"/>",
            "<x:Envelope xmlns:x=\"urn:x\"><Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/></x:Envelope>",
            "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\">",
            "%PDF-1.7 not xml at all",
            ""})
    void aPayloadThatIsNoUblInvoiceOrCreditNoteIsPermanentAndNotSent(String payload) {
        acceptWithId();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(utf8(payload))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("not a UBL Invoice or CreditNote");
        assertNoRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<?xml version=\"1.0\"?><!DOCTYPE Invoice>"
                    + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"/>",
            "<?xml version=\"1.0\"?><!DOCTYPE Invoice [<!ENTITY n \"2026-0417\">]>"
                    + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><ID>&n;</ID></Invoice>",
            "<?xml version=\"1.0\"?><!DOCTYPE CreditNote [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + "<CreditNote xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2\"><Note>&x;</Note></CreditNote>"})
    void aPayloadWithADoctypeIsPermanentAndNotSent(String payload) {
        acceptWithId();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(utf8(payload))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("not a UBL Invoice or CreditNote").containsIgnoringCase("DOCTYPE");
        assertNoRequest();
    }

    @ParameterizedTest
    @ValueSource(strings = {"99460200", "9946020040", "NO994602004MVA", "0192:994602004", "994602004\r\nX-Evil: 1", ""})
    void aMottakerThatIsNoOrgnrIsPermanentAndNotSent(String mottaker) {
        acceptWithId();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(MELDING_ID, AVSENDER, mottaker, sample("invoice.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("mottaker").contains("organisation number");
        assertNoRequest();
    }

    /** The sample invoice with another buyer endpoint. */
    static byte[] invoiceTo(String buyer) {
        String xml = new String(sample("invoice.xml"), StandardCharsets.UTF_8);
        String customer = "<cbc:EndpointID schemeID=\"0192\">" + MOTTAKER + "</cbc:EndpointID></cac:Party></cac:AccountingCustomerParty>";
        assertThat(xml).contains(customer);
        return utf8(xml.replace(customer, customer.replace(MOTTAKER, buyer)));
    }

    @Test
    void theSellerIsThePeppolSenderWhoeverTheAvsenderIs() throws Exception {
        acceptWithId();

        // the hub (921000006) sends the invoices it issues on the seller's behalf
        connector().deliver(delivery(MELDING_ID, "921000006", MOTTAKER, sample("invoice.xml")));

        assertThat(theRequest().getHeader("X-Peppol-Sender")).isEqualTo("0192:" + AVSENDER);
        assertThat(ownHeaders(theRequest())).isEqualTo(expectedHeaders(INVOICE_TYPE, true));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<cbc:EndpointID schemeID=\"0192\">9946O1008</cbc:EndpointID>",
            "<cbc:EndpointID schemeID=\"0192\">99460100</cbc:EndpointID>",
            "<cbc:EndpointID schemeID=\"9908\">994601008</cbc:EndpointID>",
            "<cbc:EndpointID>994601008</cbc:EndpointID>",
            ""})
    void aSellerEndpointThatIsMissingOrNoOrgnrIsPermanentAndNotSent(String endpoint) {
        acceptWithId();
        String xml = new String(sample("invoice.xml"), StandardCharsets.UTF_8);
        String seller = "<cbc:EndpointID schemeID=\"0192\">" + AVSENDER + "</cbc:EndpointID>";
        assertThat(xml).contains(seller);

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(utf8(xml.replace(seller, endpoint)))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("AccountingSupplierParty");
        assertNoRequest();
    }

    @Test
    void aDocumentForAnotherBuyerIsPermanentAndNotSent() {
        acceptWithId();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery(MELDING_ID, AVSENDER, MOTTAKER, invoiceTo("994633007"))));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("0192:994633007").contains("0192:" + MOTTAKER);
        assertNoRequest();
    }

    @Test
    void aDocumentWithoutBuyerEndpointIsPermanentAndNotSent() {
        acceptWithId();
        byte[] noBuyer = utf8(new String(sample("creditnote.xml"), StandardCharsets.UTF_8)
                .replaceAll("<cac:AccountingCustomerParty>.*</cac:AccountingCustomerParty>", ""));

        DeliveryException e = assertThrows(DeliveryException.class, () -> connector().deliver(delivery(noBuyer)));

        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage()).contains("AccountingCustomerParty").contains("(none)");
        assertNoRequest();
    }

    @Test
    void aMeldingIdThatWouldBreakTheIdempotencyHeaderIsPermanentAndNotSent() {
        acceptWithId();

        DeliveryException e = assertThrows(DeliveryException.class,
                () -> connector().deliver(delivery("m-1\r\nX-Evil: 1", AVSENDER, MOTTAKER, sample("invoice.xml"))));

        assertThat(e.isTransient()).isFalse();
        assertNoRequest();
    }
}
