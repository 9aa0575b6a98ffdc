package no.knutepunkt.platform.funding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;

class FundingModelTest {
    private final MemberRegistry vestland = Vestland.members();

    private Member member(String name) {
        return Vestland.named(vestland, name);
    }

    private List<String> orgnrs(String... names) {
        return List.of(names).stream().map(n -> member(n).orgnr()).toList();
    }

    @Test
    void theBaseShareIsFixedPlusPerInhabitantUpToTheMaximum() {
        FundingParameters p = Vestland.agreement();
        // small: Modalen, 383 inhabitants: 100 000 + 383 × 20 = 107 660 kr
        assertThat(member("Modalen").inhabitants()).isEqualTo(383);
        assertThat(FundingModel.baseShareOre(p, member("Modalen"))).isEqualTo(10_766_000L);
        // mid-sized: Etne, 4 085 inhabitants: 100 000 + 81 700 = 181 700 kr
        assertThat(member("Etne").inhabitants()).isEqualTo(4085);
        assertThat(FundingModel.baseShareOre(p, member("Etne"))).isEqualTo(18_170_000L);
        // capped: Askøy would pay 685 740 kr, Bergen 5 778 580 kr; both pay the maximum 500 000 kr
        assertThat(FundingModel.baseShareOre(p, member("Askøy"))).isEqualTo(50_000_000L);
        assertThat(FundingModel.baseShareOre(p, member("Bergen"))).isEqualTo(50_000_000L);
    }

    @Test
    void theBaseShareUsesExactOreArithmetic() {
        // 0,01 kr per inhabitant and an odd fixed amount in øre: no rounding anywhere
        FundingParameters p = new FundingParameters(2021, 123_45L, 1L, Long.MAX_VALUE, Set.of(), Map.of());
        Member m = new Member("9999", "Test", "994601008", "Bergen", Optional.empty(), 1_000_001);
        assertThat(FundingModel.baseShareOre(p, m)).isEqualTo(12_345L + 1_000_001L);
    }

    @Test
    void theFortyTwoMunicipalitiesOtherThanBergenPay10370720Kroner() {
        FundingTable table = FundingModel.compute(Vestland.withoutJointPayers(), vestland.all(), List.of());

        assertThat(vestland.size()).isEqualTo(43);
        assertThat(table.year()).isEqualTo(2021);
        assertThat(table.invoices()).hasSize(42);
        assertThat(table.grandTotalOre()).isEqualTo(1_037_072_000L);
        assertThat(Amounts.kroner(table.grandTotalOre())).isEqualTo("10 370 720,00 kr");
    }

    @Test
    void aJointPayerChangesTheInvoicesButNotTheTotal() {
        FundingTable table = FundingModel.compute(Vestland.agreement(), vestland.all(), List.of());

        assertThat(table.invoices()).hasSize(42 - 6 + 1);
        assertThat(table.grandTotalOre()).isEqualTo(1_037_072_000L);
        long sumOfLines = table.invoices().stream().flatMap(i -> i.lines().stream())
                .mapToLong(InvoiceLine::amountOre).sum();
        assertThat(sumOfLines).isEqualTo(1_037_072_000L);
        // every member except Bergen is on exactly one invoice, with exactly one base line
        assertThat(table.invoices().stream().flatMap(i -> i.membersCovered().stream()))
                .hasSize(42).doesNotHaveDuplicates().doesNotContain(Vestland.BERGEN);
        for (Member m : vestland.all()) {
            if (m.orgnr().equals(Vestland.BERGEN)) {
                continue;
            }
            PayerInvoice invoice = table.invoiceCovering(m.orgnr()).orElseThrow();
            assertThat(invoice.lines()).filteredOn(l -> l.memberOrgnr().equals(m.orgnr()))
                    .singleElement()
                    .extracting(InvoiceLine::amountOre).isEqualTo(FundingModel.baseShareOre(Vestland.agreement(), m));
        }
    }

    @Test
    void bergenFinancesItselfAndGetsNoInvoice() {
        FundingTable table = FundingModel.compute(Vestland.agreement(), vestland.all(), List.of());

        assertThat(table.invoiceTo(Vestland.BERGEN)).isEmpty();
        assertThat(table.invoiceCovering(Vestland.BERGEN)).isEmpty();
        assertThat(table.invoices()).flatMap(PayerInvoice::lines)
                .noneMatch(l -> l.memberOrgnr().equals(Vestland.BERGEN));
    }

