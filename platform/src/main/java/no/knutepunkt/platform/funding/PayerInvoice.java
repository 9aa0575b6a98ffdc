package no.knutepunkt.platform.funding;

import java.util.List;
import java.util.Objects;

/**
 * What one payer is invoiced for a year: its own share, or the shares of all members of its IT cooperation when it
 * pays jointly for them, plus their resource use.
 *
 * @param payerOrgnr     the organisation number of the payer
 * @param payerName      the payer's name
 * @param membersCovered the organisation numbers of the members this invoice pays for, payer included if it is one
 * @param lines          the lines, at least one
 * @param totalOre       the sum of the lines in øre; the constructor refuses any other value
 */
public record PayerInvoice(String payerOrgnr, String payerName, List<String> membersCovered, List<InvoiceLine> lines,
                           long totalOre) {

    public PayerInvoice {
        Objects.requireNonNull(payerOrgnr, "payerOrgnr");
        Objects.requireNonNull(payerName, "payerName");
        membersCovered = List.copyOf(membersCovered);
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the invoice to " + payerOrgnr + " has no lines");
        }
        long sum = 0;
        for (InvoiceLine line : lines) {
            sum = Math.addExact(sum, line.amountOre());
        }
        if (sum != totalOre) {
            throw new IllegalArgumentException("the invoice to " + payerOrgnr + " has the total " + totalOre
                    + " øre but its lines sum to " + sum + " øre");
        }
    }

    /** Builds the invoice with the total computed from the lines. */
    public static PayerInvoice of(String payerOrgnr, String payerName, List<String> membersCovered,
                                  List<InvoiceLine> lines) {
        long sum = 0;
        for (InvoiceLine line : lines) {
            sum = Math.addExact(sum, line.amountOre());
        }
        return new PayerInvoice(payerOrgnr, payerName, membersCovered, lines, sum);
    }
}
