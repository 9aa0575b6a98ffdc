package no.knutepunkt.hub.secretariat.invoicing;

import no.knutepunkt.hub.messaging.Headers;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.api.Views;
import no.knutepunkt.hub.messaging.store.MessageStore;
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
 * document's EHF XML, and the resource use that is invoiced with a year. Amounts are shown in øre ({@code ...Ore},
 * integers) and as kroner with two decimals ({@code "10370720.00"}).
 */
@Component
public class InvoicingRoutes extends RouteBuilder {
    private final Invoicing invoicing;
    private final InvoicingStore store;
    private final MessageStore messages;
    private final MemberRegistry registry;

    public InvoicingRoutes(Invoicing invoicing, InvoicingStore store, MessageStore messages, MemberRegistry registry) {
        this.invoicing = invoicing;
        this.store = store;
        this.messages = messages;
        this.registry = registry;
    }

    @Override
    public void configure() {
        from("direct:invoicing-runs-create").routeId("invoicing-runs-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    Invoicing.Request request = Http.jsonBody(exchange, Invoicing.Request.class);
                    Invoicing.Outcome outcome = invoicing.run(request, Http.caller(exchange).username());
                    if (outcome.run().isEmpty()) {
                        Http.json(exchange, 200, dryRun(outcome, Boolean.TRUE.equals(request.correction())));
                    } else {
                        Http.json(exchange, outcome.created() ? 201 : 200, run(outcome.run().get(), false));
                    }
                });

