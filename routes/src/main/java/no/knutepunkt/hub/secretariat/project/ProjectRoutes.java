package no.knutepunkt.hub.secretariat.project;

import jakarta.validation.constraints.Size;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.DocumentUploads;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The project portfolio API. */
@Component
public class ProjectRoutes extends RouteBuilder {
    private final Projects projects;
    private final ProjectStore store;
    private final ProjectViews views;
    private final DocumentUploads uploads;
    private final ApiJson json;

    public ProjectRoutes(Projects projects, ProjectStore store, ProjectViews views, DocumentUploads uploads,
                         ApiJson json) {
        this.projects = projects;
        this.store = store;
        this.views = views;
        this.uploads = uploads;
        this.json = json;
    }

    @Override
    public void configure() {
        from("direct:projects-create").routeId("projects-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    Projects.Created created = projects.create(json.body(exchange, Projects.Create.class),
                            Http.caller(exchange).username());
                    json.write(exchange, created.created() ? 201 : 200, views.of(created.project()));
                });
        from("direct:projects-list").routeId("projects-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, store.list().stream().map(views::of).toList()));
        from("direct:projects-get").routeId("projects-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, views.of(project(exchange))));
        from("direct:projects-document").routeId("projects-document").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    ProjectStore.Project project = project(exchange);
                    var caller = Http.caller(exchange);
                    if (caller.orgnr().isPresent() && !store.participants(project.id()).contains(caller.orgnr().get())) {
                        throw new Problem(403, "not-a-participant", "Not a participant",
                                caller.orgnr().get() + " does not take part in project " + project.id());
                    }
                    String noekkel = exchange.getMessage().getHeader(Headers.NOEKKEL, String.class);
                    ProjectStore.Document document = store.document(project.id(), noekkel)
                            .orElseThrow(() -> Problem.notFound("no document " + noekkel + " in project "
                                    + project.id()));
                    Http.file(exchange, store.content(project.id(), noekkel).orElseThrow(),
                            "application/octet-stream", document.filnavn());
                });
        from("direct:projects-status").routeId("projects-status").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    ProjectStore.Project project = project(exchange);
                    projects.setStatus(project.id(), json.body(exchange, StatusChange.class).status());
                    json.write(exchange, 200, views.of(store.find(project.id()).orElseThrow()));
                });
        from("direct:projects-add-document").routeId("projects-add-document").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    ProjectStore.Project project = project(exchange);
                    DocumentUploads.Upload<Projects.AddDocument> upload = uploads.read(exchange, "the document",
                            Projects.AddDocument.class);
                    projects.addDocument(project.id(), upload.metadata(), upload.document(),
                            Http.caller(exchange).username());
                    json.write(exchange, 202, views.of(store.find(project.id()).orElseThrow()));
                });
    }

    /** A status change. */
    record StatusChange(@Size(max = 20, message = Projects.MAX) String status) {
    }

    private ProjectStore.Project project(Exchange exchange) {
        String id = exchange.getMessage().getHeader(Headers.ID, String.class);
        return store.find(id).orElseThrow(() -> Problem.notFound("no project " + id));
    }
}
