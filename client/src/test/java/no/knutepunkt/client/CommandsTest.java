package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import no.knutepunkt.platform.crypto.CmsVerifier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** send, inbox, ack and status against a stand-in hub (download: {@link DownloadTest}). */
class CommandsTest extends StandInHubTest {
    static final String ID = "0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0001";

    @Test
    void sendSignsTheFileSendsItWithItsMetadataAndPrintsTheMeldingId() throws Exception {
        hub.answer("POST", "/api/v1/messages", StandInHub.Answer.json(202, "{\"meldingId\":\"" + ID + "\"}"));
        Path file = Files.writeString(dir.resolve("arkivmelding.xml"), "<arkivmelding>hei</arkivmelding>");

        Cli.Result result = Cli.run(Map.of("KNUTEPUNKT_HUB", hub.url()), "--as", bergen(), "send",
                "--to", TestMembers.KINN + ",974600951", "--type", "no.knutepunkt.v1.fil", "--file", file.toString(),
                "--klient-melding-id", "k-1", "--korrelasjon", "sak-17", "--svar-pa", "m-0", "--ttl", "60000");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(ID + "\n");
        StandInHub.Request request = hub.requests().get(0);
        assertThat(request.path()).isEqualTo("/api/v1/messages");
        Map<String, StandInHub.Part> parts = request.parts();
        assertThat(ClientJson.MAPPER.readTree(parts.get("metadata").content())).isEqualTo(ClientJson.MAPPER.readTree("""
                {"avsender": "994601008", "mottakere": ["994602004", "974600951"],
                 "meldingType": "no.knutepunkt.v1.fil", "klientMeldingId": "k-1", "klientKorrelasjonsId": "sak-17",
                 "svarPaMelding": "m-0", "ttl": 60000, "filnavn": "arkivmelding.xml"}"""));
        assertThat(new CmsVerifier().verify(parts.get("data").content(),
                members.identity(TestMembers.BERGEN).certificate()))
                .isEqualTo(Files.readAllBytes(file));
    }

    @Test
    void sendLeavesOutWhatIsNotGivenAndMakesAKlientMeldingId() throws Exception {
        hub.answer("POST", "/api/v1/messages", StandInHub.Answer.json(202, "{\"meldingId\":\"" + ID + "\"}"));
        Path file = Files.writeString(dir.resolve("notat.txt"), "hei");

        assertThat(Cli.run("--as", bergen(), "--hub", hub.url(), "send", "--to", TestMembers.KINN,
                "--type", "no.knutepunkt.v1.fil", "--file", file.toString()).code()).isZero();

        JsonNode metadata = ClientJson.MAPPER.readTree(hub.requests().get(0).parts().get("metadata").content());
        assertThat(metadata.propertyNames()).containsExactlyInAnyOrder("avsender", "mottakere", "meldingType",
                "klientMeldingId", "filnavn");
        assertThat(metadata.path("klientMeldingId").asString()).hasSize(36);
    }

    @Test
    void sendRefusesAFileThatIsNotThereBeforeAnyRequest() {
        Path missing = dir.resolve("missing.xml");

        Cli.Result result = Cli.run("--as", bergen(), "--hub", hub.url(), "send", "--to", TestMembers.KINN,
                "--type", "no.knutepunkt.v1.fil", "--file", missing.toString());

        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).isEqualTo("file " + missing + " does not exist\n");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aRefusalByTheHubIsOneLineWithTheProblemAndExitCode1() throws IOException {
        hub.answer("POST", "/api/v1/messages", StandInHub.Answer.json(422, """
                {"type": "urn:knutepunkt:problem:unknown-recipient", "title": "Unknown recipient", "status": 422,
                 "detail": "not members: 999999999", "unknown": ["999999999"]}"""));
        Path file = Files.writeString(dir.resolve("x.txt"), "x");

        Cli.Result result = Cli.run("--as", bergen(), "--hub", hub.url(), "send", "--to", "999999999",
                "--type", "no.knutepunkt.v1.fil", "--file", file.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).isEqualTo("refused by the hub: HTTP 422: Unknown recipient: not members: 999999999"
                + " (urn:knutepunkt:problem:unknown-recipient)\n");
    }

