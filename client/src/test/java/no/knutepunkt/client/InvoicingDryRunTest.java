package no.knutepunkt.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.knutepunkt.platform.identity.Role;
import org.junit.jupiter.api.Test;

/** invoicing dry-run: what it asks the hub, the table it prints, --json, refusals and usage errors. */
class InvoicingDryRunTest extends StandInHubTest {
    static final String PATH = "/api/v1/invoicing-runs";
    /**
     * A dry run as the hub answers it (its InvoicingViews.DryRun), for three payers: Kinn, Bjørnafjorden (capped at
     * the maximum), and Alver paying for IKT Nordhordland's three members here; Bergen finances itself.
     */
    static final String DRY_RUN = "{\"year\":2021,\"dryRun\":true,\"correction\":false,\"invoices\":["
            + invoice("994602004", "Kinn", 44210000, line("994602004", "Kinn", 44210000))
            + "," + invoice("994624008", "Bjørnafjorden", 50000000, line("994624008", "Bjørnafjorden", 50000000))
            + "," + invoice("994631004", "Alver", 76834000, line("994631004", "Alver", 50000000),
                    line("994632000", "Austrheim", 15734000), line("994633007", "Fedje", 11100000))
            + "],\"count\":3,\"invoicedOre\":171044000,\"invoiced\":\"1710440.00\",\"creditedOre\":0,"
            + "\"credited\":\"0.00\",\"netOre\":171044000,\"net\":\"1710440.00\",\"grandTotalOre\":171044000,"
            + "\"grandTotal\":\"1710440.00\",\"selfFinancing\":[{\"orgnr\":\"994601008\",\"name\":\"Bergen\","
            + "\"percent\":47,\"amountOre\":916500000,\"amount\":\"9165000.00\"}],\"need\":{\"totalOre\":1950000000,"
            + "\"total\":\"19500000.00\",\"remainingOre\":1033500000,\"remaining\":\"10335000.00\","
            + "\"balanceOre\":-862456000,\"balance\":\"-8624560.00\"}}";

