package no.knutepunkt.hub.api;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.springframework.stereotype.Component;

/** The REST API (Camel REST DSL on camel-servlet at /api); each verb hands over to one flow's route. */
@Component
public class RestApi extends RouteBuilder {
    @Override
    public void configure() {
        restConfiguration()
                .component("servlet")
                .contextPath("/api")
                .bindingMode(RestBindingMode.off)
                .endpointProperty("servletName", ServletConfig.SERVLET_NAME)
                // the request body stays the connection's stream: message intake reads it as it arrives
                .endpointProperty("disableStreamCache", "true")
                // a body sent as a form stays the body: the routes answer its Content-Type with 415 (parsed as a
                // form, a JSON body sent as one by mistake, as curl -d does, failed with a 500)
                .endpointProperty("mapHttpMessageFormUrlEncodedBody", "false");

        rest("/v1/members")
                .get().routeId("rest-members-list").produces("application/json").to("direct:members-list");

        rest("/v1/message-types")
                .get().routeId("rest-message-types-list").produces("application/json").to("direct:message-types-list");

        rest("/v1/catalog")
                .get().routeId("rest-catalog-lookup").produces("application/json").to("direct:catalog-lookup");

        rest("/v1/messages")
                .get().routeId("rest-messages-list").produces("application/json").to("direct:messages-sent")
                .post().routeId("rest-messages-send").consumes("multipart/form-data").produces("application/json")
                .to("direct:intake")
                .get("/{meldingId}").routeId("rest-messages-status").produces("application/json")
                .to("direct:message-status");

        rest("/v1/distributions")
                .post().routeId("rest-distributions-create").consumes("multipart/form-data")
                .produces("application/json").to("direct:distributions-create")
                .get().routeId("rest-distributions-list").produces("application/json").to("direct:distributions-list")
                .get("/{id}").routeId("rest-distributions-get").produces("application/json")
                .to("direct:distributions-get")
                .post("/{id}/cancel").routeId("rest-distributions-cancel").produces("application/json")
                .to("direct:distributions-cancel");

        rest("/v1/agreements")
                .post().routeId("rest-agreements-create").consumes("multipart/form-data")
                .produces("application/json").to("direct:agreements-create")
                .post("/{id}/versions").routeId("rest-agreements-amend").consumes("multipart/form-data")
                .produces("application/json").to("direct:agreements-amend")
                .get().routeId("rest-agreements-list").produces("application/json").to("direct:agreements-list")
                .get("/{id}").routeId("rest-agreements-get").produces("application/json").to("direct:agreements-get");

        rest("/v1/projects")
                .post().routeId("rest-projects-create").consumes("application/json").produces("application/json")
                .to("direct:projects-create")
                .get().routeId("rest-projects-list").produces("application/json").to("direct:projects-list")
                .get("/{id}").routeId("rest-projects-get").produces("application/json").to("direct:projects-get")
                .post("/{id}/status").routeId("rest-projects-status").consumes("application/json")
                .produces("application/json").to("direct:projects-status")
                .get("/{id}/documents/{noekkel}").routeId("rest-projects-document").to("direct:projects-document")
                .post("/{id}/documents").routeId("rest-projects-add-document").consumes("multipart/form-data")
                .produces("application/json").to("direct:projects-add-document");

        rest("/v1/invoicing-runs")
                .post().routeId("rest-invoicing-runs-create").consumes("application/json").produces("application/json")
                .to("direct:invoicing-runs-create")
                .get().routeId("rest-invoicing-runs-list").produces("application/json").to("direct:invoicing-runs-list")
                .get("/{id}").routeId("rest-invoicing-runs-get").produces("application/json")
                .to("direct:invoicing-runs-get")
                .get("/{id}/invoices/{number}").routeId("rest-invoicing-runs-invoice").produces("application/xml")
                .to("direct:invoicing-runs-invoice");

        rest("/v1/resource-use")
                .post().routeId("rest-resource-use-create").consumes("application/json").produces("application/json")
                .to("direct:resource-use-create")
                .get().routeId("rest-resource-use-list").produces("application/json").to("direct:resource-use-list")
                .delete("/{id}").routeId("rest-resource-use-delete").to("direct:resource-use-delete");

        rest("/v1/dead-letters")
                .get().routeId("rest-dead-letters-list").produces("application/json").to("direct:dead-letters-list")
                .post("/{id}/retry").routeId("rest-dead-letters-retry").produces("application/json")
                .to("direct:dead-letters-retry")
                .delete("/{id}").routeId("rest-dead-letters-discard").to("direct:dead-letters-discard");

        rest("/v1/audit")
                .get().routeId("rest-audit-list").produces("application/json").to("direct:audit-list");

        rest("/v1/routes")
                .get().routeId("rest-routes-list").produces("application/json").to("direct:routes-list")
                .get("/{id}").routeId("rest-routes-get").produces("application/json").to("direct:routes-get")
                .post("/{id}/suspend").routeId("rest-routes-suspend").produces("application/json")
                .to("direct:routes-suspend")
                .post("/{id}/resume").routeId("rest-routes-resume").produces("application/json")
                .to("direct:routes-resume");

        rest("/v1/queues")
                .get().routeId("rest-queues-list").produces("application/json").to("direct:queues-list");

        rest("/v1/inbox")
                .get().routeId("rest-inbox-list").produces("application/json").to("direct:inbox-list")
                .get("/{meldingId}").routeId("rest-inbox-download").produces("application/pkcs7-mime")
                .to("direct:inbox-download")
                .delete("/{meldingId}").routeId("rest-inbox-ack").to("direct:inbox-ack");
    }
}
