package no.knutepunkt.platform.funding;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an invoicing run issues: for a year not invoiced yet, one invoice per payer of the funding table; for a
 * correction of a year already invoiced, a credit note for every outstanding invoice the funding table no longer
 * gives as it was, and a new invoice for every payer whose invoice changed or who had none.
 *
 * <p>A correction credits an outstanding invoice in full and issues the correct one anew (rather than invoicing or
 * crediting a difference), so that each payer's books hold whole documents that each say what they are for; an
 * invoice whose lines are unchanged is left alone. "Unchanged" compares the members covered and the lines (member,
 * text and amount); the payer's name is not compared.
 */
public final class InvoicingPlan {

    private InvoicingPlan() {
    }

    /** An invoice issued earlier and not credited since. */
    public record Outstanding(String number, PayerInvoice invoice) {
        public Outstanding {
            Objects.requireNonNull(number, "number");
            Objects.requireNonNull(invoice, "invoice");
        }
    }

    /** What a planned document is. */
    public enum Kind {
        INVOICE, CREDIT_NOTE
    }

    /**
     * One document to issue.
     *
     * @param kind    an invoice, or a credit note
     * @param invoice the payer's invoice it is (for a credit note: the invoice it credits, line by line)
     * @param credits for a credit note, the number of the invoice it credits
     */
    public record Planned(Kind kind, PayerInvoice invoice, Optional<String> credits) {
        public Planned {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(invoice, "invoice");
            Objects.requireNonNull(credits, "credits");
            if ((kind == Kind.CREDIT_NOTE) != credits.isPresent()) {
                throw new IllegalArgumentException("a credit note, and only a credit note, names the invoice it credits");
            }
        }
    }

    /** The first run of a year: an invoice per payer, in the table's order. */
    public static List<Planned> first(FundingTable table) {
        return table.invoices().stream().map(i -> new Planned(Kind.INVOICE, i, Optional.empty())).toList();
    }

    /**
     * A correction: per payer of the table, in its order, nothing when its outstanding invoice is unchanged, else a
     * credit note for the outstanding invoice (if any) followed by the new invoice; then a credit note for each
     * outstanding invoice of a payer the table no longer has, in the order given. Empty when everything issued still
     * stands.
     *
     * @throws IllegalArgumentException when two outstanding invoices have the same payer
     */
    public static List<Planned> correction(List<Outstanding> outstanding, FundingTable table) {
        Map<String, Outstanding> byPayer = new LinkedHashMap<>();
        for (Outstanding o : outstanding) {
            if (byPayer.putIfAbsent(o.invoice().payerOrgnr(), o) != null) {
                throw new IllegalArgumentException("two outstanding invoices to " + o.invoice().payerOrgnr() + ": "
                        + byPayer.get(o.invoice().payerOrgnr()).number() + " and " + o.number());
            }
        }
        List<Planned> plan = new ArrayList<>();
        for (PayerInvoice wanted : table.invoices()) {
            Outstanding issued = byPayer.remove(wanted.payerOrgnr());
            if (issued != null && unchanged(issued.invoice(), wanted)) {
                continue;
            }
            if (issued != null) {
                plan.add(creditNote(issued));
            }
            plan.add(new Planned(Kind.INVOICE, wanted, Optional.empty()));
        }
        byPayer.values().forEach(issued -> plan.add(creditNote(issued)));
        return List.copyOf(plan);
    }

    private static Planned creditNote(Outstanding issued) {
        return new Planned(Kind.CREDIT_NOTE, issued.invoice(), Optional.of(issued.number()));
    }

    static boolean unchanged(PayerInvoice issued, PayerInvoice wanted) {
        return issued.payerOrgnr().equals(wanted.payerOrgnr())
                && issued.membersCovered().equals(wanted.membersCovered())
                && issued.lines().equals(wanted.lines());
    }
}
