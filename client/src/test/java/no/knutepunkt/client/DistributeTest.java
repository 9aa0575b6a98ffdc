package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.knutepunkt.platform.identity.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** distribute: what it sends, how it follows the distribution, its refusals and usage errors. */
class DistributeTest extends StandInHubTest {
    static final String ID = "5b1f0e2a-7c1d-4f3e-9a53-0d2c7e1f0001";
    static final String KEY = "rundskriv-7";
    static final String PATH = "/api/v1/distributions";
    static final List<String> TO = List.of("974600951", TestMembers.BERGEN, TestMembers.KINN);
    static final String P = "PENDING";
    static final String REGISTERED = "distribution " + ID + " registered (key " + KEY + ", to liste:3): 3 recipients\n";
    static final String LINE_0 = "0/3 messages made (0 delivered, 0 ended, 0 queued or in an inbox)";
    static final String LINE_1 = "1/3 messages made (0 delivered, 0 ended, 1 queued or in an inbox)";
    static final String LINE_2 = "2/3 messages made (1 delivered, 0 ended, 1 queued or in an inbox)";
    static final String LINE_3 = "3/3 messages made (1 delivered, 1 ended (FAILED 1), 1 queued or in an inbox)";
    static final String DONE = "done: 3 of 3 messages made; 1 delivered, 1 ended (FAILED 1), 1 queued or in an inbox\n";

    @TempDir
    Path work;
    Path document;
    final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void document() throws IOException {
        document = Files.writeString(work.resolve("rundskriv.xml"), "<rundskriv>hei</rundskriv>");
    }

    @Test
    void sendsTheDocumentWithItsMetadataAndFollowsItEverySecondUntilEveryMessageIsMade() throws IOException {
        hub.answer("POST", PATH, view(202, "ACTIVE", false, P, P, P));
        hub.answer("GET", PATH + "/" + ID, view(200, "ACTIVE", true, "QUEUED", P, P),
                view(200, "ACTIVE", true, "QUEUED", P, P),
                view(200, "ACTIVE", true, "DELIVERED", "QUEUED", "FAILED"));

        Cli.Result result = distribute(plain(), "--to", String.join(",", TO), document.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        // a line each time the progress changes, not each time the hub is asked
        assertThat(result.out()).isEqualTo(REGISTERED + LINE_0 + "\n" + LINE_1 + "\n" + LINE_3 + "\n" + DONE);
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
        List<StandInHub.Request> requests = hub.requests();
        assertThat(requests).extracting(r -> r.method() + " " + r.path()).containsExactly("POST " + PATH,
                "GET " + PATH + "/" + ID, "GET " + PATH + "/" + ID, "GET " + PATH + "/" + ID);
        String secretariat = basic(members.staff(Role.SECRETARIAT));
        assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo(secretariat));
        assertThat(requests.get(0).header("Content-Type")).startsWith("multipart/form-data; boundary=");
        Map<String, StandInHub.Part> parts = requests.get(0).parts();
        assertThat(parts).containsOnlyKeys("metadata", "data");
        assertThat(parts.get("metadata").headers()).contains("Content-Type: application/json");
        assertThat(ClientJson.MAPPER.readTree(parts.get("metadata").content())).isEqualTo(ClientJson.MAPPER.readTree("""
                {"noekkel": "rundskriv-7", "meldingType": "no.knutepunkt.v1.fil", "filnavn": "rundskriv.xml",
                 "maal": {"mottakere": ["974600951", "994601008", "994602004"]}}"""));
        assertThat(parts.get("data").headers()).contains("name=\"data\"; filename=\"rundskriv.xml\"");
        assertThat(parts.get("data").content()).isEqualTo(Files.readAllBytes(document));
    }

    @Test
    void onATerminalTheProgressIsOneLineWithABarRewrittenInPlace() {
        hub.answer("POST", PATH, view(202, "ACTIVE", false, P, P, P));
        hub.answer("GET", PATH + "/" + ID, view(200, "ACTIVE", true, "QUEUED", P, P),
                view(200, "ACTIVE", true, "DELIVERED", "QUEUED", P),
                view(200, "ACTIVE", true, "DELIVERED", "QUEUED", "FAILED"));

        Cli.Result result = distribute(new Shell(Map.of(), true, 120, Clock.systemUTC(), pauses::add),
                "--to", String.join(",", TO), document.toString());

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(REGISTERED
                + "\r[........................]  " + LINE_0
                + "\r[########................]  " + LINE_1
                + "\r[################........]  " + LINE_2
                + "\r[########################]  " + LINE_3 + "\n"
                + DONE);
        assertThat(pauses).hasSize(3);
    }

