package no.knutepunkt.hub.secretariat.invoicing;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import no.knutepunkt.platform.funding.BankAccount;
import no.knutepunkt.platform.funding.FundingModel;
import no.knutepunkt.platform.funding.FundingNeed;
import no.knutepunkt.platform.funding.FundingParameters;
import no.knutepunkt.platform.funding.FundingTable;
import no.knutepunkt.platform.funding.Party;
import no.knutepunkt.platform.member.MemberRegistry;

/**
 * The invoicing configuration ({@code knutepunkt.invoicing.*}) as the platform's funding objects, checked once at
 * start: every year's amounts are kroner with at most two decimals, its self-financing members and joint payers are
 * members, the model computes with the registry, and the issuer is a member that no year invoices (it cannot
 * invoice itself). A bad value does not stop the hub, whose messaging does not depend on it: it is logged at start
 * and names the property, and invoicing the affected years (all of them, for a wrong issuer) is refused with the
 * same text until the configuration is mended.
 */
public final class FundingYears {

    /**
     * One year's funding.
     *
     * @param parameters     the base funding key
     * @param need           the total need and the self-financing shares, for the budget check, if configured
     * @param resourceRateOre the default hourly rate of resource use in øre, if configured
     */
    public record Year(FundingParameters parameters, Optional<FundingNeed> need, Optional<Long> resourceRateOre) {
    }

    private final Map<Integer, Year> years = new LinkedHashMap<>();
    /** What is wrong with the issuer or the settings every year shares, if anything. */
    private final Optional<String> problem;
    /** What is wrong with a year's parameters, by year. */
    private final Map<Integer, String> broken = new LinkedHashMap<>();
    private final Party issuer;
    private final Optional<String> account;

    public FundingYears(InvoicingProperties config, MemberRegistry registry) {
        Party party = null;
        Optional<String> acct = Optional.empty();
        Optional<String> wrong = Optional.empty();
        try {
            party = issuer(config, registry);
            acct = account(config.issuer());
            common(config, registry);
        } catch (IllegalStateException e) {
            wrong = Optional.of(e.getMessage());
        }
        this.issuer = party;
        this.account = acct;
        this.problem = wrong;
        config.years().forEach((year, y) -> {
            if (problem.isPresent()) {
                broken.put(year, problem.get());
                return;
            }
            try {
                years.put(year, year(year, y, registry));
            } catch (IllegalStateException e) {
                broken.put(year, e.getMessage());
            }
        });
    }

    private static Party issuer(InvoicingProperties config, MemberRegistry registry) {
        InvoicingProperties.Issuer i = config.issuer();
        if (i.orgnr() == null || !registry.isMember(i.orgnr())) {
            throw new IllegalStateException("knutepunkt.invoicing.issuer.orgnr: '" + i.orgnr()
                    + "' is not a member; the issuer is the host municipality of the secretariat");
        }
        String name = i.name() == null || i.name().isBlank()
                ? registry.find(i.orgnr()).orElseThrow().name() + " kommune" : i.name().strip();
        return new Party(i.orgnr(), name, i.street(), i.postalCode(), i.city());
    }

    private static Optional<String> account(InvoicingProperties.Issuer i) {
        String account = i.account() == null ? "" : i.account().strip();
        if (!account.isEmpty() && !BankAccount.isValid(account)) {
            throw new IllegalStateException("knutepunkt.invoicing.issuer.account: '" + account
                    + "' is not a Norwegian bank account number (11 digits without separators, MOD11)");
        }
        return account.isEmpty() ? Optional.empty() : Optional.of(account);
    }

