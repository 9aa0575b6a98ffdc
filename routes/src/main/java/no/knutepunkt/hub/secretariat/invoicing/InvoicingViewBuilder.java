package no.knutepunkt.hub.secretariat.invoicing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import no.knutepunkt.hub.api.DeliveryView;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingViews.Party;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingViews.Totals;
import no.knutepunkt.platform.funding.FundingNeed;
import no.knutepunkt.platform.funding.InvoiceLine;
import no.knutepunkt.platform.funding.InvoicingPlan;
import no.knutepunkt.platform.funding.PayerInvoice;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.springframework.stereotype.Component;

/** Builds the {@link InvoicingViews} the API and the console show: dry runs, runs with their invoices, resource use. */
@Component
public class InvoicingViewBuilder {
    private final InvoicingStore store;
    private final MessageStore messages;
    private final MemberRegistry registry;

    public InvoicingViewBuilder(InvoicingStore store, MessageStore messages, MemberRegistry registry) {
        this.store = store;
        this.messages = messages;
        this.registry = registry;
    }

    /** What a dry run would issue, with the totals, the need and the balance. */
    public InvoicingViews.DryRun dryRun(Invoicing.Outcome o, boolean correction) {
        Totals totals = new Totals(o.plan().stream().filter(p -> p.kind() == InvoicingPlan.Kind.INVOICE)
                .mapToLong(p -> p.invoice().totalOre()).sum(),
                o.plan().stream().filter(p -> p.kind() == InvoicingPlan.Kind.CREDIT_NOTE)
                        .mapToLong(p -> p.invoice().totalOre()).sum());
        List<InvoicingViews.SelfFinancing> selfFinancing = o.year().parameters().selfFinancingOrgnrs().stream()
                .sorted().map(orgnr -> {
                    Party m = member(orgnr);
                    return o.year().need().map(need -> {
                        long amount = need.selfFinancedOre(orgnr);
                        return new InvoicingViews.SelfFinancing(m.orgnr(), m.name(),
                                need.selfFinancingPercent().getOrDefault(orgnr, 0), amount,
                                InvoicingViews.kroner(amount));
                    }).orElse(new InvoicingViews.SelfFinancing(m.orgnr(), m.name(), null, null, null));
                }).toList();
        return new InvoicingViews.DryRun(o.table().year(), true, correction,
                o.plan().stream().map(this::planned).toList(), o.plan().size(), totals,
                o.table().grandTotalOre(), InvoicingViews.kroner(o.table().grandTotalOre()), selfFinancing,
                o.year().need().map(need -> need(need, o)),
                o.earlier().map(r -> new InvoicingViews.Earlier(r.id(), r.createdAt().toString())));
    }

    private static InvoicingViews.Need need(FundingNeed need, Invoicing.Outcome o) {
        return new InvoicingViews.Need(need.totalNeedOre(), need.remainingOre(), need.balanceOre(o.table()));
    }

    private InvoicingViews.Planned planned(InvoicingPlan.Planned p) {
        PayerInvoice invoice = p.invoice();
        return new InvoicingViews.Planned(p.kind().name(), p.credits(),
                new Party(invoice.payerOrgnr(), invoice.payerName()),
                invoice.membersCovered().stream().map(this::member).toList(),
                invoice.lines().stream().map(InvoicingViewBuilder::line).toList(),
                invoice.totalOre(), InvoicingViews.kroner(invoice.totalOre()));
    }

    private static InvoicingViews.Line line(InvoiceLine line) {
        return new InvoicingViews.Line(line.memberOrgnr(), line.memberName(), line.description(), line.amountOre(),
                InvoicingViews.kroner(line.amountOre()));
    }

    private Party member(String orgnr) {
        return new Party(orgnr, registry.find(orgnr).map(Member::name).orElse(orgnr));
    }

    /** A run's summary: counts per status and totals. */
    public InvoicingViews.Summary summary(InvoicingStore.Run r) {
        return summary(r, store.invoicesOf(r.id()), store.statuses(r.id()));
    }

    private static InvoicingViews.Summary summary(InvoicingStore.Run r, List<InvoicingStore.Invoice> invoices,
                                                  Map<String, String> statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        statuses.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        Totals totals = new Totals(invoices.stream().filter(i -> i.kind() == InvoicingPlan.Kind.INVOICE)
                .mapToLong(InvoicingStore.Invoice::totalOre).sum(),
                invoices.stream().filter(i -> i.kind() == InvoicingPlan.Kind.CREDIT_NOTE)
                        .mapToLong(InvoicingStore.Invoice::totalOre).sum());
        return new InvoicingViews.Summary(r.id(), r.year(), r.correction() > 0, r.correction(), r.createdBy(),
                r.createdAt().toString(), invoices.size(), counts, totals);
    }

    /** A run with each invoice and its delivery status (and history, if asked). */
    public InvoicingViews.Run run(InvoicingStore.Run r, boolean withHistory) {
        List<InvoicingStore.Invoice> invoices = store.invoicesOf(r.id());
        Map<String, String> statuses = store.statuses(r.id());
        return new InvoicingViews.Run(summary(r, invoices, statuses), invoices.stream().map(i ->
                new InvoicingViews.Invoice(i.number(), i.kind().name(), i.credits(),
                        new Party(i.payer(), i.payerName()), i.totalOre(), InvoicingViews.kroner(i.totalOre()),
                        i.issueDate().toString(), i.dueDate().map(Object::toString), i.meldingId(),
                        statuses.get(i.number()), "/api/v1/invoicing-runs/" + r.id() + "/invoices/" + i.number(),
                        withHistory ? messages.histories(i.meldingId()).stream()
                                .filter(h -> h.delivery().mottaker().equals(i.payer())).findFirst()
                                .map(DeliveryView::forStaff) : Optional.empty())).toList());
    }

    static InvoicingViews.Use use(InvoicingStore.Use u) {
        long amount = u.resourceUse().amountOre();
        return new InvoicingViews.Use(u.id(), u.noekkel(), u.year(), u.orgnr(), u.description(),
                u.hours().stripTrailingZeros().toPlainString(), u.rateOrePerHour(),
                InvoicingViews.kroner(u.rateOrePerHour()), amount, InvoicingViews.kroner(amount), u.createdBy(),
                u.createdAt().toString());
    }
}
