package no.knutepunkt.hub.secretariat.invoicing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.knutepunkt.hub.Multipart;
import no.knutepunkt.hub.StandIns;
import no.knutepunkt.hub.TestHub;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.funding.PeppolBisRules;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.xml.SecureXml;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Invoicing runs through the REST API, with the 43 Vestland members and the seed's parameters (2021 in the
 * embedded defaults): the dry run's table; a real run whose 37 EHF invoices are valid by the official Peppol BIS
 * Billing 3.0 rules and reach a WireMock access point through the ordinary delivery path; the same run again issues
 * nothing; a changed year needs a correction, which credits and re-invoices; an access point that answers 503 and
 * then 200, or 400 until an operator retries. The years 2022 and 2023 have the same parameters, for the failure
 * tests.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvoicingTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OUTBOUND = "/api/v1/outbound";
    private static final String BERGEN = "994601008";
    private static final String KINN = "994602004";
    private static final String ETNE = "994611003";
    private static final String ASKOY = "994627007";
    private static final String ALVER = "994631004";
    private static final String HUB = "921000006";
    private static final String CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
    private static final String CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
    @TempDir
    static Path dir;
    static WireMockServer ap;
    static TestHub hub;
    static PeppolBisRules invoiceRules;
    static PeppolBisRules creditNoteRules;
    /** The 2021 run, once made. */
    static String run2021;

    @BeforeAll
    static void start() {
        ap = StandIns.started();
        acceptEverything();
        Map<String, String> p = new LinkedHashMap<>();
        p.put("knutepunkt.peppol.base-url", ap.baseUrl());
        p.put("knutepunkt.peppol.api-key", "ap-test-key");
        p.put("knutepunkt.peppol.timeout", "2s");
        p.put("knutepunkt.redelivery.initial-delay", "200ms");
        p.put("knutepunkt.redelivery.multiplier", "2");
        p.put("knutepunkt.redelivery.max-attempts", "3");
        p.put("knutepunkt.invoicing.buyer-references." + KINN, "Kinn økonomi, ref 4602-DV");
        for (int year : List.of(2022, 2023)) {
            String y = "knutepunkt.invoicing.years." + year + ".";
            p.put(y + "fixed-per-member", "100000");
            p.put(y + "per-inhabitant", "20");
            p.put(y + "max-per-member", "500000");
            p.put(y + "self-financing." + BERGEN, "47");
            p.put(y + "joint-payers[0].it-cooperation", "IKT Nordhordland");
            p.put(y + "joint-payers[0].payer", ALVER);
        }
        hub = TestHub.postgres(dir, p).start();
        PeppolBisRules[] rules = PeppolBisRules.invoiceAndCreditNote();
        invoiceRules = rules[0];
        creditNoteRules = rules[1];
    }

    @AfterAll
    static void stop() {
        hub.close();
        hub.dropSchema();
        ap.stop();
    }

    static void acceptEverything() {
        ap.stubFor(post(urlEqualTo(OUTBOUND)).atPriority(10).willReturn(aResponse().withStatus(202)
                .withHeader("Content-Type", "application/json").withBody("{\"transmissionId\": \"tx-ok\"}")));
    }

    // ---- helpers ----

    static HttpResponse<String> postRun(String[] who, String body) throws Exception {
        return Multipart.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/invoicing-runs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)),
                who[0], who[1]);
    }

    static HttpResponse<String> postRun(String body) throws Exception {
        return postRun(hub.staff("secretariat"), body);
    }

    static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static JsonNode getRun(String id) throws Exception {
        String[] staff = hub.staff("operator");
        return json(Multipart.get(hub.uri(), "/api/v1/invoicing-runs/" + id, staff[0], staff[1]), 200);
    }

    static byte[] invoiceXml(String runId, String number) throws Exception {
        String[] staff = hub.staff("secretariat");
        HttpResponse<byte[]> response = java.net.http.HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(hub.uri().resolve("/api/v1/invoicing-runs/" + runId + "/invoices/" + number))
                        .header("Authorization", basic(staff[0], staff[1])).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("application/xml"));
        return response.body();
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until every document of the run has left the hub's hands (no RECEIVED or QUEUED). */
    static JsonNode awaitSettled(String runId) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode counts = getRun(runId).path("counts");
            return !counts.has("RECEIVED") && !counts.has("QUEUED") && counts.size() > 0;
        });
        return getRun(runId);
    }

    static JsonNode byPayer(JsonNode invoices, String orgnr) {
        for (JsonNode i : invoices) {
            if (i.path("payer").path("orgnr").asString().equals(orgnr)) {
                return i;
            }
        }
        throw new AssertionError("no invoice to " + orgnr + " in " + invoices);
    }

    static List<String> reasons(JsonNode invoice) {
        List<String> reasons = new ArrayList<>();
        // staff read each step's reason and, where there is one, its detail (the access point's answer)
        invoice.path("delivery").path("history").forEach(h -> reasons.add(h.path("reason").asString()
                + (h.has("detail") ? " | " + h.path("detail").asString() : "")));
        return reasons;
    }

    static Document parse(byte[] xml) throws Exception {
        return SecureXml.parse(xml);
    }

    static List<String> texts(Element root, String ns, String name) {
        NodeList nodes = root.getElementsByTagNameNS(ns, name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }

    static void assertValid(PeppolBisRules rules, byte[] xml, String what) {
        PeppolBisRules.Report report = rules.validate(xml);
        assertThat(report.errors()).as("%s by %s:%n%s", what, rules.id(), new String(xml, StandardCharsets.UTF_8))
                .isEmpty();
        assertThat(report.layersRun()).as("every layer of %s ran on %s", rules.id(), what)
                .hasSize(rules.layerCount());
    }

    static int documents() {
        return hub.count("select count(*) from faktura");
    }

    static List<LoggedRequest> sentTo(String orgnr) {
        return ap.findAll(postRequestedFor(urlEqualTo(OUTBOUND)).withHeader("X-Peppol-Receiver",
                equalTo("0192:" + orgnr)));
    }

    // ---- 2021 ----

    @Test
    @Order(1)
    void theDryRunForTheFortyTwoMunicipalitiesOtherThanBergenTotals10370720Kroner() throws Exception {
        JsonNode dry = json(postRun("{\"year\": 2021, \"dryRun\": true}"), 200);

        assertThat(dry.path("dryRun").asBoolean()).isTrue();
        assertThat(dry.path("grandTotalOre").asLong()).isEqualTo(1_037_072_000L);
        assertThat(dry.path("grandTotal").asString()).isEqualTo("10370720.00");
        // 43 members less Bergen, the six of IKT Nordhordland on one invoice: 37 payers
        assertThat(dry.path("count").asInt()).isEqualTo(37);
        Set<String> covered = new HashSet<>();
        long sum = 0;
        for (JsonNode invoice : dry.path("invoices")) {
            assertThat(invoice.path("kind").asString()).isEqualTo("INVOICE");
            invoice.path("membersCovered").forEach(m -> covered.add(m.path("orgnr").asString()));
            long lines = 0;
            for (JsonNode line : invoice.path("lines")) {
                lines += line.path("amountOre").asLong();
            }
            assertThat(invoice.path("totalOre").asLong()).isEqualTo(lines);
            sum += lines;
        }
        assertThat(covered).hasSize(42).doesNotContain(BERGEN);
        assertThat(sum).isEqualTo(1_037_072_000L);

        // IKT Nordhordland: one invoice to Alver, a line per member, summing their shares
        JsonNode joint = byPayer(dry.path("invoices"), ALVER);
        assertThat(joint.path("membersCovered")).hasSize(6);
        assertThat(joint.path("lines")).hasSize(6);
        assertThat(joint.path("totalOre").asLong()).isEqualTo(115_546_000L);
        assertThat(joint.path("lines").get(0).path("description").asString())
                .contains("Grunnfinansiering 2021").contains("innbyggjarar");

        // Bergen finances itself: 47 % of the 19,5 MNOK need; the key brings in 35 720 kr more than the 53 %
        assertThat(dry.path("selfFinancing")).singleElement().satisfies(b -> {
            assertThat(b.path("orgnr").asString()).isEqualTo(BERGEN);
            assertThat(b.path("amount").asString()).isEqualTo("9165000.00");
        });
        assertThat(dry.path("need").path("remaining").asString()).isEqualTo("10335000.00");
        assertThat(dry.path("need").path("balance").asString()).isEqualTo("35720.00");

        assertThat(dry.has("alreadyInvoiced")).isFalse();
        assertThat(documents()).isZero();
        assertThat(hub.count("select count(*) from fakturering")).isZero();
        assertThat(ap.findAll(postRequestedFor(urlEqualTo(OUTBOUND)))).isEmpty();
    }

    @Test
    @Order(2)
    void aRealRunIssuesValidEhfInvoicesThatReachTheAccessPoint() throws Exception {
        JsonNode run = json(postRun("{\"year\": 2021, \"dryRun\": false}"), 201);
        run2021 = run.path("id").asString();
        assertThat(run.path("count").asInt()).isEqualTo(37);
        assertThat(run.path("invoicedOre").asLong()).isEqualTo(1_037_072_000L);

        JsonNode settled = awaitSettled(run2021);
        assertThat(settled.path("counts").path("DELIVERED").asInt()).isEqualTo(37);
        assertThat(ap.findAll(postRequestedFor(urlEqualTo(OUTBOUND)))).hasSize(37);

        Identities identities = hub.bean(Identities.class);
        CmsVerifier verifier = new CmsVerifier();
        Set<String> numbers = new HashSet<>();
        for (JsonNode invoice : settled.path("invoices")) {
            String number = invoice.path("number").asString();
            String payer = invoice.path("payer").path("orgnr").asString();
            assertThat(number).matches("DV2021-\\d{4}");
            numbers.add(number);
            assertThat(invoice.path("status").asString()).isEqualTo("DELIVERED");
            assertThat(invoice.path("dueDate").asString()).isNotEmpty();
            assertThat(reasons(invoice)).contains("Peppol transmission tx-ok");

            byte[] xml = invoiceXml(run2021, number);
            assertValid(invoiceRules, xml, number + " to " + payer);
            Element root = parse(xml).getDocumentElement();
            assertThat(root.getLocalName()).isEqualTo("Invoice");
            assertThat(texts(root, CBC, "ID").get(0)).isEqualTo(number);
            assertThat(texts(root, CBC, "EndpointID")).containsExactly(BERGEN, payer);
            assertThat(texts(root, CBC, "PayableAmount")).containsExactly(invoice.path("total").asString());
            assertThat(texts(root, CBC, "TaxAmount")).containsOnly("0.00");
            assertThat(root.getElementsByTagNameNS(CAC, "PaymentMeans").getLength()).isEqualTo(1);

            // what the access point got is the document as archived; the hub signed it
            assertThat(sentTo(payer)).singleElement().satisfies(r -> {
                assertThat(r.getBody()).isEqualTo(xml);
                assertThat(r.getHeader("X-Peppol-Sender")).isEqualTo("0192:" + BERGEN);
                assertThat(r.getHeader("Authorization")).isEqualTo("Bearer ap-test-key");
            });
            byte[] signed = hub.jdbc().queryForObject("select p.data from payload p join melding m"
                    + " on m.payload_ref = p.ref where m.melding_id = ?", byte[].class, invoice.path("meldingId").asString());
            assertThat(verifier.verify(signed, identities.hubCertificate())).isEqualTo(xml);
        }
        assertThat(numbers).hasSize(37);

        // the joint invoice: six lines summing to what Alver pays
        Element joint = parse(invoiceXml(run2021, byPayer(settled.path("invoices"), ALVER).path("number").asString()))
                .getDocumentElement();
        List<String> amounts = new ArrayList<>();
        NodeList lines = joint.getElementsByTagNameNS(CAC, "InvoiceLine");
        for (int i = 0; i < lines.getLength(); i++) {
            amounts.add(texts((Element) lines.item(i), CBC, "LineExtensionAmount").get(0));
        }
        assertThat(amounts).hasSize(6);
        assertThat(amounts.stream().map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(texts(joint, CBC, "PayableAmount").get(0)).isEqualByComparingTo("1155460.00");
        // the buyer's reference Kinn asked for
        Element kinn = parse(invoiceXml(run2021, byPayer(settled.path("invoices"), KINN).path("number").asString()))
                .getDocumentElement();
        assertThat(texts(kinn, CBC, "BuyerReference")).containsExactly("Kinn økonomi, ref 4602-DV");
    }

    @Test
    @Order(3)
    void runningTheYearAgainIssuesNothingNew() throws Exception {
        JsonNode again = json(postRun("{\"year\": 2021, \"dryRun\": false}"), 200);

        assertThat(again.path("id").asString()).isEqualTo(run2021);
        assertThat(documents()).isEqualTo(37);
        assertThat(hub.count("select count(*) from fakturering")).isEqualTo(1);
        assertThat(hub.count("select count(*) from melding where melding_type like 'no.knutepunkt.v1.%'"))
                .isEqualTo(37);
        // a new message would be on its way within half a second; none comes
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> ap.findAll(postRequestedFor(urlEqualTo(OUTBOUND))).size() == 37);

        JsonNode dry = json(postRun("{\"year\": 2021, \"dryRun\": true}"), 200);
        assertThat(dry.path("alreadyInvoiced").path("runId").asString()).isEqualTo(run2021);
    }

    @Test
    @Order(4)
    void aChangedYearIsCorrectedByACreditNoteAndANewInvoice() throws Exception {
        String[] secretariat = hub.staff("secretariat");
        HttpResponse<String> registered = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(
                        "/api/v1/resource-use")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"noekkel\": \"askoy-arkitektur-1\", \"year\": 2021,"
                        + " \"orgnr\": \"" + ASKOY + "\", \"description\": \"Arkitekturstøtte\", \"hours\": 7.5}")),
                secretariat[0], secretariat[1]);
        assertThat(json(registered, 201).path("amount").asString()).isEqualTo("9000.00");

        // an ordinary run no longer matches what was issued: refused, nothing issued
        JsonNode refused = json(postRun("{\"year\": 2021, \"dryRun\": false}"), 409);
        assertThat(refused.path("type").asString()).isEqualTo("urn:knutepunkt:problem:already-invoiced");
        assertThat(refused.path("detail").asString()).contains("correction");
        assertThat(documents()).isEqualTo(37);

        JsonNode plan = json(postRun("{\"year\": 2021, \"dryRun\": true, \"correction\": true}"), 200);
        String original = byPayer(getRun(run2021).path("invoices"), ASKOY).path("number").asString();
        assertThat(plan.path("invoices")).hasSize(2);
        assertThat(plan.path("invoices").get(0).path("kind").asString()).isEqualTo("CREDIT_NOTE");
        assertThat(plan.path("invoices").get(0).path("credits").asString()).isEqualTo(original);
        assertThat(plan.path("invoices").get(1).path("kind").asString()).isEqualTo("INVOICE");
        assertThat(documents()).isEqualTo(37);

        JsonNode correction = json(postRun("{\"year\": 2021, \"dryRun\": false, \"correction\": true}"), 201);
        assertThat(correction.path("correction").asBoolean()).isTrue();
        assertThat(correction.path("count").asInt()).isEqualTo(2);
        assertThat(correction.path("net").asString()).isEqualTo("9000.00");
        JsonNode settled = awaitSettled(correction.path("id").asString());
        assertThat(settled.path("counts").path("DELIVERED").asInt()).isEqualTo(2);

        JsonNode credit = settled.path("invoices").get(0);
        JsonNode reissued = settled.path("invoices").get(1);
        byte[] creditXml = invoiceXml(correction.path("id").asString(), credit.path("number").asString());
        assertValid(creditNoteRules, creditXml, "credit note " + credit.path("number").asString());
        Element creditRoot = parse(creditXml).getDocumentElement();
        assertThat(creditRoot.getLocalName()).isEqualTo("CreditNote");
        assertThat(texts(creditRoot, CBC, "ID")).contains(original);
        assertThat(texts(creditRoot, CBC, "PayableAmount")).containsExactly("500000.00");
        byte[] reissuedXml = invoiceXml(correction.path("id").asString(), reissued.path("number").asString());
        assertValid(invoiceRules, reissuedXml, "corrected invoice " + reissued.path("number").asString());
        assertThat(texts(parse(reissuedXml).getDocumentElement(), CBC, "PayableAmount")).containsExactly("509000.00");
        assertThat(texts(parse(reissuedXml).getDocumentElement(), CBC, "Name"))
                .anySatisfy(n -> assertThat(n).contains("Arkitekturstøtte").contains("7,5 t"));
        assertThat(sentTo(ASKOY)).hasSize(3).extracting(r -> r.getHeader("X-Peppol-Document-Type"))
                .anySatisfy(t -> assertThat(t).startsWith("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"));

        // the same correction again: nothing left to correct
        JsonNode nothing = json(postRun("{\"year\": 2021, \"dryRun\": false, \"correction\": true}"), 409);
        assertThat(nothing.path("type").asString()).isEqualTo("urn:knutepunkt:problem:nothing-to-correct");
        assertThat(documents()).isEqualTo(39);
    }

    // ---- failures at the access point ----

    @Test
    @Order(10)
    void anAccessPointThatAnswers503AndThen200GetsTheInvoiceOnTheRetry() throws Exception {
        ap.stubFor(post(urlEqualTo(OUTBOUND)).atPriority(2).withHeader("X-Peppol-Receiver", equalTo("0192:" + KINN))
                .inScenario("kinn-2022").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(503).withBody("aksesspunktet er nede")).willSetStateTo("up"));
        ap.stubFor(post(urlEqualTo(OUTBOUND)).atPriority(2).withHeader("X-Peppol-Receiver", equalTo("0192:" + KINN))
                .inScenario("kinn-2022").whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("{\"transmissionId\": \"tx-kinn\"}")));
        int before = sentTo(KINN).size();

        JsonNode run = json(postRun("{\"year\": 2022, \"dryRun\": false}"), 201);
        JsonNode settled = awaitSettled(run.path("id").asString());

        assertThat(settled.path("counts").path("DELIVERED").asInt()).isEqualTo(37);
        JsonNode kinn = byPayer(settled.path("invoices"), KINN);
        assertThat(reasons(kinn)).anySatisfy(r -> assertThat(r).startsWith("attempt 1 failed").contains("503"));
        assertThat(reasons(kinn)).noneSatisfy(r -> assertThat(r).startsWith("attempt 2 failed"));
        assertThat(reasons(kinn)).contains("Peppol transmission tx-kinn");
        List<LoggedRequest> tries = sentTo(KINN).subList(before, sentTo(KINN).size());
        assertThat(tries).hasSize(2);
        assertThat(tries).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly(
                kinn.path("meldingId").asString() + "/" + KINN);
        assertThat(tries.get(0).getBody()).isEqualTo(tries.get(1).getBody());
    }

    @Test
    @Order(11)
    void anInvoiceTheAccessPointRefusesFailsOnTheDeadLetterListUntilAnOperatorRetriesIt() throws Exception {
        ap.stubFor(post(urlEqualTo(OUTBOUND)).atPriority(1).withHeader("X-Peppol-Receiver", equalTo("0192:" + ETNE))
                .inScenario("etne-2023").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(400).withBody("ukjend mottakar i SMP")));
        ap.stubFor(post(urlEqualTo(OUTBOUND)).atPriority(1).withHeader("X-Peppol-Receiver", equalTo("0192:" + ETNE))
                .inScenario("etne-2023").whenScenarioStateIs("registered")
                .willReturn(aResponse().withStatus(202).withBody("{\"transmissionId\": \"tx-etne\"}")));

        JsonNode run = json(postRun("{\"year\": 2023, \"dryRun\": false}"), 201);
        JsonNode settled = awaitSettled(run.path("id").asString());

        assertThat(settled.path("counts").path("DELIVERED").asInt()).isEqualTo(36);
        assertThat(settled.path("counts").path("FAILED").asInt()).isEqualTo(1);
        JsonNode etne = byPayer(settled.path("invoices"), ETNE);
        assertThat(etne.path("status").asString()).isEqualTo("FAILED");
        assertThat(reasons(etne)).anySatisfy(r -> assertThat(r).contains("permanent failure").contains("400")
                .contains("ukjend mottakar i SMP"));
        // the hub sent it, so there is no serverfeil to send: the run and the dead-letter list tell
        assertThat(hub.count("select count(*) from melding where avsender = ? and melding_type = ?", HUB,
                "no.ks.fiks.arkiv.v1.feilmelding.serverfeil")).isZero();

        String[] operator = hub.staff("operator");
        JsonNode letters = json(Multipart.get(hub.uri(), "/api/v1/dead-letters", operator[0], operator[1]), 200);
        JsonNode letter = null;
        for (JsonNode l : letters) {
            if (l.path("meldingId").asString().equals(etne.path("meldingId").asString())) {
                letter = l;
            }
        }
        assertThat(letter).as("Etne's invoice on the dead-letter list").isNotNull();
        assertThat(letter.path("connector").asString()).isEqualTo("peppol");

        ap.setScenarioState("etne-2023", "registered");
        HttpResponse<String> retry = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(
                "/api/v1/dead-letters/" + letter.path("id").asString() + "/retry"))
                .POST(HttpRequest.BodyPublishers.noBody()), operator[0], operator[1]);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                "DELIVERED".equals(byPayer(getRun(run.path("id").asString()).path("invoices"), ETNE)
                        .path("status").asString()));
        assertThat(reasons(byPayer(getRun(run.path("id").asString()).path("invoices"), ETNE)))
                .contains("Peppol transmission tx-etne");
    }

    // ---- refusals ----

    @Test
    @Order(20)
    void badRequestsAreRefusedClearlyAndIssueNothing() throws Exception {
        int before = documents();
        int runs = hub.count("select count(*) from fakturering");

        JsonNode unknownYear = json(postRun("{\"year\": 2031, \"dryRun\": false}"), 422);
        assertThat(unknownYear.path("type").asString()).isEqualTo("urn:knutepunkt:problem:unknown-funding-year");
        assertThat(unknownYear.path("detail").asString()).contains("2031").contains("[2021, 2022, 2023]");
        JsonNode noDryRun = json(postRun("{\"year\": 2024}"), 400);
        assertThat(noDryRun.path("field").asString()).isEqualTo("dryRun");
        assertThat(json(postRun("{\"year\": 2024, \"dryRun\": false, \"vat\": 25}"), 400).path("field").asString())
                .isEqualTo("vat");
        assertThat(json(postRun("{\"year\": \"tjuetjueein\", \"dryRun\": true}"), 400).path("field").asString())
                .isEqualTo("year");
        assertThat(json(postRun("{\"year\": 2031, \"dryRun\": true, \"correction\": true}"), 422)
                .path("type").asString()).isEqualTo("urn:knutepunkt:problem:unknown-funding-year");
        HttpResponse<String> form = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/invoicing-runs"))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("2021")),
                hub.staff("secretariat")[0], hub.staff("secretariat")[1]);
        assertThat(form.statusCode()).isEqualTo(415);

        // roles: only the secretariat runs invoicing; operators look
        assertThat(postRun(hub.staff("operator"), "{\"year\": 2021, \"dryRun\": true}").statusCode()).isEqualTo(403);
        String kinnPassword = hub.identity(KINN).password();
        assertThat(postRun(new String[] {KINN, kinnPassword}, "{\"year\": 2021, \"dryRun\": true}").statusCode())
                .isEqualTo(403);
        assertThat(Multipart.get(hub.uri(), "/api/v1/invoicing-runs", KINN, kinnPassword).statusCode()).isEqualTo(403);

        assertThat(documents()).isEqualTo(before);
        assertThat(hub.count("select count(*) from fakturering")).isEqualTo(runs);
    }

    @Test
    @Order(21)
    void aPayerFetchesItsOwnInvoiceAndNoOneElses() throws Exception {
        JsonNode invoices = getRun(run2021).path("invoices");
        String kinns = byPayer(invoices, KINN).path("number").asString();
        String path = "/api/v1/invoicing-runs/" + run2021 + "/invoices/" + kinns;

        HttpResponse<String> own = Multipart.get(hub.uri(), path, KINN, hub.identity(KINN).password());
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("<cbc:ID>" + kinns + "</cbc:ID>");
        HttpResponse<String> other = Multipart.get(hub.uri(), path, ETNE, hub.identity(ETNE).password());
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(other.body()).path("type").asString()).isEqualTo("urn:knutepunkt:problem:not-the-payer");
        assertThat(other.body()).as("the refusal does not say who pays").doesNotContain(KINN);
        String[] operator = hub.staff("operator");
        assertThat(Multipart.get(hub.uri(), "/api/v1/invoicing-runs/" + run2021 + "/invoices/DV2021-9999",
                operator[0], operator[1]).statusCode()).isEqualTo(404);
        assertThat(Multipart.get(hub.uri(), "/api/v1/invoicing-runs/no-such-run", operator[0], operator[1])
                .statusCode()).isEqualTo(404);
    }

    @Test
    @Order(22)
    void aMemberCannotSendAnInvoiceThroughTheHub() throws Exception {
        byte[] ubl = invoiceXml(run2021, byPayer(getRun(run2021).path("invoices"), KINN).path("number").asString());
        int messages = hub.count("select count(*) from melding");
        String metadata = "{\"avsender\":\"" + ETNE + "\",\"mottakere\":[\"" + KINN + "\"],"
                + "\"meldingType\":\"no.knutepunkt.v1.faktura\",\"klientMeldingId\":\"falsk-faktura-1\","
                + "\"filnavn\":\"faktura.xml\"}";

        HttpResponse<String> response = Multipart.post(hub.uri(), ETNE, hub.identity(ETNE).password(),
                Multipart.parts(metadata, hub.sign(ETNE, ubl)));

        JsonNode problem = json(response, 403);
        assertThat(problem.path("type").asString()).isEqualTo("urn:knutepunkt:problem:hub-only-type");
        assertThat(hub.count("select count(*) from melding")).isEqualTo(messages);
    }

    @Test
    @Order(23)
    void resourceUseIsCheckedWhenRegistered() throws Exception {
        String[] secretariat = hub.staff("secretariat");
        int before = hub.count("select count(*) from ressursbruk");
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"noekkel\": \"r-x1\", \"year\": 2021, \"orgnr\": \"974760673\", \"description\": \"Kurs\","
                + " \"hours\": 2}", "unknown-member");
        cases.put("{\"noekkel\": \"r-x2\", \"year\": 2021, \"orgnr\": \"" + BERGEN + "\", \"description\": \"Kurs\","
                + " \"hours\": 2}", "self-financing-member");
        cases.put("{\"noekkel\": \"r-x3\", \"year\": 2021, \"orgnr\": \"" + KINN + "\", \"description\": \"Kurs\","
                + " \"hours\": 0}", "invalid-metadata");
        cases.put("{\"noekkel\": \"r-x4\", \"year\": 2021, \"orgnr\": \"" + KINN + "\", \"description\": \"Kurs\","
                + " \"hours\": 1.125}", "invalid-metadata");
        cases.put("{\"noekkel\": \"r-x5\", \"year\": 2022, \"orgnr\": \"" + KINN + "\", \"description\": \"Kurs\","
                + " \"hours\": 1}", "invalid-metadata"); // 2022 has no resource-rate, and none was given
        cases.put("{\"noekkel\": \"r-x6\", \"year\": 2031, \"orgnr\": \"" + KINN + "\", \"description\": \"Kurs\","
                + " \"hours\": 1}", "unknown-funding-year");
        cases.put("{\"noekkel\": \"r-x7\", \"year\": 2021, \"orgnr\": \"" + KINN + "\", \"hours\": 1}",
                "invalid-metadata");
        cases.put("{\"noekkel\": \"r-x8\", \"year\": 2021, \"orgnr\": \"" + KINN + "\", \"description\":"
                + " \"Kurs\\u0001\", \"hours\": 1}", "invalid-metadata");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = Multipart.send(HttpRequest.newBuilder(hub.uri().resolve(
                    "/api/v1/resource-use")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(c.getKey())), secretariat[0], secretariat[1]);
            assertThat(response.statusCode()).as(c.getKey() + " → " + response.body()).isBetween(400, 422);
            assertThat(JSON.readTree(response.body()).path("type").asString()).as(c.getKey())
                    .isEqualTo("urn:knutepunkt:problem:" + c.getValue());
        }
        assertThat(hub.count("select count(*) from ressursbruk")).isEqualTo(before);
    }
}
