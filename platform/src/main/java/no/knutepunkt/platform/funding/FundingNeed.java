package no.knutepunkt.platform.funding;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Objects;

/**
 * The total need for base funding in a year and the part that self-financing members cover outside the key, for the
 * budget check of an invoicing run (seed §4: a need of about 19,5 million kroner in 2021, of which Bergen covers
 * 47 % itself; the other municipalities "til saman 53 %, berekna til 10,4 millionar kroner"). Informative only: the
 * invoices follow the key, whatever the need.
 *
 * @param totalNeedOre         the total need in øre, not negative
 * @param selfFinancingPercent per self-financing member (orgnr), the whole percent of the total need it covers
 *                             itself; together at most 100
 */
public record FundingNeed(long totalNeedOre, Map<String, Integer> selfFinancingPercent) {

    public FundingNeed {
        Objects.requireNonNull(selfFinancingPercent, "selfFinancingPercent");
        selfFinancingPercent = Map.copyOf(selfFinancingPercent);
        if (totalNeedOre < 0) {
            throw new IllegalArgumentException("the total need must not be negative: " + totalNeedOre);
        }
        int sum = 0;
        for (Map.Entry<String, Integer> e : selfFinancingPercent.entrySet()) {
            if (e.getValue() < 0 || e.getValue() > 100) {
                throw new IllegalArgumentException("the share of " + e.getKey() + " must be 0 to 100 %, not "
                        + e.getValue());
            }
            sum += e.getValue();
        }
        if (sum > 100) {
            throw new IllegalArgumentException("the self-financing members together cover " + sum
                    + " % of the need, more than all of it");
        }
    }

    /** What a self-financing member covers: its percent of the need, rounded half-up to whole øre; 0 for others. */
    public long selfFinancedOre(String orgnr) {
        int percent = selfFinancingPercent.getOrDefault(orgnr, 0);
        return BigDecimal.valueOf(totalNeedOre).multiply(BigDecimal.valueOf(percent))
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The need left to the key: the total need less what the self-financing members cover. */
    public long remainingOre() {
        long covered = 0;
        for (String orgnr : selfFinancingPercent.keySet()) {
            covered = Math.addExact(covered, selfFinancedOre(orgnr));
        }
        return totalNeedOre - covered;
    }

    /** How much more (positive) or less (negative) the key's invoices bring in than the need left to them. */
    public long balanceOre(FundingTable table) {
        return Math.subtractExact(table.grandTotalOre(), remainingOre());
    }
}
