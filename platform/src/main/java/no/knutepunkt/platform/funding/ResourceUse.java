package no.knutepunkt.platform.funding;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

import no.knutepunkt.platform.member.Orgnr;

/**
 * Hours a member has taken from the shared competence centre ("uttak av ressursar frå felles kompetansemiljø"),
 * a cost that member pays itself on top of its base share.
 *
 * <p>The hours are an exact decimal (e.g. {@code 7.5}); the amount is hours × rate, rounded half-up to whole øre
 * ({@link #amountOre()}). No floating point is involved.
 *
 * @param orgnr          the member that used the resources
 * @param description    what was delivered
 * @param hours          the hours used, not negative
 * @param rateOrePerHour the hourly rate in øre, not negative
 */
public record ResourceUse(String orgnr, String description, BigDecimal hours, long rateOrePerHour) {

    public ResourceUse {
        Objects.requireNonNull(orgnr, "orgnr");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(hours, "hours");
        if (!Orgnr.isValid(orgnr)) {
            throw new IllegalArgumentException("'" + orgnr + "' is not a valid organisation number");
        }
        if (description.isBlank()) {
            throw new IllegalArgumentException("the description of a resource use must not be blank");
        }
        if (hours.signum() < 0) {
            throw new IllegalArgumentException("hours must not be negative: " + hours);
        }
        if (rateOrePerHour < 0) {
            throw new IllegalArgumentException("the hourly rate must not be negative: " + rateOrePerHour);
        }
    }

    /** hours × rate in øre, rounded half-up to whole øre. */
    public long amountOre() {
        return hours.multiply(BigDecimal.valueOf(rateOrePerHour)).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }
}
