package no.knutepunkt.hub.secretariat.invoicing;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Invoicing of the base funding ({@code knutepunkt.invoicing.*}): who issues the invoices, how they are numbered and
 * paid, and the funding parameters of each year. Amounts are kroner with at most two decimals (exact, turned into
 * øre). The parameters of a year are checked by {@link FundingYears}: a year with a bad value is refused, the others
 * still run.
 *
 * @param numberPrefix     invoice numbers are PREFIX + year + "-" + a four-digit sequence of the year, e.g. DV2021-0001
 * @param paymentDays      days from issue to due date
 * @param ttl              time to live of an invoice's message: how long the hub keeps trying the access point
 * @param buyerReference   the buyer's reference on every invoice, followed by the year, unless
 *                         {@code buyerReferences} names one
 * @param buyerReferences  per payer orgnr, the reference its finance department asked for
 * @param years            the funding parameters per year
 */
@Validated
@ConfigurationProperties("knutepunkt.invoicing")
public record InvoicingProperties(@DefaultValue @Valid Issuer issuer, @DefaultValue("DV") String numberPrefix,
                                  @DefaultValue("30") int paymentDays,
                                  @DefaultValue("14d") @NotNull Duration ttl,
                                  @DefaultValue("Digi Vestland grunnfinansiering") String buyerReference,
                                  Map<String, String> buyerReferences, Map<Integer, FundingYear> years) {

    public InvoicingProperties {
        buyerReferences = buyerReferences == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(buyerReferences));
        years = years == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(years));
    }

    /**
     * The seller on the invoices: the host municipality of the secretariat.
     *
     * @param account the bank account to pay to (11 digits); real runs need it
     */
    public record Issuer(String orgnr, String name, String street, String postalCode, String city, String account) {
    }

    /**
     * The funding parameters of one year (seed §4).
     *
     * @param fixedPerMember fixed amount per member, kroner ("fast grunnbeløp")
     * @param perInhabitant  amount per inhabitant, kroner
     * @param maxPerMember   maximum per member, kroner ("maksimumsgrense")
     * @param selfFinancing  members that finance themselves outside the key (no invoice), with the percent of the
     *                       total need each covers
     * @param totalNeed      the total need for base funding, kroner; optional, for the budget check
     * @param jointPayers    IT cooperations that pay one joint invoice for their members
     * @param resourceRate   the hourly rate of resource use from the shared competence centre, kroner; optional
     */
    public record FundingYear(BigDecimal fixedPerMember, BigDecimal perInhabitant, BigDecimal maxPerMember,
                              Map<String, Integer> selfFinancing, BigDecimal totalNeed, List<JointPayer> jointPayers,
                              BigDecimal resourceRate) {

        public FundingYear {
            selfFinancing = selfFinancing == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(selfFinancing));
            jointPayers = jointPayers == null ? List.of() : List.copyOf(jointPayers);
        }
    }

    /** An IT cooperation (the registry's it_cooperation) and the member that pays for all its members. */
    public record JointPayer(String itCooperation, String payer) {
    }
}
