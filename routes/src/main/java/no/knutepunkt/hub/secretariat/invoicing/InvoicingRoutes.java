package no.knutepunkt.hub.secretariat.invoicing;

import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.security.Caller;
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
    private final InvoicingViewBuilder views;
    private final ApiJson json;

    public InvoicingRoutes(Invoicing invoicing, InvoicingStore store, InvoicingViewBuilder views, ApiJson json) {
        this.invoicing = invoicing;
        this.store = store;
        this.views = views;
        this.json = json;
    }

    @Override
    public void configure() {
        from("direct:invoicing-runs-create").routeId("invoicing-runs-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    Invoicing.Request request = json.body(exchange, Invoicing.Request.class);
                    Invoicing.Outcome outcome = invoicing.run(request, Http.caller(exchange).username());
                    if (outcome.run().isEmpty()) {
                        json.write(exchange, 200, views.dryRun(outcome, Boolean.TRUE.equals(request.correction())));
                    } else {
                        json.write(exchange, outcome.created() ? 201 : 200, views.run(outcome.run().get(), false));
                    }
                });

        from("direct:invoicing-runs-list").routeId("invoicing-runs-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, store.runs(200).stream()
                        .map(views::summary).toList()));

        from("direct:invoicing-runs-get").routeId("invoicing-runs-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, views.run(run(exchange), true)));

        from("direct:invoicing-runs-invoice").routeId("invoicing-runs-invoice").routeConfigurationId(ApiErrors.ID)
                .process(this::invoiceXml);

        from("direct:resource-use-create").routeId("resource-use-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    InvoicingStore.Created created = invoicing.register(
                            json.body(exchange, Invoicing.Use.class), Http.caller(exchange).username());
                    json.write(exchange, created.created() ? 201 : 200, InvoicingViewBuilder.use(created.use()));
                });

        from("direct:resource-use-list").routeId("resource-use-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    int year = yearParameter(exchange.getMessage().getHeader(Headers.YEAR, String.class));
                    invoicing.funding(year);
                    json.write(exchange, 200, store.usesOf(year).stream().map(InvoicingViewBuilder::use).toList());
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
            throw new Problem(403, "not-the-payer", "Not the payer", "invoice " + number
                    + " is not addressed to " + caller.orgnr().get() + "; only its payer may read it");
        }
        Http.file(exchange, store.ubl(number).orElseThrow(), "application/xml", number + ".xml");
    }

    static int yearParameter(String value) {
        if (value == null || !value.matches("[0-9]{4}")) {
            throw MultipartRequest.invalid("year", "the query parameter year (four digits) is required");
        }
        return Integer.parseInt(value);
    }
}