    @Test
    void iktNordhordlandIsInvoicedJointlyToAlver() {
        FundingTable table = FundingModel.compute(Vestland.agreement(), vestland.all(), List.of());
        List<String> nordhordland = orgnrs("Modalen", "Alver", "Austrheim", "Fedje", "Masfjorden", "Gulen");

        PayerInvoice joint = table.invoiceTo(Vestland.ALVER).orElseThrow();
        assertThat(joint.payerName()).isEqualTo("Alver");
        assertThat(joint.membersCovered()).containsExactlyElementsOf(nordhordland);
        assertThat(joint.lines()).hasSize(6);
        assertThat(joint.lines()).extracting(InvoiceLine::memberOrgnr).containsExactlyElementsOf(nordhordland);
        assertThat(joint.lines().stream().mapToLong(InvoiceLine::amountOre).sum()).isEqualTo(joint.totalOre());
        // 107 660 + 500 000 (Alver, capped) + 157 340 + 111 000 + 133 320 + 146 140 kr
        assertThat(joint.totalOre()).isEqualTo(115_546_000L);
        for (String orgnr : nordhordland) {
            assertThat(table.invoiceCovering(orgnr)).contains(joint);
            if (!orgnr.equals(Vestland.ALVER)) {
                assertThat(table.invoiceTo(orgnr)).isEmpty();
            }
        }
        assertThat(joint.lines().get(1).description())
                .isEqualTo("Grunnfinansiering 2021, Alver: 100 000,00 kr + 29 123 innbyggjarar × 20,00 kr"
                        + " = 682 460,00 kr, avgrensa til maksimum 500 000,00 kr");
        assertThat(joint.lines().get(0).description())
                .isEqualTo("Grunnfinansiering 2021, Modalen: 100 000,00 kr + 383 innbyggjarar × 20,00 kr");
    }

    @Test
    void withoutAJointPayerEveryMemberOfNordhordlandPaysForItself() {
        FundingTable table = FundingModel.compute(Vestland.withoutJointPayers(), vestland.all(), List.of());

        PayerInvoice alver = table.invoiceTo(Vestland.ALVER).orElseThrow();
        assertThat(alver.membersCovered()).containsExactly(Vestland.ALVER);
        assertThat(alver.totalOre()).isEqualTo(50_000_000L);
        assertThat(table.invoiceTo(member("Modalen").orgnr())).get()
                .extracting(PayerInvoice::totalOre).isEqualTo(10_766_000L);
    }

    @Test
    void resourceUseLandsOnTheInvoiceOfWhoeverPaysForTheMember() {
        String modalen = member("Modalen").orgnr();
        String askoy = member("Askøy").orgnr();
        List<ResourceUse> use = List.of(
                new ResourceUse(modalen, "Innføring av Digisos", new BigDecimal("7.5"), 1_250_00L),
                new ResourceUse(askoy, "Arkitekturstøtte", new BigDecimal("3"), 1_000_00L),
                new ResourceUse(modalen, "Rådgjeving", new BigDecimal("0.5"), 101L));

        FundingTable table = FundingModel.compute(Vestland.agreement(), vestland.all(), use);

        // Modalen is paid for by Alver: both its resource uses follow its base line on Alver's invoice
        PayerInvoice joint = table.invoiceTo(Vestland.ALVER).orElseThrow();
        assertThat(joint.lines()).hasSize(8);
        assertThat(joint.lines().subList(0, 3)).extracting(InvoiceLine::memberOrgnr).containsOnly(modalen);
        assertThat(joint.lines().get(1).amountOre()).isEqualTo(937_500L);  // 7,5 t × 1 250 kr = 9 375 kr
        assertThat(joint.lines().get(1).description())
                .isEqualTo("Uttak av ressursar frå felles kompetansemiljø, Modalen: Innføring av Digisos"
                        + " (7,5 t × 1 250,00 kr)");
        assertThat(joint.lines().get(2).amountOre()).isEqualTo(51L);  // 0,5 t × 1,01 kr = 50,5 øre, half-up
        assertThat(joint.totalOre()).isEqualTo(115_546_000L + 937_500L + 51L);

        PayerInvoice askoyInvoice = table.invoiceTo(askoy).orElseThrow();
        assertThat(askoyInvoice.lines()).extracting(InvoiceLine::amountOre).containsExactly(50_000_000L, 300_000L);
        assertThat(askoyInvoice.totalOre()).isEqualTo(50_300_000L);

        assertThat(table.invoices()).hasSize(37);
        assertThat(table.grandTotalOre()).isEqualTo(1_037_072_000L + 937_500L + 51L + 300_000L);
    }

