package no.knutepunkt.client;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** dead-letters: the operators' list of deliveries that failed for good; list, retry, discard. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "Deliveries that failed for good (operator): list them, put one back on its connector's queue,"
                + " or discard one.",
        subcommands = {DeadLettersCommand.ListCommand.class, DeadLettersCommand.RetryCommand.class,
                DeadLettersCommand.DiscardCommand.class})
final class DeadLettersCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: list, retry or discard");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"List the dead letters, oldest first, as a table: id, meldingId, mottaker, connector, age"
                    + " (how long ago it failed: s, m, h, d) and reason.",
                    "The reason is cut to fit the terminal's width, or to " + ListCommand.REASON + " characters when"
                            + " the output is not a terminal."})
    static final class ListCommand implements Callable<Integer> {
        static final int REASON = 60;

        @Mixin
        private StaffLogin login;

        @Override
        public Integer call() throws Exception {
            JsonNode letters = login.hub().deadLetters();
            if (letters.isEmpty()) {
                login.out().println("no dead letters");
                return 0;
            }
            Shell shell = login.cli().shell();
            Instant now = shell.clock().instant();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"ID", "MELDINGID", "MOTTAKER", "CONNECTOR", "AGE", "REASON"});
            for (JsonNode letter : letters) {
                rows.add(new String[] {letter.path("id").asString(), letter.path("meldingId").asString(),
                        letter.path("mottaker").asString(), letter.path("connector").asString(),
                        age(letter.path("at").asString(), now),
                        letter.path("reason").asString().strip().replaceAll("\\s+", " ")});
            }
            int[] widths = new int[5];
            for (String[] row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            int before = 0;
            for (int width : widths) {
                before += width + 2;
            }
            int reason = shell.terminal() && shell.columns() > 0
                    ? Math.max(shell.columns() - 1 - before, "REASON".length()) : REASON;
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < widths.length; i++) {
                    String cell = row[i];
                    line.append(i == 0 ? " ".repeat(widths[i] - cell.length()) + cell
                            : cell + " ".repeat(widths[i] - cell.length())).append("  ");
                }
                login.out().println(line.append(cut(row[5], reason)));
            }
            return 0;
        }

        /** How long ago {@code at} was, in its largest whole unit: 45s, 12m, 5h, 3d ("?" if it is no instant). */
        static String age(String at, Instant now) {
            long seconds;
            try {
                seconds = Math.max(0, Duration.between(Instant.parse(at), now).getSeconds());
            } catch (DateTimeParseException e) {
                return "?";
            }
            if (seconds < 60) {
                return seconds + "s";
            }
            if (seconds < 3600) {
                return seconds / 60 + "m";
            }
            if (seconds < 86400) {
                return seconds / 3600 + "h";
            }
            return seconds / 86400 + "d";
        }

        /** {@code text} in at most {@code width} characters, "..." ending what was cut. */
        static String cut(String text, int width) {
            return text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Put a dead letter's delivery back on its connector's queue: it is QUEUED again and off the"
                    + " list.")
    static final class RetryCommand implements Callable<Integer> {
        @Mixin
        private StaffLogin login;

        @Parameters(paramLabel = "ID", description = "the dead letter's id (from list)")
        private long id;

        @Override
        public Integer call() throws Exception {
            JsonNode letter = login.hub().retryDeadLetter(id);
            login.out().println("dead letter " + id + " retried: the delivery of " + letter.path("meldingId").asString()
                    + " to " + letter.path("mottaker").asString() + " is " + letter.path("status").asString()
                    + " again on connector " + letter.path("connector").asString());
            return 0;
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = "Take a dead letter off the list; its delivery stays FAILED.")
    static final class DiscardCommand implements Callable<Integer> {
        @Mixin
        private StaffLogin login;

        @Parameters(paramLabel = "ID", description = "the dead letter's id (from list)")
        private long id;

        @Override
        public Integer call() throws Exception {
            login.hub().discardDeadLetter(id);
            login.out().println("dead letter " + id + " discarded: its delivery stays FAILED");
            return 0;
        }
    }
}
