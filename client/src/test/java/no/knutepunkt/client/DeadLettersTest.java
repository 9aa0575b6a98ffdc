package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.platform.identity.Role;
import org.junit.jupiter.api.Test;

/** dead-letters list, retry and discard: what they ask the hub, print, and how they are refused. */
class DeadLettersTest extends StandInHubTest {
    static final String PATH = "/api/v1/dead-letters";
    static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    static final String M3 = "0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0003";
    static final String M12 = "0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0012";
    static final String M107 = "0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0107";
    static final String LONG_REASON = "permanent failure: HTTP 400 from https://arkiv.example.no/noark5/api:"
            + " the arkivmelding names no saksmappe with that external key";
    /** As the hub lists them (its DeadLetterView), oldest first. */
    static final String LIST = """
            [{"id": 3, "meldingId": "%s", "mottaker": "994602004", "connector": "fiksio",
              "reason": "delivery attempts exhausted on knutepunkt.deliver.fiksio", "at": "2025-02-25T09:00:00Z"},
             {"id": 12, "meldingId": "%s", "mottaker": "974600951", "connector": "noark5",
              "reason": "%s", "at": "2025-03-01T07:00:00Z"},
             {"id": 107, "meldingId": "%s", "mottaker": "994601008", "connector": "peppol",
              "reason": "permanent failure:\\n HTTP 422   from the access point", "at": "2025-03-01T09:59:15Z"}]
            """.formatted(M3, M12, LONG_REASON, M107);

