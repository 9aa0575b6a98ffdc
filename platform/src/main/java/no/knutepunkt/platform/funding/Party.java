package no.knutepunkt.platform.funding;

import java.util.Objects;

import no.knutepunkt.platform.member.Orgnr;

/**
 * A seller or buyer on an EHF invoice. The address is always in Norway.
 *
 * @param orgnr      the nine-digit organisation number, used as Peppol endpoint (scheme 0192) and legal identifier
 * @param name       the registered name, e.g. "Bergen kommune"
 * @param street     the street or postbox line, or {@code null}
 * @param postalCode the postal code, or {@code null}
 * @param city       the city, or {@code null}
 */
public record Party(String orgnr, String name, String street, String postalCode, String city) {

    public Party {
        Objects.requireNonNull(orgnr, "orgnr");
        Objects.requireNonNull(name, "name");
        if (!Orgnr.isValid(orgnr)) {
            throw new IllegalArgumentException("'" + orgnr + "' is not a valid organisation number");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("the name of party " + orgnr + " is blank");
        }
    }
}
