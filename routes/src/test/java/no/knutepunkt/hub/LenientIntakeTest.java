package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static org.assertj.core.api.Assertions.assertThat;
import static no.knutepunkt.hub.SchemaValidationTest.problem;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.platform.protocol.FiksArkivSamples;
import no.knutepunkt.platform.protocol.FiksArkivSamples.Encoding;
import no.knutepunkt.platform.protocol.FiksArkivSamples.Sample;
import no.knutepunkt.platform.protocol.Kind;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What real clients send, through the real REST intake, signed as members sign: a Fiks Arkiv v1 payload named
 * {@code arkivmelding.xml} whatever its type, and a UTF-16 document with a byte order mark whose declaration says
 * utf-8, are accepted, each deviation recorded in the message's delivery history (GET /api/v1/messages/{meldingId}),
 * and the recipient gets the signed bytes unchanged; invalid content is refused with the usual schema problem in any
 * encoding, and a document without byte order mark that is not what it declares stays refused. Every request and
 * answer type is sent once, its valid sample in one of the four encodings in turn (all combinations are validated in
 * the platform's FiksArkivConformanceTest).
 */
class LenientIntakeTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MessageTypes TYPES = MessageTypes.load();
    private static final String SOK = "no.ks.fiks.arkiv.v1.innsyn.sok";
    @TempDir
    static Path dir;
    static TestHub hub;
    static int counter;

    @BeforeAll
    static void start() {
        hub = TestHub.embedded(dir, Map.of()).start();
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private static HttpResponse<String> send(String from, String to, String type, String filnavn, String svarPa,
                                             byte[] payload) throws Exception {
        String metadata = "{\"avsender\":\"" + from + "\",\"mottakere\":[\"" + to + "\"],\"meldingType\":\"" + type
                + "\",\"klientMeldingId\":\"lenient-" + (++counter) + "\",\"filnavn\":\"" + filnavn + "\""
                + (svarPa == null ? "" : ",\"svarPaMelding\":\"" + svarPa + "\"") + "}";
        return Multipart.post(hub.uri(), from, hub.identity(from).password(),
                Multipart.parts(metadata, hub.sign(from, payload)));
    }

    private static String accepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return JSON.readTree(response.body()).path("meldingId").asString();
    }

    /** The reasons in the history of the message's one delivery, as its sender sees them. */
    private static List<String> history(String sender, String meldingId) throws Exception {
        JsonNode status = hub.client(sender).status(meldingId);
        assertThat(status.path("deliveries")).hasSize(1);
        List<String> reasons = new ArrayList<>();
        status.path("deliveries").get(0).path("history").forEach(h -> reasons.add(h.path("reason").asString()));
        return reasons;
    }

    private static Sample valid(MessageType type) {
        return FiksArkivSamples.of(type).stream().filter(Sample::valid).findFirst().orElseThrow();
    }

    @Test
    void everyRequestAndAnswerTypeIsTakenUnderArkivmeldingXmlAndInAByteOrderMarksEncodingWithTheDeviationsRecorded()
            throws Exception {
        List<MessageType> validated = FiksArkivSamples.validatedTypes(TYPES);
        int sent = 0;
        for (MessageType type : validated) {
            Encoding encoding = Encoding.values()[sent++ % Encoding.values().length];
            byte[] utf8 = valid(type).bytes();
            String own = type.payloadFilename().orElseThrow();
            String meldingId;
            String sender;
            if (type.kind() == Kind.REQUEST) {
                sender = A;
                meldingId = accepted(send(A, B, type.id(), "arkivmelding.xml", null, encoding.encode(utf8)));
            } else {
                // an answer: to a request of a type it may answer, sent as written, by its recipient
                MessageType request = validated.stream().filter(r -> r.kind() == Kind.REQUEST
                        && TYPES.canAnswer(r.id(), type.id())).findFirst().orElseThrow();
                String requestId = accepted(send(A, B, request.id(), request.payloadFilename().orElseThrow(), null,
                        valid(request).bytes()));
                sender = B;
                meldingId = accepted(send(B, A, type.id(), "arkivmelding.xml", requestId, encoding.encode(utf8)));
            }
            List<String> expected = new ArrayList<>();
            if (!own.equals("arkivmelding.xml")) {
                expected.add("accepted despite a deviation: filnavn arkivmelding.xml, forventet " + own);
            }
            encoding.deviation(utf8).ifPresent(d -> expected.add("accepted despite a deviation: " + d));
            assertThat(history(sender, meldingId)).as(type.id() + " in " + encoding)
                    .filteredOn(r -> r.startsWith("accepted despite")).containsExactlyElementsOf(expected);
        }
        assertThat(sent).isGreaterThan(15);
    }

    @Test
    void theRecipientGetsTheSignedBytesUnchangedUnderTheNameTheSenderGave() throws Exception {
        MessageType sok = TYPES.find(SOK).orElseThrow();
        byte[] sent = Encoding.UTF_16LE_BOM.encode(valid(sok).bytes());
        String meldingId = accepted(send(A, B, SOK, "arkivmelding.xml", null, sent));

        HubClient b = hub.client(B);
        await().atMost(Duration.ofSeconds(30)).until(() -> EndToEndTest.ids(b.inbox()).contains(meldingId));
        HubClient.Download download = b.download(meldingId);
        assertThat(hub.opener(B).open(download.enveloped(), A)).isEqualTo(sent);
        b.acknowledge(meldingId);
        JsonNode status = hub.client(A).status(meldingId);
        assertThat(status.path("filnavn").asString()).isEqualTo("arkivmelding.xml");
        assertThat(history(A, meldingId)).contains(
                "accepted despite a deviation: filnavn arkivmelding.xml, forventet sok.xml",
                "accepted despite a deviation: UTF-16LE med byte order mark; deklarasjonen sa UTF-8");
    }

    @Test
    void aPayloadAsTheProtocolWantsItRecordsNoDeviation() throws Exception {
        MessageType sok = TYPES.find(SOK).orElseThrow();
        for (Encoding encoding : List.of(Encoding.UTF_8, Encoding.UTF_8_BOM)) {
            String meldingId = accepted(send(A, B, SOK, "sok.xml", null, encoding.encode(valid(sok).bytes())));
            assertThat(history(A, meldingId)).as(encoding.name()).isNotEmpty()
                    .noneMatch(r -> r.startsWith("accepted despite"));
        }
    }

    @Test
    void invalidContentIsRefusedInAnyEncodingWithTheSchemaProblemAndNothingIsStored() throws Exception {
        for (MessageType type : FiksArkivSamples.validatedTypes(TYPES)) {
            if (type.kind() != Kind.REQUEST) {
                continue;
            }
            Sample invalid = FiksArkivSamples.of(type).stream()
                    .filter(s -> !s.valid() && !FiksArkivSamples.HOSTILE.contains(s.resource())).findFirst()
                    .orElseThrow();
            int before = hub.count("select count(*) from melding");
            JsonNode inUtf8 = problem(send(A, B, type.id(), "arkivmelding.xml", null, invalid.bytes()), 422,
                    "schema-invalid");
            for (Encoding encoding : List.of(Encoding.UTF_16LE_BOM, Encoding.UTF_16BE_BOM)) {
                JsonNode problem = problem(send(A, B, type.id(), "arkivmelding.xml", null,
                        encoding.encode(invalid.bytes())), 422, "schema-invalid");
                assertThat(problem.path("line").asInt()).as(type.id() + " " + encoding)
                        .isEqualTo(inUtf8.path("line").asInt()).isPositive();
                assertThat(problem.path("element").asString()).isEqualTo(inUtf8.path("element").asString());
            }
            assertThat(hub.count("select count(*) from melding")).isEqualTo(before);
        }
        // a DOCTYPE stays refused when the document is read per its byte order mark
        JsonNode hostile = problem(send(A, B, SOK, "sok.xml", null,
                Encoding.UTF_16LE_BOM.encode(Samples.resource("payloads/hostile/billion-laughs.xml"))), 422,
                "schema-invalid");
        assertThat(hostile.path("detail").asString()).contains("DOCTYPE");
    }

    @Test
    void aDocumentWithoutByteOrderMarkThatIsNotWhatItDeclaresAndAnyOtherFileNameStayRefused() throws Exception {
        int before = hub.count("select count(*) from melding");
        String text = new String(valid(TYPES.find(SOK).orElseThrow()).bytes(), StandardCharsets.UTF_8);
        problem(send(A, B, SOK, "sok.xml", null, text.getBytes(StandardCharsets.UTF_16LE)), 422, "schema-invalid");
        // Latin-1 bytes (Byggesøknad) under a utf-8 declaration
        String arkivmelding = new String(Samples.arkivmeldingOpprett(), StandardCharsets.UTF_8);
        assertThat(arkivmelding).contains("ø");
        problem(send(A, B, "no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett", "arkivmelding.xml", null,
                arkivmelding.getBytes(StandardCharsets.ISO_8859_1)), 422, "schema-invalid");
        JsonNode otherName = problem(send(A, B, SOK, "melding.xml", null, text.getBytes(StandardCharsets.UTF_8)), 400,
                "invalid-metadata");
        assertThat(otherName.path("field").asString()).isEqualTo("filnavn");
        assertThat(otherName.path("detail").asString()).contains("sok.xml").contains("melding.xml");
        // the cooperation's own types keep their names strictly
        JsonNode own = problem(send(A, B, MessageTypes.UNDERSOEKELSE, "arkivmelding.xml", null,
                Samples.resource("knutepunkt-v1/samples/undersoekelse.xml")), 400, "invalid-metadata");
        assertThat(own.path("field").asString()).isEqualTo("filnavn");
        assertThat(hub.count("select count(*) from melding")).isEqualTo(before);
    }
}
