package no.knutepunkt.platform.funding;

import java.util.List;
import java.util.Optional;

/**
 * The invoices of one year, one per payer, in the order of the payers in the member list.
 *
 * @param year          the year
 * @param invoices      the invoices
 * @param grandTotalOre the sum of all invoice totals in øre; the constructor refuses any other value
 */
public record FundingTable(int year, List<PayerInvoice> invoices, long grandTotalOre) {

    public FundingTable {
        invoices = List.copyOf(invoices);
        long sum = 0;
        for (PayerInvoice invoice : invoices) {
            sum = Math.addExact(sum, invoice.totalOre());
        }
        if (sum != grandTotalOre) {
            throw new IllegalArgumentException("the grand total " + grandTotalOre + " øre is not the sum of the invoices, "
                    + sum + " øre");
        }
    }

    /** The invoice sent to this payer, if any. */
    public Optional<PayerInvoice> invoiceTo(String payerOrgnr) {
        return invoices.stream().filter(i -> i.payerOrgnr().equals(payerOrgnr)).findFirst();
    }

    /** The invoice that pays for this member, if any (none for a self-financing member). */
    public Optional<PayerInvoice> invoiceCovering(String memberOrgnr) {
        return invoices.stream().filter(i -> i.membersCovered().contains(memberOrgnr)).findFirst();
    }
}
