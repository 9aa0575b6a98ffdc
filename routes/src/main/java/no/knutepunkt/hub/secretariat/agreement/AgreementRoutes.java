package no.knutepunkt.hub.secretariat.agreement;

import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.DocumentUploads;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The agreement API: register a version for signing, amend it, and see who has signed. */
@Component
public class AgreementRoutes extends RouteBuilder {
    private final Agreements agreements;
    private final AgreementStore store;
    private final DocumentUploads uploads;
    private final ApiJson json;
    private final AgreementViews views;

    public AgreementRoutes(Agreements agreements, AgreementStore store, DocumentUploads uploads, ApiJson json,
                           AgreementViews views) {
        this.agreements = agreements;
        this.store = store;
        this.uploads = uploads;
        this.json = json;
        this.views = views;
    }

    @Override
    public void configure() {
        from("direct:agreements-create").routeId("agreements-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> register(exchange, null));
        from("direct:agreements-amend").routeId("agreements-amend").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> register(exchange, exchange.getMessage().getHeader(Headers.ID, String.class)));
        from("direct:agreements-list").routeId("agreements-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, store.ids().stream().map(views::of).toList()));
        from("direct:agreements-get").routeId("agreements-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    if (store.versions(id).isEmpty()) {
                        throw Problem.notFound("no agreement " + id);
                    }
                    json.write(exchange, 200, views.of(id));
                });
    }

    private void register(Exchange exchange, String amends) throws Exception {
        DocumentUploads.Upload<Agreements.Request> upload = uploads.read(exchange, "the agreement document",
                Agreements.Request.class);
        Agreements.Request metadata = upload.metadata();
        byte[] document = upload.document();
        String by = Http.caller(exchange).username();
        AgreementStore.Version version = amends == null
                ? agreements.register(metadata, document, by)
                : agreements.amend(amends, metadata, document, by);
        json.write(exchange, 202, views.of(version.id()));
    }
}
