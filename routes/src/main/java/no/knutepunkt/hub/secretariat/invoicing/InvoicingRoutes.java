package no.knutepunkt.hub.secretariat.invoicing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.DeliveryView;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingViews.Party;
import no.knutepunkt.hub.secretariat.invoicing.InvoicingViews.Totals;
import no.knutepunkt.hub.security.Caller;
import no.knutepunkt.platform.funding.FundingNeed;
import no.knutepunkt.platform.funding.InvoiceLine;
import no.knutepunkt.platform.funding.InvoicingPlan;
import no.knutepunkt.platform.funding.PayerInvoice;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The invoicing API: runs (dry or real, first or correction), a run with each document's delivery status, a
 * document's EHF XML, and the resource use that is invoiced with a year, shown as {@link InvoicingViews}.
 */
@Component
public class InvoicingRoutes extends RouteBuilder {
    private final Invoicing invoicing;
    private final InvoicingStore store;
    private final MessageStore messages;
    private final MemberRegistry registry;
    private final ApiJson json;

    public InvoicingRoutes(Invoicing invoicing, InvoicingStore store, MessageStore messages, MemberRegistry registry,
                           ApiJson json) {
        this.invoicing = invoicing;
        this.store = store;
        this.messages = messages;
        this.registry = registry;
        this.json = json;
    }

    @Override
    public void configure() {
        from("direct:invoicing-runs-create").routeId("invoicing-runs-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    Invoicing.Request request = json.body(exchange, Invoicing.Request.class);
                    Invoicing.Outcome outcome = invoicing.run(request, Http.caller(exchange).username());
                    if (outcome.run().isEmpty()) {
                        json.write(exchange, 200, dryRun(outcome, Boolean.TRUE.equals(request.correction())));
                    } else {
                        json.write(exchange, outcome.created() ? 201 : 200, run(outcome.run().get(), false));
                    }
                });

        from("direct:invoicing-runs-list").routeId("invoicing-runs-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, store.runs(200).stream()
                        .map(r -> summary(r, store.invoicesOf(r.id()), store.statuses(r.id()))).toList()));

        from("direct:invoicing-runs-get").routeId("invoicing-runs-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, run(run(exchange), true)));

        from("direct:invoicing-runs-invoice").routeId("invoicing-runs-invoice").routeConfigurationId(ApiErrors.ID)
                .process(this::invoiceXml);

        from("direct:resource-use-create").routeId("resource-use-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    InvoicingStore.Created created = invoicing.register(
                            json.body(exchange, Invoicing.Use.class), Http.caller(exchange).username());
                    json.write(exchange, created.created() ? 201 : 200, use(created.use()));
                });

        from("direct:resource-use-list").routeId("resource-use-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    int year = yearParameter(exchange.getMessage().getHeader(Headers.YEAR, String.class));
                    invoicing.funding(year);
                    json.write(exchange, 200, store.usesOf(year).stream().map(InvoicingRoutes::use).toList());
                });

        from("direct:resource-use-delete").routeId("resource-use-delete").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    if (!store.deleteUse(id)) {
                        throw Problem.notFound("no resource use " + id);
                    }
                    log.info("Resource use {} deleted by {}", id, Http.caller(exchange).username());
                    Http.noContent(exchange);
                });
    }

    private InvoicingStore.Run run(Exchange exchange) {
        String id = exchange.getMessage().getHeader(Headers.ID, String.class);
        return store.run(id).orElseThrow(() -> Problem.notFound("no invoicing run " + id));
    }

    /** The EHF document as issued; for staff, and for the member it is addressed to. */
    private void invoiceXml(Exchange exchange) {
        InvoicingStore.Run run = run(exchange);
        String number = exchange.getMessage().getHeader(Headers.NUMBER, String.class);
        InvoicingStore.Invoice invoice = store.invoice(number).filter(i -> i.runId().equals(run.id()))
                .orElseThrow(() -> Problem.notFound("no invoice " + number + " in invoicing run " + run.id()));
        Caller caller = Http.caller(exchange);
        if (caller.orgnr().isPresent() && !caller.orgnr().get().equals(invoice.payer())) {
            throw new Problem(403, "not-the-payer", "Not the payer", "invoice " + number + " is addressed to "
                    + invoice.payer() + ", not to " + caller.orgnr().get());
        }
        Http.file(exchange, store.ubl(number).orElseThrow(), "application/xml", number + ".xml");
    }

    static int yearParameter(String value) {
        if (value == null || !value.matches("[0-9]{4}")) {
            throw MultipartRequest.invalid("year", "the query parameter year (four digits) is required");
        }
        return Integer.parseInt(value);
    }

    // ---- views ----

    private InvoicingViews.DryRun dryRun(Invoicing.Outcome o, boolean correction) {
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
                invoice.lines().stream().map(InvoicingRoutes::line).toList(),
                invoice.totalOre(), InvoicingViews.kroner(invoice.totalOre()));
    }

    private static InvoicingViews.Line line(InvoiceLine line) {
        return new InvoicingViews.Line(line.memberOrgnr(), line.memberName(), line.description(), line.amountOre(),
                InvoicingViews.kroner(line.amountOre()));
    }

    private Party member(String orgnr) {
        return new Party(orgnr, registry.find(orgnr).map(Member::name).orElse(orgnr));
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

    private InvoicingViews.Run run(InvoicingStore.Run r, boolean withHistory) {
        List<InvoicingStore.Invoice> invoices = store.invoicesOf(r.id());
        Map<String, String> statuses = store.statuses(r.id());
        return new InvoicingViews.Run(summary(r, invoices, statuses), invoices.stream().map(i ->
                new InvoicingViews.Invoice(i.number(), i.kind().name(), i.credits(),
                        new Party(i.payer(), i.payerName()), i.totalOre(), InvoicingViews.kroner(i.totalOre()),
                        i.issueDate().toString(), i.dueDate().map(Object::toString), i.meldingId(),
                        statuses.get(i.number()), "/api/v1/invoicing-runs/" + r.id() + "/invoices/" + i.number(),
                        withHistory ? messages.histories(i.meldingId()).stream()
                                .filter(h -> h.delivery().mottaker().equals(i.payer())).findFirst()
                                .map(DeliveryView::of) : Optional.empty())).toList());
    }

    private static InvoicingViews.Use use(InvoicingStore.Use u) {
        long amount = u.resourceUse().amountOre();
        return new InvoicingViews.Use(u.id(), u.noekkel(), u.year(), u.orgnr(), u.description(),
                u.hours().stripTrailingZeros().toPlainString(), u.rateOrePerHour(),
                InvoicingViews.kroner(u.rateOrePerHour()), amount, InvoicingViews.kroner(amount), u.createdBy(),
                u.createdAt().toString());
    }
}