    @Test
    void printsTheTableTheTotalsAndTheNeedOfTheHubsAnswer() {
        hub.answer("POST", PATH, StandInHub.Answer.json(200, DRY_RUN));

        Cli.Result result = dryRun("2021");

        assertThat(result.err()).isEmpty();
        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("""
                PAYER      NAME           LINES      TOTAL
                994602004  Kinn               1  442100.00
                994624008  Bjørnafjorden      1  500000.00
                994631004  Alver              3  768340.00

                total: 3 invoices, 1710440.00 kr
                funding table: 1710440.00 kr
                self-financing: 994601008 Bergen, 47 % of the need, 9165000.00 kr (no invoice)
                need: 19500000.00 kr, 10335000.00 kr of it left after self-financing; balance of the key against it: \
                -8624560.00 kr
                """);
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo(PATH);
            assertThat(r.header("Content-Type")).isEqualTo("application/json");
            assertThat(r.header("Authorization")).isEqualTo(basic(members.staff(Role.SECRETARIAT)));
            assertThat(ClientJson.MAPPER.readTree(r.body()))
                    .isEqualTo(ClientJson.MAPPER.readTree("{\"year\": 2021, \"dryRun\": true}"));
        });
    }

    @Test
    void jsonPrintsTheAnswerAsItCame() {
        hub.answer("POST", PATH, StandInHub.Answer.json(200, DRY_RUN));

        Cli.Result result = dryRun("2021", "--json");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo(DRY_RUN + "\n");
    }

    @Test
    void aYearWithoutNeedOrSelfFinancingAndInvoicedAlreadyShowsWhatItHas() {
        hub.answer("POST", PATH, StandInHub.Answer.json(200, "{\"year\":2022,\"dryRun\":true,\"correction\":false,"
                + "\"invoices\":[" + invoice("994602004", "Kinn", 44210000, line("994602004", "Kinn", 44210000))
                + "],\"count\":1,\"invoicedOre\":44210000,\"invoiced\":\"442100.00\",\"creditedOre\":0,"
                + "\"credited\":\"0.00\",\"netOre\":44210000,\"net\":\"442100.00\",\"grandTotalOre\":44210000,"
                + "\"grandTotal\":\"442100.00\",\"selfFinancing\":[],\"alreadyInvoiced\":{\"runId\":\"r-2022\","
                + "\"createdAt\":\"2025-01-15T08:30:00Z\"}}"));

        Cli.Result result = dryRun("2022");

        assertThat(result.code()).isZero();
        assertThat(result.out()).isEqualTo("""
                PAYER      NAME  LINES      TOTAL
                994602004  Kinn      1  442100.00

                total: 1 invoice, 442100.00 kr
                funding table: 442100.00 kr
                already invoiced: run r-2022 of 2025-01-15T08:30:00Z
                """);
    }

    @Test
    void refusalsAreOneLineWithTheProblemAndExitCode1() {
        hub.answer("POST", PATH, StandInHub.Answer.forbidden(PATH));
        Cli.Result operator = Cli.run(Map.of(), "invoicing", "dry-run", "2021", "--credentials",
                members.staff(Role.OPERATOR).toString(), "--hub", hub.url());
        hub.answer("POST", PATH, StandInHub.Answer.problem(422, "unknown-funding-year", "No funding parameters",
                "no funding parameters are configured for 2031 (knutepunkt.invoicing.years.2031); configured: [2021]"));
        Cli.Result unknownYear = dryRun("2031");
        hub.answer("POST", PATH, StandInHub.Answer.problem(409, "invoicing-misconfigured", "Invoicing misconfigured",
                "the invoicing configuration for 2021 is wrong: no issuer; nothing was issued"));
        Cli.Result misconfigured = dryRun("2021", "--json");

        assertThat(List.of(operator, unknownYear, misconfigured)).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).hasLineCount(1);
        });
        assertThat(operator.err()).isEqualTo("refused by the hub: HTTP 403: Not allowed for this role: the credentials"
                + " are valid, but their role may not use /api/v1/invoicing-runs (urn:knutepunkt:problem:forbidden)\n");
        assertThat(unknownYear.err()).isEqualTo("refused by the hub: HTTP 422: No funding parameters: no funding"
                + " parameters are configured for 2031 (knutepunkt.invoicing.years.2031); configured: [2021]"
                + " (urn:knutepunkt:problem:unknown-funding-year)\n");
        assertThat(misconfigured.err()).isEqualTo("refused by the hub: HTTP 409: Invoicing misconfigured: the"
                + " invoicing configuration for 2021 is wrong: no issuer; nothing was issued"
                + " (urn:knutepunkt:problem:invoicing-misconfigured)\n");
    }

    @Test
    void usageErrorsAreExitCode2AndAskTheHubNothing() {
        Cli.Result noCommand = Cli.run("invoicing", "--hub", hub.url());
        Cli.Result noYear = dryRun();
        Cli.Result notAYear = dryRun("tjuetjueein");
        Cli.Result unknown = dryRun("2021", "--correction");
        Cli.Result noCredentials = Cli.run("invoicing", "dry-run", "2021", "--hub", hub.url());

        assertThat(List.of(noCommand, noYear, notAYear, unknown, noCredentials)).allSatisfy(r -> {
            assertThat(r.code()).isEqualTo(2);
            assertThat(r.out()).isEmpty();
        });
        assertThat(noCommand.err()).startsWith("missing COMMAND: dry-run\n");
        assertThat(noYear.err()).startsWith("Missing required parameter: 'YEAR'\n");
        assertThat(notAYear.err()).startsWith("Invalid value for positional parameter at index 0 (YEAR):"
                + " 'tjuetjueein' is not an int\n");
        assertThat(unknown.err()).isEqualTo("Unknown option: '--correction'\n"
                + "Try 'knutepunkt-client invoicing dry-run --help' for more information.\n");
        assertThat(noCredentials.err()).startsWith("Missing required option: '--credentials=FILE'\n");
        assertThat(hub.requests()).isEmpty();
    }

    /** invoicing dry-run as the secretariat. */
    private Cli.Result dryRun(String... args) {
        List<String> all = new ArrayList<>(List.of("invoicing", "dry-run"));
        all.addAll(List.of(args));
        all.addAll(List.of("--credentials", members.staff(Role.SECRETARIAT).toString(), "--hub", hub.url()));
        return Cli.run(all.toArray(String[]::new));
    }

    private static String invoice(String orgnr, String name, long totalOre, String... lines) {
        StringBuilder covered = new StringBuilder();
        for (String line : lines) {
            String member = line.replaceFirst("^\\{(\"orgnr\":\"[0-9]+\",\"name\":\"[^\"]+\").*", "$1");
            covered.append(covered.isEmpty() ? "" : ",").append('{').append(member).append('}');
        }
        return "{\"kind\":\"INVOICE\",\"payer\":{\"orgnr\":\"" + orgnr + "\",\"name\":\"" + name + "\"},"
                + "\"membersCovered\":[" + covered + "],\"lines\":[" + String.join(",", lines) + "],"
                + "\"totalOre\":" + totalOre + ",\"total\":\"" + kroner(totalOre) + "\"}";
    }

    private static String line(String orgnr, String name, long amountOre) {
        return "{\"orgnr\":\"" + orgnr + "\",\"name\":\"" + name + "\",\"description\":\"Grunnfinansiering 2021, "
                + name + ": 100 000,00 + innbyggjarar × 20,00\",\"amountOre\":" + amountOre + ",\"amount\":\""
                + kroner(amountOre) + "\"}";
    }

    private static String kroner(long ore) {
        return java.math.BigDecimal.valueOf(ore, 2).toPlainString();
    }
}
