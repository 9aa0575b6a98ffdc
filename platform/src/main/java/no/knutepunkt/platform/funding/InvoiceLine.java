package no.knutepunkt.platform.funding;

import java.util.Objects;

/**
 * One line of a payer's invoice: a base share or a resource use of one member.
 *
 * @param memberOrgnr the member the line is for (not necessarily the payer)
 * @param memberName  the member's name
 * @param description the text of the line
 * @param amountOre   the amount in øre
 */
public record InvoiceLine(String memberOrgnr, String memberName, String description, long amountOre) {

    public InvoiceLine {
        Objects.requireNonNull(memberOrgnr, "memberOrgnr");
        Objects.requireNonNull(memberName, "memberName");
        Objects.requireNonNull(description, "description");
        if (description.isBlank()) {
            throw new IllegalArgumentException("the description of an invoice line must not be blank");
        }
    }
}