    private static void common(InvoicingProperties config, MemberRegistry registry) {
        if (config.paymentDays() < 0) {
            throw new IllegalStateException("knutepunkt.invoicing.payment-days must not be negative");
        }
        if (config.numberPrefix() == null || !config.numberPrefix().matches("[A-Za-z0-9-]{0,20}")) {
            throw new IllegalStateException("knutepunkt.invoicing.number-prefix: letters, digits and '-' only,"
                    + " at most 20");
        }
        if (config.buyerReference() == null || config.buyerReference().isBlank()) {
            throw new IllegalStateException("knutepunkt.invoicing.buyer-reference must not be blank");
        }
        config.buyerReferences().forEach((orgnr, reference) -> {
            if (!registry.isMember(orgnr) || reference == null || reference.isBlank()) {
                throw new IllegalStateException("knutepunkt.invoicing.buyer-references." + orgnr
                        + ": must name a member and a reference");
            }
        });
    }

    private Year year(int year, InvoicingProperties.FundingYear y, MemberRegistry registry) {
        String where = "knutepunkt.invoicing.years." + year;
        Map<String, String> jointPayers = new LinkedHashMap<>();
        for (InvoicingProperties.JointPayer j : y.jointPayers()) {
            if (j.itCooperation() == null || j.payer() == null) {
                throw new IllegalStateException(where + ".joint-payers: each needs it-cooperation and payer");
            }
            if (jointPayers.put(j.itCooperation(), j.payer()) != null) {
                throw new IllegalStateException(where + ".joint-payers: '" + j.itCooperation() + "' twice");
            }
        }
        FundingParameters parameters;
        Optional<FundingNeed> need;
        FundingTable table;
        try {
            parameters = new FundingParameters(year, ore(where + ".fixed-per-member", y.fixedPerMember()),
                    ore(where + ".per-inhabitant", y.perInhabitant()),
                    ore(where + ".max-per-member", y.maxPerMember()), y.selfFinancing().keySet(), jointPayers);
            need = y.totalNeed() == null ? Optional.empty()
                    : Optional.of(new FundingNeed(ore(where + ".total-need", y.totalNeed()), y.selfFinancing()));
            table = FundingModel.compute(parameters, registry.all(), List.of());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where + ": " + e.getMessage());
        }
        if (table.invoiceTo(issuer.orgnr()).isPresent()) {
            throw new IllegalStateException(where + ": the issuer " + issuer.orgnr() + " would invoice itself;"
                    + " make it self-financing (" + where + ".self-financing." + issuer.orgnr() + ")");
        }
        Optional<Long> rate = y.resourceRate() == null ? Optional.empty()
                : Optional.of(ore(where + ".resource-rate", y.resourceRate()));
        return new Year(parameters, need, rate);
    }

    /** Kroner with at most two decimals as øre; anything else stops the start. */
    static long ore(String property, BigDecimal kroner) {
        if (kroner == null) {
            throw new IllegalStateException(property + " is required (kroner)");
        }
        try {
            long ore = kroner.movePointRight(2).longValueExact();
            if (ore < 0) {
                throw new IllegalStateException(property + " must not be negative: " + kroner);
            }
            return ore;
        } catch (ArithmeticException e) {
            throw new IllegalStateException(property + ": " + kroner.toPlainString()
                    + " is not an amount in kroner with at most two decimals");
        }
    }

    /** The year's funding, if it is configured and its configuration is sound. */
    public Optional<Year> year(int year) {
        return Optional.ofNullable(years.get(year));
    }

    /** What makes invoicing of the year impossible: a wrong issuer or shared setting, or the year's parameters. */
    public Optional<String> problem(int year) {
        return problem.or(() -> Optional.ofNullable(broken.get(year)));
    }

    /** Everything wrong with the configuration, for the log at start. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        problem.ifPresent(all::add);
        broken.forEach((year, p) -> {
            if (!all.contains(p)) {
                all.add(p);
            }
        });
        return all;
    }

    /** The configured years, ascending, sound or not. */
    public List<Integer> years() {
        TreeSet<Integer> all = new TreeSet<>(years.keySet());
        all.addAll(broken.keySet());
        return List.copyOf(all);
    }

    /** The seller on the invoices; null when {@link #problem} names a wrong issuer (no year is usable then). */
    public Party issuer() {
        return issuer;
    }

    /** The issuer's bank account, if configured. */
    public Optional<String> account() {
        return account;
    }
}
