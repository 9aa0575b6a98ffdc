package no.knutepunkt.hub.secretariat.invoicing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.hub.directory.DirectoryProperties;
import no.knutepunkt.platform.member.MemberRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The invoicing configuration as the funding model's objects, and what stops the start. */
class FundingYearsTest {
    private static final MemberRegistry REGISTRY = registry();

    private static MemberRegistry registry() {
        try (Reader reader = Files.newBufferedReader(Path.of("../config/members/vestland.csv"),
                StandardCharsets.UTF_8)) {
            return MemberRegistry.load("vestland.csv", reader, bind(Map.of(), "knutepunkt",
                    DirectoryProperties.class).members().regions());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T bind(Map<String, String> properties, String prefix, Class<T> type) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    /** The seed's 2021 parameters, Bergen as issuer, as properties. */
    private static Map<String, String> seed() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("knutepunkt.invoicing.issuer.orgnr", "994601008");
        p.put("knutepunkt.invoicing.issuer.account", "15061234567");
        String y = "knutepunkt.invoicing.years.2021.";
        p.put(y + "fixed-per-member", "100000");
        p.put(y + "per-inhabitant", "20");
        p.put(y + "max-per-member", "500000.00");
        p.put(y + "self-financing.994601008", "47");
        p.put(y + "total-need", "19500000");
        p.put(y + "resource-rate", "1187.50");
        p.put(y + "joint-payers[0].it-cooperation", "IKT Nordhordland");
        p.put(y + "joint-payers[0].payer", "994631004");
        return p;
    }

    private static InvoicingProperties config() {
        return config(seed());
    }

    private static InvoicingProperties config(Map<String, String> properties) {
        return bind(properties, "knutepunkt.invoicing", InvoicingProperties.class);
    }

    /** The seed's properties with one changed ({@code null} removes it). */
    private static InvoicingProperties with(String key, String value) {
        Map<String, String> p = seed();
        if (value == null) {
            p.remove(key);
        } else {
            p.put(key, value);
        }
        return config(p);
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
    private static String problem(InvoicingProperties config) {
        FundingYears years = new FundingYears(config, REGISTRY);
        assertThat(years.year(2021)).isEmpty();
        assertThat(years.problems()).hasSize(1);
        return years.problem(2021).orElseThrow();
    }

    @Test
    void aWrongValueMakesItsYearUnusableAndNamesTheProperty() {
        String y = "knutepunkt.invoicing.years.2021.";
        assertThat(problem(with(y + "max-per-member", null)))
                .contains("knutepunkt.invoicing.years.2021.max-per-member is required");
        assertThat(problem(with(y + "per-inhabitant", "20.005")))
                .contains("knutepunkt.invoicing.years.2021.per-inhabitant").contains("two decimals");
        assertThat(problem(with(y + "joint-payers[0].payer", "974760673")))
                .contains("knutepunkt.invoicing.years.2021").contains("974760673");
        assertThat(problem(with(y + "joint-payers[0].it-cooperation", "IKT Nordhordlan"))).contains("IKT Nordhordlan");
        assertThat(problem(with(y + "self-financing.994602004", "60"))).contains("107 %");
        assertThat(problem(with(y + "fixed-per-member", "-1"))).contains("fixed-per-member must not be negative");
        assertThat(problem(with("knutepunkt.invoicing.issuer.orgnr", "994602004")))
                .contains("994602004 would invoice itself");
    }

    @Test
    void aWrongIssuerMakesEveryYearUnusable() {
        Map<String, String> noIssuer = seed();
        noIssuer.put("knutepunkt.invoicing.issuer.orgnr", "974760673");
        new LinkedHashMap<>(noIssuer).forEach((k, v) -> {
            if (k.startsWith("knutepunkt.invoicing.years.2021.")) {
                noIssuer.put(k.replace(".2021.", ".2022."), v);
            }
        });
        FundingYears years = new FundingYears(config(noIssuer), REGISTRY);
        assertThat(years.years()).containsExactly(2021, 2022);
        assertThat(years.problem(2022)).hasValueSatisfying(p -> assertThat(p)
                .contains("knutepunkt.invoicing.issuer.orgnr").contains("not a member"));
        assertThat(years.problems()).hasSize(1);

        assertThat(problem(with("knutepunkt.invoicing.issuer.account", "1506.12.34567")))
                .contains("knutepunkt.invoicing.issuer.account");

        // a year that is not configured has no problem: it is unknown
        assertThat(new FundingYears(config(), REGISTRY).problem(2030)).isEmpty();
    }
}