    @Test
    void noWaitPrintsTheIdOnceRegisteredAndAsksNothingMore() throws IOException {
        hub.answer("POST", PATH, view(202, "ACTIVE", false, P, P, P));

        Cli.Result result = distribute(plain(), "--all", "--filename", "arkivmelding.xml", "--ttl", "86400000",
                "--no-wait", document.toString());

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(ID + "\n");
        assertThat(pauses).isEmpty();
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(ClientJson.MAPPER.readTree(r.parts().get("metadata").content()))
                    .isEqualTo(ClientJson.MAPPER.readTree("""
                            {"noekkel": "rundskriv-7", "meldingType": "no.knutepunkt.v1.fil",
                             "filnavn": "arkivmelding.xml", "maal": {"alle": true}, "ttl": 86400000}"""));
            assertThat(r.parts().get("data").headers()).contains("filename=\"arkivmelding.xml\"");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            --region         | Sunnhordland     | {"region": "Sunnhordland"}
            --it-cooperation | IKT Nordhordland | {"itSamarbeid": "IKT Nordhordland"}
            --to             | 994602004        | {"mottakere": ["994602004"]}
            """)
    void eachTargetIsTheHubsMaal(String option, String value, String maal) {
        hub.answer("POST", PATH, view(202, "ACTIVE", false, P));

        assertThat(distribute(plain(), option, value, "--no-wait", document.toString()).code()).isZero();

        JsonNode metadata = ClientJson.MAPPER.readTree(hub.requests().get(0).parts().get("metadata").content());
        assertThat(metadata.path("maal")).isEqualTo(ClientJson.MAPPER.readTree(maal));
    }

    @Test
    void aKeyTheHubKnowsAnswersWithThatDistributionAndNothingNewIsSent() {
        hub.answer("POST", PATH, view(200, "ACTIVE", false, "DELIVERED", "QUEUED", "FAILED"));
        String before = "distribution " + ID + " with key " + KEY + " was registered before, by sekretariat at"
                + " 2025-03-01T09:00:00Z: nothing new was sent";

        Cli.Result followed = distribute(plain(), "--all", document.toString());
        Cli.Result noWait = distribute(plain(), "--all", "--no-wait", document.toString());

        assertThat(followed.code()).isZero();
        assertThat(followed.out()).isEqualTo(before + "; following it\n" + LINE_3 + "\n" + DONE);
        assertThat(noWait.code()).isZero();
        assertThat(noWait.out()).isEqualTo(ID + "\n");
        assertThat(noWait.err()).isEqualTo(before + "\n");
        assertThat(pauses).isEmpty();
        assertThat(hub.requests()).extracting(StandInHub.Request::method).containsExactly("POST", "POST");
    }

    @Test
    void aDistributionCancelledWhileFollowedEndsWithExitCode1() {
        hub.answer("POST", PATH, view(202, "ACTIVE", false, P, P, P));
        hub.answer("GET", PATH + "/" + ID, view(200, "ACTIVE", true, "QUEUED", P, P),
                view(200, "CANCELLED", true, "CANCELLED", P, P));

        Cli.Result result = distribute(plain(), "--all", document.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).isEqualTo(REGISTERED + LINE_0 + "\n" + LINE_1 + "\n"
                + "1/3 messages made (0 delivered, 1 ended (CANCELLED 1), 0 queued or in an inbox)\n");
        assertThat(result.err()).isEqualTo("distribution " + ID + " was cancelled: 1 of 3 messages made (0 delivered,"
                + " 1 ended (CANCELLED 1), 0 queued or in an inbox)\n");
        assertThat(pauses).hasSize(2);
    }

    @Test
    void aRefusalIsOneLineWithTheProblemsTitleAndDetailAndExitCode1() {
        hub.answer("POST", PATH, StandInHub.Answer.forbidden(PATH));
        Cli.Result operator = Cli.run(plain(), "distribute", "--credentials", members.staff(Role.OPERATOR).toString(),
                "--hub", hub.url(), "--key", KEY, "--type", "no.knutepunkt.v1.fil", "--all", document.toString());
        hub.answer("POST", PATH, StandInHub.Answer.problem(422, "unknown-recipient", "Unknown recipient",
                "not members of the cooperation: 999999999"));
        Cli.Result unknown = distribute(plain(), "--to", "999999999", document.toString());

        assertThat(operator.code()).isEqualTo(1);
        assertThat(operator.out()).isEmpty();
        assertThat(operator.err()).isEqualTo("refused by the hub: HTTP 403: Not allowed for this role: the credentials"
                + " are valid, but their role may not use /api/v1/distributions (urn:knutepunkt:problem:forbidden)\n");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.out()).isEmpty();
        assertThat(unknown.err()).isEqualTo("refused by the hub: HTTP 422: Unknown recipient: not members of the"
                + " cooperation: 999999999 (urn:knutepunkt:problem:unknown-recipient)\n");
        assertThat(operator.err() + unknown.err()).hasLineCount(2);
    }

    @Test
    void aDistributionThatIsGoneWhileFollowedIsARefusalOnItsOwnLine() {
        hub.answer("POST", PATH, view(202, "ACTIVE", false, P, P, P));
        hub.answer("GET", PATH + "/" + ID, StandInHub.Answer.problem(404, "not-found", "Not found",
                "no distribution " + ID));

        Cli.Result result = distribute(new Shell(Map.of(), true, 120, Clock.systemUTC(), pauses::add),
                "--all", document.toString());

        assertThat(result.code()).isEqualTo(1);
        assertThat(result.out()).endsWith("\r[........................]  " + LINE_0 + "\n");
        assertThat(result.err()).isEqualTo("refused by the hub: HTTP 404: Not found: no distribution " + ID
                + " (urn:knutepunkt:problem:not-found)\n");
    }

    @Test
    void usageErrorsAreExitCode2AndSendNothing() throws IOException {
        Path noPassword = Files.writeString(work.resolve("staff.properties"), "username=sekretariat\n");
        Path missing = work.resolve("missing.xml");

        Cli.Result noTarget = distribute(plain(), document.toString());
        Cli.Result twoTargets = distribute(plain(), "--all", "--region", "Sunnhordland", document.toString());
        Cli.Result unknown = distribute(plain(), "--all", "--bogus", document.toString());
        Cli.Result as = distribute(plain(), "--all", "--as", members.dir(TestMembers.BERGEN).toString(),
                document.toString());
        Cli.Result noCredentials = Cli.run(plain(), "distribute", "--hub", hub.url(), "--key", KEY, "--type",
                "no.knutepunkt.v1.fil", "--all", document.toString());
        Cli.Result noFile = distribute(plain(), "--all", missing.toString());
        Cli.Result badCredentials = Cli.run(plain(), "distribute", "--credentials", noPassword.toString(), "--hub",
                hub.url(), "--key", KEY, "--type", "no.knutepunkt.v1.fil", "--all", document.toString());

        assertThat(List.of(noTarget, twoTargets, unknown, as, noCredentials, noFile, badCredentials))
                .allSatisfy(r -> {
                    assertThat(r.code()).isEqualTo(2);
                    assertThat(r.out()).isEmpty();
                });
        assertThat(noTarget.err()).startsWith("Error: Missing required argument (specify one of these): (--all"
                + " | --region=REGION | --it-cooperation=NAME | --to=ORGNR[,ORGNR...]");
        assertThat(twoTargets.err()).startsWith("Error: --all, --region=REGION are mutually exclusive (specify only"
                + " one)\n");
        assertThat(unknown.err()).isEqualTo("Unknown option: '--bogus'\n"
                + "Try 'knutepunkt-client distribute --help' for more information.\n");
        assertThat(as.err()).startsWith("Unknown options: '--as'");
        assertThat(noCredentials.err()).startsWith("Missing required option: '--credentials=FILE'\n");
        assertThat(noFile.err()).isEqualTo("file " + missing + " does not exist\n");
        assertThat(badCredentials.err()).isEqualTo("credentials file " + noPassword + " has no password=\n");
        assertThat(hub.requests()).isEmpty();
    }

    /** Output that is not a terminal; waits are counted, not waited. */
    private Shell plain() {
        return new Shell(Map.of(), false, 0, Clock.systemUTC(), pauses::add);
    }

    /** distribute as the secretariat with the key and type of these tests, and {@code more}. */
    private Cli.Result distribute(Shell shell, String... more) {
        List<String> args = new ArrayList<>(List.of("distribute", "--credentials",
                members.staff(Role.SECRETARIAT).toString(), "--hub", hub.url(), "--key", KEY,
                "--type", "no.knutepunkt.v1.fil"));
        args.addAll(List.of(more));
        return Cli.run(shell, args.toArray(String[]::new));
    }

    /**
     * The hub's view of the distribution (its DistributionView): recipients counted by their message's status
     * ({@code PENDING} while it is not made), and with {@code withRecipients} (GET of one distribution) each recipient
     * with its meldingId and status.
     */
    static StandInHub.Answer view(int status, String state, boolean withRecipients, String... statuses) {
        ObjectNode view = ClientJson.MAPPER.createObjectNode();
        view.put("id", ID).put("noekkel", KEY).put("meldingType", "no.knutepunkt.v1.fil")
                .put("filnavn", "rundskriv.xml").put("maal", statuses.length == 3 ? "liste:3" : "liste:1")
                .put("state", state).put("createdBy", "sekretariat").put("createdAt", "2025-03-01T09:00:00Z")
                .put("recipients", statuses.length);
        Map<String, Integer> counts = new TreeMap<>();
        ArrayNode mottakere = ClientJson.MAPPER.createArrayNode();
        for (int i = 0; i < statuses.length; i++) {
            counts.merge(statuses[i], 1, Integer::sum);
            ObjectNode recipient = mottakere.addObject().put("orgnr", TO.get(i));
            if (statuses[i].equals(P)) {
                recipient.putNull("meldingId");
            } else {
                recipient.put("meldingId", "m-" + TO.get(i));
            }
            recipient.put("status", statuses[i]);
        }
        ObjectNode countsNode = view.putObject("counts");
        counts.forEach(countsNode::put);
        if (withRecipients) {
            view.set("mottakere", mottakere);
        }
        return new StandInHub.Answer(status, Map.of("Content-Type", "application/json"),
                ClientJson.MAPPER.writeValueAsString(view).getBytes(StandardCharsets.UTF_8));
    }
}