    @Test
    void listIsATableWithTheAgeAndTheReasonCutTo60CharactersWhenTheOutputIsNoTerminal() {
        hub.answer("GET", PATH, StandInHub.Answer.json(200, LIST));

        Cli.Result result = operator(shell(false, 0), "list");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("""
                 ID  MELDINGID                             MOTTAKER   CONNECTOR  AGE  REASON
                  3  0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0003  994602004  fiksio     4d   delivery attempts exhausted on knutepunkt.deliver.fiksio
                 12  0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0012  974600951  noark5     3h   permanent failure: HTTP 400 from https://arkiv.example.no...
                107  0b7c3c4e-1111-4a0e-9d59-2f1b3c0d0107  994601008  peppol     45s  permanent failure: HTTP 422 from the access point
                """);
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("GET");
            assertThat(r.path()).isEqualTo(PATH);
            assertThat(r.header("Authorization")).isEqualTo(basic(members.staff(Role.OPERATOR)));
        });
    }

    @Test
    void onATerminalTheReasonIsCutToItsWidth() {
        hub.answer("GET", PATH, StandInHub.Answer.json(200, LIST));

        Cli.Result wide = operator(shell(true, 100), "list");
        Cli.Result narrow = operator(shell(true, 40), "list");

        assertThat(wide.code()).isZero();
        assertThat(wide.out().lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(99))
                .anySatisfy(line -> assertThat(line).endsWith("  3h   permanent failure: HTTP 40..."));
        // narrower than the other columns: the reason keeps the width of its heading
        assertThat(narrow.out().lines()).element(2).asString().endsWith("  3h   per...");
    }

    @Test
    void anEmptyListSaysSo() {
        hub.answer("GET", PATH, StandInHub.Answer.json(200, "[]"));

        Cli.Result result = operator(shell(false, 0), "list");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("no dead letters\n");
    }

    @Test
    void retryPutsTheDeliveryBackOnItsQueue() {
        hub.answer("POST", PATH + "/12/retry", StandInHub.Answer.json(202, """
                {"id": 12, "meldingId": "%s", "mottaker": "974600951", "connector": "noark5",
                 "reason": "%s", "at": "2025-03-01T07:00:00Z", "status": "QUEUED"}""".formatted(M12, LONG_REASON)));

        Cli.Result result = operator(shell(false, 0), "retry", "12");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("dead letter 12 retried: the delivery of " + M12
                + " to 974600951 is QUEUED again on connector noark5\n");
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo(PATH + "/12/retry");
            assertThat(r.body()).isEmpty();
            assertThat(r.header("Authorization")).isEqualTo(basic(members.staff(Role.OPERATOR)));
        });
    }

    @Test
    void discardTakesItOffTheList() {
        hub.answer("DELETE", PATH + "/12", StandInHub.Answer.noContent());

        Cli.Result result = operator(shell(false, 0), "discard", "12");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("dead letter 12 discarded: its delivery stays FAILED\n");
        assertThat(hub.requests()).extracting(r -> r.method() + " " + r.path()).containsExactly("DELETE " + PATH + "/12");
    }

    @Test
    void refusalsAreOneLineWithTheProblemAndExitCode1() {
        hub.answer("POST", PATH + "/99/retry", StandInHub.Answer.problem(404, "not-found", "Not found",
                "no dead letter 99"));
        hub.answer("POST", PATH + "/12/retry", StandInHub.Answer.problem(409, "not-retryable", "Cannot be retried",
                "dead letter 12 is gone or its delivery is no longer FAILED"));
        hub.answer("DELETE", PATH + "/99", StandInHub.Answer.problem(404, "not-found", "Not found",
                "no dead letter 99"));
        hub.answer("GET", PATH, StandInHub.Answer.forbidden(PATH));

        Cli.Result unknown = operator(shell(false, 0), "retry", "99");
        Cli.Result notRetryable = operator(shell(false, 0), "retry", "12");
        Cli.Result discardUnknown = operator(shell(false, 0), "discard", "99");
        Cli.Result secretariat = Cli.run(shell(false, 0), "dead-letters", "list", "--credentials",
                members.staff(Role.SECRETARIAT).toString(), "--hub", hub.url());

        assertThat(List.of(unknown, notRetryable, discardUnknown, secretariat)).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).hasLineCount(1);
        });
        assertThat(unknown.err()).isEqualTo("refused by the hub: HTTP 404: Not found: no dead letter 99"
                + " (urn:knutepunkt:problem:not-found)\n");
        assertThat(notRetryable.err()).isEqualTo("refused by the hub: HTTP 409: Cannot be retried: dead letter 12 is"
                + " gone or its delivery is no longer FAILED (urn:knutepunkt:problem:not-retryable)\n");
        assertThat(discardUnknown.err()).isEqualTo(unknown.err());
        assertThat(secretariat.err()).isEqualTo("refused by the hub: HTTP 403: Not allowed for this role: the"
                + " credentials are valid, but their role may not use /api/v1/dead-letters"
                + " (urn:knutepunkt:problem:forbidden)\n");
    }

    @Test
    void usageErrorsAreExitCode2AndAskTheHubNothing() {
        Cli.Result noCommand = operator(shell(false, 0));
        Cli.Result noId = operator(shell(false, 0), "retry");
        Cli.Result notANumber = operator(shell(false, 0), "discard", "abc");
        Cli.Result unknown = operator(shell(false, 0), "list", "--bogus");
        Cli.Result noCredentials = Cli.run(shell(false, 0), "dead-letters", "list", "--hub", hub.url());

        assertThat(List.of(noCommand, noId, notANumber, unknown, noCredentials)).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
        });
        assertThat(noCommand.err()).isEqualTo("missing COMMAND: list, retry or discard\n"
                + "Try 'knutepunkt-client dead-letters --help' for more information.\n");
        assertThat(noId.err()).startsWith("Missing required parameter: 'ID'\n");
        assertThat(notANumber.err()).startsWith("Invalid value for positional parameter at index 0 (ID): 'abc' is not"
                + " a long\n");
        assertThat(unknown.err()).isEqualTo("Unknown option: '--bogus'\n"
                + "Try 'knutepunkt-client dead-letters list --help' for more information.\n");
        assertThat(noCredentials.err()).startsWith("Missing required option: '--credentials=FILE'\n");
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void theAgeIsInItsLargestWholeUnit() {
        assertThat(DeadLettersCommand.ListCommand.age("2025-03-01T10:00:00Z", NOW)).isEqualTo("0s");
        assertThat(DeadLettersCommand.ListCommand.age("2025-03-01T09:00:01Z", NOW)).isEqualTo("59m");
        assertThat(DeadLettersCommand.ListCommand.age("2025-02-28T10:00:01Z", NOW)).isEqualTo("23h");
        assertThat(DeadLettersCommand.ListCommand.age("2025-02-28T10:00:00Z", NOW)).isEqualTo("1d");
        assertThat(DeadLettersCommand.ListCommand.age("2025-03-01T10:00:05Z", NOW)).isEqualTo("0s");
        assertThat(DeadLettersCommand.ListCommand.age("yesterday", NOW)).isEqualTo("?");
    }

    private static Shell shell(boolean terminal, int columns) {
        return new Shell(Map.of(), terminal, columns, Clock.fixed(NOW, ZoneOffset.UTC), duration -> { });
    }

    /** dead-letters {@code args} as the operator. */
    private Cli.Result operator(Shell shell, String... args) {
        List<String> all = new ArrayList<>(List.of("dead-letters"));
        all.addAll(List.of(args));
        if (args.length > 0) {
            all.addAll(List.of("--credentials", members.staff(Role.OPERATOR).toString(), "--hub", hub.url()));
        }
        return Cli.run(shell, all.toArray(String[]::new));
    }
}
