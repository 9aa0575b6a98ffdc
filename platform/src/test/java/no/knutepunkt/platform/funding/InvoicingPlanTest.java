package no.knutepunkt.platform.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import no.knutepunkt.platform.funding.InvoicingPlan.Kind;
import no.knutepunkt.platform.funding.InvoicingPlan.Outstanding;
import no.knutepunkt.platform.funding.InvoicingPlan.Planned;
import no.knutepunkt.platform.member.MemberRegistry;

class InvoicingPlanTest {
    private final MemberRegistry vestland = Vestland.members();
    private final FundingTable table = FundingModel.compute(Vestland.agreement(), vestland.all(), List.of());

    /** The table as issued: invoice number i+1 for the i-th invoice. */
    private List<Outstanding> issued(FundingTable t) {
        List<Outstanding> out = new ArrayList<>();
        for (PayerInvoice invoice : t.invoices()) {
            out.add(new Outstanding("DV2021-" + (out.size() + 1), invoice));
        }
        return out;
    }

    @Test
    void theFirstRunInvoicesEveryPayerInTheTablesOrder() {
        List<Planned> plan = InvoicingPlan.first(table);

        assertThat(plan).hasSize(37);
        assertThat(plan).extracting(Planned::kind).containsOnly(Kind.INVOICE);
        assertThat(plan).extracting(Planned::invoice).containsExactlyElementsOf(table.invoices());
        assertThat(plan).extracting(Planned::credits).containsOnly(Optional.empty());
    }

    @Test
    void aCorrectionOfAnUnchangedYearIssuesNothing() {
        assertThat(InvoicingPlan.correction(issued(table), table)).isEmpty();
    }

    @Test
    void aChangedInvoiceIsCreditedInFullAndIssuedAnew() {
        String askoy = Vestland.named(vestland, "Askøy").orgnr();
        FundingTable withUse = FundingModel.compute(Vestland.agreement(), vestland.all(),
                List.of(new ResourceUse(askoy, "Arkitekturstøtte", new BigDecimal("3"), 1_000_00L)));
        List<Outstanding> issued = issued(table);
        Outstanding askoysInvoice = issued.stream().filter(o -> o.invoice().payerOrgnr().equals(askoy)).findFirst()
                .orElseThrow();

        List<Planned> plan = InvoicingPlan.correction(issued, withUse);

        assertThat(plan).hasSize(2);
        assertThat(plan.get(0).kind()).isEqualTo(Kind.CREDIT_NOTE);
        assertThat(plan.get(0).credits()).contains(askoysInvoice.number());
        assertThat(plan.get(0).invoice()).isEqualTo(askoysInvoice.invoice());
        assertThat(plan.get(1).kind()).isEqualTo(Kind.INVOICE);
        assertThat(plan.get(1).invoice()).isEqualTo(withUse.invoiceTo(askoy).orElseThrow());
        assertThat(plan.get(1).invoice().totalOre() - askoysInvoice.invoice().totalOre()).isEqualTo(3_000_00L);
    }

    @Test
    void aPayerNoLongerInTheTableIsCreditedAndANewPayerInvoiced() {
        // IKT Nordhordland stops paying jointly: Alver's joint invoice is credited, its six members pay for themselves
        FundingTable separately = FundingModel.compute(Vestland.withoutJointPayers(), vestland.all(), List.of());

        List<Planned> plan = InvoicingPlan.correction(issued(table), separately);

        // Alver itself is still a payer, with other lines: credit its joint invoice, invoice its own share
        assertThat(plan).filteredOn(p -> p.kind() == Kind.CREDIT_NOTE).hasSize(1)
                .allSatisfy(p -> assertThat(p.invoice().payerOrgnr()).isEqualTo(Vestland.ALVER));
        assertThat(plan).filteredOn(p -> p.kind() == Kind.INVOICE).hasSize(6)
                .extracting(p -> p.invoice().lines().size()).containsOnly(1);
        long credited = plan.stream().filter(p -> p.kind() == Kind.CREDIT_NOTE).mapToLong(p -> p.invoice().totalOre())
                .sum();
        long invoiced = plan.stream().filter(p -> p.kind() == Kind.INVOICE).mapToLong(p -> p.invoice().totalOre())
                .sum();
        assertThat(invoiced).isEqualTo(credited).isEqualTo(115_546_000L);
    }

    @Test
    void anOutstandingInvoiceOfAPayerThatIsGoneIsOnlyCredited() {
        // Kinn becomes self-financing: its invoice is credited and nothing replaces it
        String kinn = Vestland.named(vestland, "Kinn").orgnr();
        FundingTable withoutKinn = FundingModel.compute(FundingParameters.agreement(2021, Set.of(Vestland.BERGEN, kinn),
                Map.of(Vestland.IKT_NORDHORDLAND, Vestland.ALVER)), vestland.all(), List.of());

        List<Planned> plan = InvoicingPlan.correction(issued(table), withoutKinn);

        assertThat(plan).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(Kind.CREDIT_NOTE);
            assertThat(p.invoice().payerOrgnr()).isEqualTo(kinn);
        });
    }

    @Test
    void twoOutstandingInvoicesToOnePayerAreRefused() {
        List<Outstanding> issued = new ArrayList<>(issued(table));
        issued.add(new Outstanding("DV2021-99", table.invoices().get(0)));

        assertThatThrownBy(() -> InvoicingPlan.correction(issued, table))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DV2021-99");
    }

    @Test
    void onlyACreditNoteNamesTheInvoiceItCredits() {
        PayerInvoice invoice = table.invoices().get(0);
        assertThatThrownBy(() -> new Planned(Kind.CREDIT_NOTE, invoice, Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Planned(Kind.INVOICE, invoice, Optional.of("DV2021-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