    @Test
    void resourceUseIsRoundedHalfUpToWholeOre() {
        String orgnr = Vestland.ALVER;
        assertThat(new ResourceUse(orgnr, "x", new BigDecimal("0.5"), 101L).amountOre()).isEqualTo(51L);
        assertThat(new ResourceUse(orgnr, "x", new BigDecimal("0.5"), 99L).amountOre()).isEqualTo(50L);
        assertThat(new ResourceUse(orgnr, "x", new BigDecimal("0.333"), 1_000_01L).amountOre()).isEqualTo(33_300L);
        assertThat(new ResourceUse(orgnr, "x", new BigDecimal("1.25"), 1_000_00L).amountOre()).isEqualTo(125_000L);
        assertThatThrownBy(() -> new ResourceUse(orgnr, "x", new BigDecimal("-1"), 100L))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resourceUseByASelfFinancingMemberOrANonMemberIsRefused() {
        List<ResourceUse> bergen = List.of(new ResourceUse(Vestland.BERGEN, "Kurs", BigDecimal.ONE, 100_00L));
        assertThatThrownBy(() -> FundingModel.compute(Vestland.agreement(), vestland.all(), bergen))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("self-financing");

        List<ResourceUse> stranger = List.of(new ResourceUse("974760673", "Kurs", BigDecimal.ONE, 100_00L));
        assertThatThrownBy(() -> FundingModel.compute(Vestland.agreement(), vestland.all(), stranger))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a member");
    }

    @Test
    void aMisspeltCooperationOrAnUnknownPayerIsRefused() {
        FundingParameters misspelt = FundingParameters.agreement(2021, Set.of(Vestland.BERGEN),
                Map.of("IKT-Nordhordland", Vestland.ALVER));
        assertThatThrownBy(() -> FundingModel.compute(misspelt, vestland.all(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IKT-Nordhordland");

        FundingParameters stranger = FundingParameters.agreement(2021, Set.of(Vestland.BERGEN),
                Map.of(Vestland.IKT_NORDHORDLAND, "974760673"));
        assertThatThrownBy(() -> FundingModel.compute(stranger, vestland.all(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a member");

        FundingParameters selfFinancingPayer = FundingParameters.agreement(2021, Set.of(Vestland.BERGEN),
                Map.of(Vestland.IKT_NORDHORDLAND, Vestland.BERGEN));
        assertThatThrownBy(() -> FundingModel.compute(selfFinancingPayer, vestland.all(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("self-financing");
    }

    @Test
    void anInvoiceWhoseTotalIsNotTheSumOfItsLinesCannotBeBuilt() {
        InvoiceLine line = new InvoiceLine(Vestland.ALVER, "Alver", "Grunnfinansiering", 100L);
        assertThatThrownBy(() -> new PayerInvoice(Vestland.ALVER, "Alver", List.of(Vestland.ALVER), List.of(line), 101L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PayerInvoice.of(Vestland.ALVER, "Alver", List.of(Vestland.ALVER), List.of(line)).totalOre())
                .isEqualTo(100L);
    }

    @Test
    void amountsAreFormattedFromOreWithoutRounding() {
        assertThat(Amounts.decimal(1_037_072_000L)).isEqualTo("10370720.00");
        assertThat(Amounts.decimal(51L)).isEqualTo("0.51");
        assertThat(Amounts.decimal(0L)).isEqualTo("0.00");
        assertThat(Amounts.decimal(-5L)).isEqualTo("-0.05");
        assertThat(Amounts.decimal(Long.MAX_VALUE)).isEqualTo("92233720368547758.07");
        assertThat(Amounts.kroner(10_766_000L)).isEqualTo("107 660,00 kr");
        assertThat(Amounts.kroner(-123_456_78L)).isEqualTo("-123 456,78 kr");
        assertThat(Amounts.grouped(29_123)).isEqualTo("29 123");
    }
}
