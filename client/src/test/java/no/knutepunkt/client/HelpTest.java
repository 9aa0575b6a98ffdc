package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HelpTest {

    @Test
    void theTopCommandsHelpListsTheCommandsTheHubDefaultAndTheExitCodes() {
        Cli.Result help = Cli.run("--help");

        assertThat(help.code()).isZero();
        assertThat(help.err()).isEmpty();
        assertThat(help.out()).startsWith("Usage: knutepunkt-client [-hV] [--as=DIR] [--ca=FILE] [--hub=URL] COMMAND")
                .contains("--as=DIR", "--hub=URL", "--ca=FILE", "--version",
                        "$KNUTEPUNKT_HUB, else http://localhost:8080",
                        "The staff commands (distribute, dead-letters, invoicing) take --credentials FILE instead of"
                                + " --as.",
                        "Exit codes: 0 done; 1 refused by the hub, hub not reachable, or failed; 2 usage")
                .containsPattern("(?m)^  send +Sign FILE")
                .containsPattern("(?m)^  inbox +List")
                .containsPattern("(?m)^  download +Download")
                .containsPattern("(?m)^  ack +Acknowledge")
                .containsPattern("(?m)^  status +Show the status")
                .containsPattern("(?m)^  distribute +Distribute FILE to members \\(secretariat\\)")
                .containsPattern("(?m)^  dead-letters +Deliveries that failed for good \\(operator\\)")
                .containsPattern("(?m)^  invoicing +The base funding's invoicing \\(secretariat\\)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            send     | --to=ORGNR[,ORGNR...] | --type=MELDINGTYPE | --file=FILE | --klient-melding-id=ID | --korrelasjon=ID | --svar-pa=MELDINGID | --ttl=MS
            inbox    | --as=DIR              | --hub=URL          | --ca=FILE   | --help                | --help           | --help              | --help
            download | MELDINGID             | --out=FILE         | --force     | --as=DIR              | --hub=URL        | --ca=FILE           | --help
            ack      | MELDINGID             | --as=DIR           | --hub=URL   | --ca=FILE             | --help           | --help              | --help
            status   | MELDINGID             | --as=DIR           | --hub=URL   | --ca=FILE             | --help           | --help              | --help
            distribute           | --credentials=FILE | --key=NOEKKEL | --type=MELDINGTYPE | --region=REGION | --it-cooperation=NAME | --to=ORGNR[,ORGNR...] | --no-wait
            distribute           | --all              | --filename=NAME | --ttl=MS         | FILE            | counts messages made against recipients | inbox as QUEUED, like one still on its way | distribution was cancelled
            dead-letters         | COMMAND            | --hub=URL     | list               | retry           | discard              | --help                | --help
            dead-letters list    | --credentials=FILE | --hub=URL     | age                | reason          | terminal's width     | 60 characters         | --help
            dead-letters retry   | --credentials=FILE | --hub=URL     | ID                 | QUEUED again    | --help               | --help                | --help
            dead-letters discard | --credentials=FILE | --hub=URL     | ID                 | stays FAILED    | --help               | --help                | --help
            invoicing            | COMMAND            | --hub=URL     | dry-run            | --help          | --help               | --help                | --help
            invoicing dry-run    | --credentials=FILE | --hub=URL     | YEAR               | --json          | issuing nothing      | refused (403)         | --help
            """)
    void everyCommandHasHelpWithItsOptions(String command, String a, String b, String c, String d, String e,
                                           String f, String g) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");
        Cli.Result help = Cli.run(args.toArray(String[]::new));

        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: knutepunkt-client " + command + " ")
                .contains(a, b, c, d, e, f, g);
    }

    @ParameterizedTest
    @ValueSource(strings = {"distribute", "dead-letters", "dead-letters list", "dead-letters retry",
            "dead-letters discard", "invoicing", "invoicing dry-run"})
    void theStaffCommandsTakeNeitherAsNorCa(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.add("--help");

        assertThat(Cli.run(args.toArray(String[]::new)).out()).doesNotContain("--as", "--ca");
    }

    @Test
    void versionNamesTheBuildsVersion() {
        Cli.Result version = Cli.run("--version");

        assertThat(version.code()).isZero();
        assertThat(version.out().strip()).matches("knutepunkt-client \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void noArgumentsPrintTheUsageAsAUsageError() {
        Cli.Result none = Cli.run();

        assertThat(none.code()).isEqualTo(2);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).startsWith("Usage: knutepunkt-client");
    }

    @Test
    void aWrongCommandLineIsAUsageErrorThatSaysWhatIsWrong() {
        Cli.Result unknown = Cli.run("--as", "x", "inbox", "--bogus");
        Cli.Result noIdentity = Cli.run("inbox");
        Cli.Result noCommand = Cli.run("--as", "x");
        Cli.Result noRecipient = Cli.run("--as", "x", "send", "--type", "t", "--file", "f");

        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("Unknown option: '--bogus'\n"
                + "Try 'knutepunkt-client inbox --help' for more information.\n");
        assertThat(noIdentity.code()).isEqualTo(2);
        assertThat(noIdentity.err()).startsWith("Missing required option: '--as=DIR'");
        assertThat(noCommand.code()).isEqualTo(2);
        assertThat(noCommand.err()).startsWith("missing COMMAND: send, inbox, download, ack, status, distribute,"
                + " dead-letters or invoicing\n");
        assertThat(noRecipient.code()).isEqualTo(2);
        assertThat(noRecipient.err()).startsWith("Missing required option: '--to=ORGNR'");
    }
}