    @Test
    void inboxPrintsTheWaitingMessages() {
        String inbox = "[{\"meldingId\":\"" + ID + "\",\"avsender\":\"994601008\",\"meldingType\":\"no.knutepunkt.v1.fil\"}]";
        hub.answer("GET", "/api/v1/inbox", StandInHub.Answer.json(200, inbox));

        Cli.Result result = Cli.run("--as", kinn(), "--hub", hub.url(), "inbox");

        assertThat(result.code()).isZero();
        assertThat(ClientJson.MAPPER.readTree(result.out())).isEqualTo(ClientJson.MAPPER.readTree(inbox));
        assertThat(result.out()).contains("\n  \"meldingId\" : \"" + ID + "\",\n"); // indented for people
        assertThat(hub.requests().get(0).header("Authorization")).isEqualTo(basic(TestMembers.KINN));
    }

    @Test
    void ackAcknowledgesTheMessage() {
        hub.answer("DELETE", "/api/v1/inbox/" + ID, new StandInHub.Answer(204, Map.of(), new byte[0]));

        Cli.Result result = Cli.run("ack", ID, "--as", kinn(), "--hub", hub.url());

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("acknowledged\n");
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("DELETE");
            assertThat(r.path()).isEqualTo("/api/v1/inbox/" + ID);
        });
    }

    @Test
    void statusPrintsTheMessagesStatus() {
        String status = "{\"meldingId\":\"" + ID + "\",\"deliveries\":[{\"mottaker\":\"994602004\","
                + "\"status\":\"DELIVERED\",\"history\":[{\"status\":\"RECEIVED\"}]}]}";
        hub.answer("GET", "/api/v1/messages/" + ID, StandInHub.Answer.json(200, status));

        Cli.Result result = Cli.run("--as", bergen(), "--hub", hub.url(), "status", ID);

        assertThat(result.code()).isZero();
        assertThat(ClientJson.MAPPER.readTree(result.out())).isEqualTo(ClientJson.MAPPER.readTree(status));
    }

    @Test
    void anUnknownMessageIsRefusedByTheHub() {
        Cli.Result result = Cli.run("--as", bergen(), "--hub", hub.url(), "status", "nope");

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("refused by the hub: HTTP 404: Not Found: nothing at /api/v1/messages/nope"
                + " (urn:knutepunkt:problem:not-found)\n");
    }

    @Test
    void aRefusalThatIsNoProblemIsOneLineToo() {
        hub.answer("GET", "/api/v1/inbox", new StandInHub.Answer(502, Map.of("Content-Type", "text/html"),
                "<html>\n<body>\n<h1>Bad Gateway</h1>\n</body>\n</html>\n".getBytes(StandardCharsets.UTF_8)));
        hub.answer("DELETE", "/api/v1/inbox/" + ID, new StandInHub.Answer(503, Map.of("Content-Type", "text/plain"),
                "down for\nmaintenance\n".getBytes(StandardCharsets.UTF_8)));

        Cli.Result html = Cli.run("--as", kinn(), "--hub", hub.url(), "inbox");
        Cli.Result text = Cli.run("--as", kinn(), "--hub", hub.url(), "ack", ID);

        assertThat(html.code()).isEqualTo(1);
        assertThat(html.err()).isEqualTo("refused by the hub: HTTP 502\n");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.err()).isEqualTo("refused by the hub: HTTP 503: down for maintenance\n");
    }

    private static String bergen() {
        return members.dir(TestMembers.BERGEN).toString();
    }

    private static String kinn() {
        return members.dir(TestMembers.KINN).toString();
    }

    private static String basic(String orgnr) {
        try {
            MemberIdentity me = members.identity(orgnr);
            return "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (me.username() + ":" + me.password()).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