        from("direct:invoicing-runs-list").routeId("invoicing-runs-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, store.runs(200).stream()
                        .map(r -> summary(r, store.invoicesOf(r.id()), store.statuses(r.id()))).toList()));

        from("direct:invoicing-runs-get").routeId("invoicing-runs-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, run(run(exchange), true)));

        from("direct:invoicing-runs-invoice").routeId("invoicing-runs-invoice").routeConfigurationId(ApiErrors.ID)
                .process(this::invoiceXml);

        from("direct:resource-use-create").routeId("resource-use-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    InvoicingStore.Created created = invoicing.register(
                            Http.jsonBody(exchange, Invoicing.Use.class), Http.caller(exchange).username());
                    Http.json(exchange, created.created() ? 201 : 200, use(created.use()));
                });

        from("direct:resource-use-list").routeId("resource-use-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    int year = yearParameter(exchange.getMessage().getHeader(Headers.YEAR, String.class));
                    invoicing.funding(year);
                    Http.json(exchange, 200, store.usesOf(year).stream().map(InvoicingRoutes::use).toList());
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

    private Map<String, Object> dryRun(Invoicing.Outcome o, boolean correction) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("year", o.table().year());
        v.put("dryRun", true);
        v.put("correction", correction);
        v.put("invoices", o.plan().stream().map(this::planned).toList());
        v.put("count", o.plan().size());
        totals(v, o.plan().stream().filter(p -> p.kind() == InvoicingPlan.Kind.INVOICE)
                        .mapToLong(p -> p.invoice().totalOre()).sum(),
                o.plan().stream().filter(p -> p.kind() == InvoicingPlan.Kind.CREDIT_NOTE)
                        .mapToLong(p -> p.invoice().totalOre()).sum());
        amount(v, "grandTotal", o.table().grandTotalOre());
        v.put("selfFinancing", o.year().parameters().selfFinancingOrgnrs().stream().sorted().map(orgnr -> {
            Map<String, Object> m = member(orgnr);
            o.year().need().ifPresent(need -> {
                m.put("percent", need.selfFinancingPercent().getOrDefault(orgnr, 0));
                amount(m, "amount", need.selfFinancedOre(orgnr));
            });
            return m;
        }).toList());
        o.year().need().ifPresent(need -> v.put("need", need(need, o)));
        o.earlier().ifPresent(r -> {
            Map<String, Object> earlier = new LinkedHashMap<>();
            earlier.put("runId", r.id());
            earlier.put("createdAt", r.createdAt().toString());
            v.put("alreadyInvoiced", earlier);
        });
        return v;
    }

    private static Map<String, Object> need(FundingNeed need, Invoicing.Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        amount(m, "total", need.totalNeedOre());
        amount(m, "remaining", need.remainingOre());
        amount(m, "balance", need.balanceOre(o.table()));
        return m;
    }

    private Map<String, Object> planned(InvoicingPlan.Planned p) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("kind", p.kind().name());
        p.credits().ifPresent(c -> v.put("credits", c));
        PayerInvoice invoice = p.invoice();
        v.put("payer", party(invoice.payerOrgnr(), invoice.payerName()));
        v.put("membersCovered", invoice.membersCovered().stream().map(this::member).toList());
        v.put("lines", invoice.lines().stream().map(InvoicingRoutes::line).toList());
        amount(v, "total", invoice.totalOre());
        return v;
    }

    private static Map<String, Object> line(InvoiceLine line) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("orgnr", line.memberOrgnr());
        v.put("name", line.memberName());
        v.put("description", line.description());
        amount(v, "amount", line.amountOre());
        return v;
    }

    private Map<String, Object> member(String orgnr) {
        return party(orgnr, registry.find(orgnr).map(Member::name).orElse(orgnr));
    }

    private static Map<String, Object> party(String orgnr, String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("orgnr", orgnr);
        m.put("name", name);
        return m;
    }

    private static Map<String, Object> summary(InvoicingStore.Run r, List<InvoicingStore.Invoice> invoices,
                                               Map<String, String> statuses) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("year", r.year());
        v.put("correction", r.correction() > 0);
        v.put("correctionNumber", r.correction());
        v.put("createdBy", r.createdBy());
        v.put("createdAt", r.createdAt().toString());
        v.put("count", invoices.size());
        Map<String, Integer> counts = new TreeMap<>();
        statuses.values().forEach(s -> counts.merge(s, 1, Integer::sum));
        v.put("counts", counts);
        totals(v, invoices.stream().filter(i -> i.kind() == InvoicingPlan.Kind.INVOICE)
                        .mapToLong(InvoicingStore.Invoice::totalOre).sum(),
                invoices.stream().filter(i -> i.kind() == InvoicingPlan.Kind.CREDIT_NOTE)
                        .mapToLong(InvoicingStore.Invoice::totalOre).sum());
        return v;
    }

    private Map<String, Object> run(InvoicingStore.Run r, boolean withHistory) {
        List<InvoicingStore.Invoice> invoices = store.invoicesOf(r.id());
        Map<String, String> statuses = store.statuses(r.id());
        Map<String, Object> v = summary(r, invoices, statuses);
        v.put("invoices", invoices.stream().map(i -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("number", i.number());
            m.put("kind", i.kind().name());
            i.credits().ifPresent(c -> m.put("credits", c));
            m.put("payer", party(i.payer(), i.payerName()));
            amount(m, "total", i.totalOre());
            m.put("issueDate", i.issueDate().toString());
            i.dueDate().ifPresent(d -> m.put("dueDate", d.toString()));
            m.put("meldingId", i.meldingId());
            m.put("status", statuses.get(i.number()));
            m.put("xml", "/api/v1/invoicing-runs/" + r.id() + "/invoices/" + i.number());
            if (withHistory) {
                messages.histories(i.meldingId()).stream().filter(h -> h.delivery().mottaker().equals(i.payer()))
                        .findFirst().ifPresent(h -> m.put("delivery", Views.history(h)));
            }
            return m;
        }).toList());
        return v;
    }

    private static Map<String, Object> use(InvoicingStore.Use u) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", u.id());
        v.put("noekkel", u.noekkel());
        v.put("year", u.year());
        v.put("orgnr", u.orgnr());
        v.put("description", u.description());
        v.put("hours", u.hours().stripTrailingZeros().toPlainString());
        amount(v, "rate", u.rateOrePerHour());
        amount(v, "amount", u.resourceUse().amountOre());
        v.put("createdBy", u.createdBy());
        v.put("createdAt", u.createdAt().toString());
        return v;
    }

    private static void totals(Map<String, Object> v, long invoiced, long credited) {
        amount(v, "invoiced", invoiced);
        amount(v, "credited", credited);
        amount(v, "net", invoiced - credited);
    }

    /** {@code nameOre} as an integer and {@code name} as kroner with two decimals. */
    private static void amount(Map<String, Object> v, String name, long ore) {
        v.put(name + "Ore", ore);
        v.put(name, BigDecimal.valueOf(ore, 2).toPlainString());
    }
}
