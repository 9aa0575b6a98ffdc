package no.knutepunkt.client;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** invoicing: the base funding's invoicing runs; dry-run shows what a run would issue. */
@Command(name = "invoicing", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        description = "The base funding's invoicing (secretariat): what a run for a year would issue.",
        subcommands = InvoicingCommand.DryRunCommand.class)
final class InvoicingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    /** Without a command: a usage error. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing COMMAND: dry-run");
    }

    @Command(name = "dry-run", mixinStandardHelpOptions = true,
            description = {"Show what an invoicing run for YEAR would issue, issuing nothing: per invoice the payer,"
                    + " its name, the number of lines and the total in kroner; then the totals, the self-financing"
                    + " members, the year's need and the key's balance against it, as the hub's answer has them.",
                    "The hub lets the secretariat run it; an operator's credentials are refused (403)."})
    static final class DryRunCommand implements Callable<Integer> {
        @Mixin
        private StaffLogin login;

        @Parameters(paramLabel = "YEAR", description = "the year to invoice, e.g. 2021")
        private int year;

        @Option(names = "--json", description = "print the hub's answer as it came (JSON) instead of the table")
        private boolean json;

        @Override
        public Integer call() throws Exception {
            byte[] answer = login.hub().invoicingRun(new HubClient.InvoicingRun(year, true));
            if (json) {
                String text = new String(answer, StandardCharsets.UTF_8);
                login.out().print(text.endsWith("\n") ? text : text + "\n");
                login.out().flush();
                return 0;
            }
            JsonNode run = ClientJson.MAPPER.readTree(answer);
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PAYER", "NAME", "LINES", "TOTAL"});
            for (JsonNode invoice : run.path("invoices")) {
                rows.add(new String[] {invoice.path("payer").path("orgnr").asString(),
                        invoice.path("payer").path("name").asString(),
                        String.valueOf(invoice.path("lines").size()), kroner(invoice.path("totalOre"))});
            }
            int[] widths = new int[4];
            for (String[] row : rows) {
                for (int i = 0; i < widths.length; i++) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
            for (String[] row : rows) {
                login.out().println(left(row[0], widths[0]) + "  " + left(row[1], widths[1]) + "  "
                        + right(row[2], widths[2]) + "  " + right(row[3], widths[3]));
            }
            login.out().println();
            for (String line : summary(run)) {
                login.out().println(line);
            }
            return 0;
        }

        /**
         * The lines under the table: the total invoiced (a dry run that is no correction credits nothing), the funding
         * table's total, the self-financing members, the need and the key's balance, an earlier run of the year.
         */
        static List<String> summary(JsonNode run) {
            List<String> lines = new ArrayList<>();
            int count = run.path("count").asInt();
            lines.add("total: " + count + (count == 1 ? " invoice, " : " invoices, ") + kroner(run.path("invoicedOre"))
                    + " kr");
            lines.add("funding table: " + kroner(run.path("grandTotalOre")) + " kr");
            for (JsonNode member : run.path("selfFinancing")) {
                lines.add("self-financing: " + member.path("orgnr").asString() + " " + member.path("name").asString()
                        + (member.has("percent") ? ", " + member.path("percent").asString() + " % of the need" : "")
                        + (member.has("amountOre") ? ", " + kroner(member.path("amountOre")) + " kr" : "")
                        + " (no invoice)");
            }
            JsonNode need = run.path("need");
            if (need.isObject()) {
                lines.add("need: " + kroner(need.path("totalOre")) + " kr, " + kroner(need.path("remainingOre"))
                        + " kr of it left after self-financing; balance of the key against it: "
                        + kroner(need.path("balanceOre")) + " kr");
            }
            JsonNode earlier = run.path("alreadyInvoiced");
            if (earlier.isObject()) {
                lines.add("already invoiced: run " + earlier.path("runId").asString() + " of "
                        + earlier.path("createdAt").asString());
            }
            return lines;
        }

        /** Øre as kroner with two decimals. */
        static String kroner(JsonNode ore) {
            return BigDecimal.valueOf(ore.asLong(), 2).toPlainString();
        }

        private static String left(String text, int width) {
            return text + " ".repeat(width - text.length());
        }

        private static String right(String text, int width) {
            return " ".repeat(width - text.length()) + text;
        }
    }
}
