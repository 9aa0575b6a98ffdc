package no.knutepunkt.hub.secretariat.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.config.KnutepunktProperties;
import no.knutepunkt.platform.member.MemberRegistry;
import org.junit.jupiter.api.Test;

/** The invoicing configuration as the funding model's objects, and what stops the start. */
class FundingYearsTest {
    private static final MemberRegistry REGISTRY = registry();

    private static MemberRegistry registry() {
        try (Reader reader = Files.newBufferedReader(Path.of("../config/members/vestland.csv"),
                StandardCharsets.UTF_8)) {
            return MemberRegistry.load("vestland.csv", reader, new KnutepunktProperties().getMembers().getRegions());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seed's 2021 parameters, Bergen as issuer. */
    private static KnutepunktProperties.Invoicing config() {
        KnutepunktProperties.Invoicing config = new KnutepunktProperties().getInvoicing();
        config.getIssuer().setOrgnr("994601008");
        config.getIssuer().setAccount("15061234567");
        KnutepunktProperties.FundingYear y = new KnutepunktProperties.FundingYear();
        y.setFixedPerMember(new BigDecimal("100000"));
        y.setPerInhabitant(new BigDecimal("20"));
        y.setMaxPerMember(new BigDecimal("500000.00"));
        y.setSelfFinancing(new java.util.LinkedHashMap<>(Map.of("994601008", 47)));
        y.setTotalNeed(new BigDecimal("19500000"));
        y.setResourceRate(new BigDecimal("1187.50"));
        KnutepunktProperties.JointPayer alver = new KnutepunktProperties.JointPayer();
        alver.setItCooperation("IKT Nordhordland");
        alver.setPayer("994631004");
        y.setJointPayers(new java.util.ArrayList<>(List.of(alver)));
        config.getYears().put(2021, y);
        return config;
    }

    @Test
    void theSeedsParametersBecomeOreAndTheIssuerIsNamedFromTheRegistry() {
        FundingYears years = new FundingYears(config(), REGISTRY);

        FundingYears.Year y = years.year(2021).orElseThrow();
        assertThat(y.parameters().fixedPerMemberOre()).isEqualTo(10_000_000L);
        assertThat(y.parameters().perInhabitantOre()).isEqualTo(2_000L);
        assertThat(y.parameters().maxPerMemberOre()).isEqualTo(50_000_000L);
        assertThat(y.parameters().selfFinancingOrgnrs()).containsExactly("994601008");
        assertThat(y.parameters().jointPayers()).containsExactly(Map.entry("IKT Nordhordland", "994631004"));
        assertThat(y.need().orElseThrow().selfFinancedOre("994601008")).isEqualTo(916_500_000L);
        assertThat(y.resourceRateOre()).contains(118_750L);
        assertThat(years.issuer().name()).isEqualTo("Bergen kommune");
        assertThat(years.account()).contains("15061234567");
        assertThat(years.year(2022)).isEmpty();
        assertThat(years.years()).containsExactly(2021);
        assertThat(years.problems()).isEmpty();
        assertThat(years.problem(2021)).isEmpty();
    }

    /** The problem the configuration has for 2021, which must be there. */
    private static String problem(KnutepunktProperties.Invoicing config) {
        FundingYears years = new FundingYears(config, REGISTRY);
        assertThat(years.year(2021)).isEmpty();
        assertThat(years.problems()).hasSize(1);
        return years.problem(2021).orElseThrow();
    }

    @Test
    void aWrongValueMakesItsYearUnusableAndNamesTheProperty() {
        KnutepunktProperties.Invoicing missing = config();
        missing.getYears().get(2021).setMaxPerMember(null);
        assertThat(problem(missing)).contains("knutepunkt.invoicing.years.2021.max-per-member is required");

        KnutepunktProperties.Invoicing fine = config();
        fine.getYears().get(2021).setPerInhabitant(new BigDecimal("20.005"));
        assertThat(problem(fine)).contains("knutepunkt.invoicing.years.2021.per-inhabitant").contains("two decimals");

        KnutepunktProperties.Invoicing strangePayer = config();
        strangePayer.getYears().get(2021).getJointPayers().get(0).setPayer("974760673");
        assertThat(problem(strangePayer)).contains("knutepunkt.invoicing.years.2021").contains("974760673");

        KnutepunktProperties.Invoicing misspelt = config();
        misspelt.getYears().get(2021).getJointPayers().get(0).setItCooperation("IKT Nordhordlan");
        assertThat(problem(misspelt)).contains("IKT Nordhordlan");

        KnutepunktProperties.Invoicing tooMuch = config();
        tooMuch.getYears().get(2021).getSelfFinancing().put("994602004", 60);
        assertThat(problem(tooMuch)).contains("107 %");

        KnutepunktProperties.Invoicing negative = config();
        negative.getYears().get(2021).setFixedPerMember(new BigDecimal("-1"));
        assertThat(problem(negative)).contains("fixed-per-member must not be negative");

        KnutepunktProperties.Invoicing invoicesItself = config();
        invoicesItself.getIssuer().setOrgnr("994602004");
        assertThat(problem(invoicesItself)).contains("994602004 would invoice itself");
    }

    @Test
    void aWrongIssuerMakesEveryYearUnusable() {
        KnutepunktProperties.Invoicing noIssuer = config();
        noIssuer.getIssuer().setOrgnr("974760673");
        noIssuer.getYears().put(2022, noIssuer.getYears().get(2021));
        FundingYears years = new FundingYears(noIssuer, REGISTRY);
        assertThat(years.years()).containsExactly(2021, 2022);
        assertThat(years.problem(2022)).hasValueSatisfying(p -> assertThat(p)
                .contains("knutepunkt.invoicing.issuer.orgnr").contains("not a member"));
        assertThat(years.problems()).hasSize(1);

        KnutepunktProperties.Invoicing badAccount = config();
        badAccount.getIssuer().setAccount("1506.12.34567");
        assertThat(problem(badAccount)).contains("knutepunkt.invoicing.issuer.account");

        // a year that is not configured has no problem: it is unknown
        assertThat(new FundingYears(config(), REGISTRY).problem(2030)).isEmpty();
    }
}
