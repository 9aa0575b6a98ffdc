package no.knutepunkt.hub.audit;

import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** {@code GET /api/v1/audit}: the audit trail for operators, newest first, with the filters of {@link AuditQuery}. */
@Component
public class AuditApiRoutes extends RouteBuilder {
    private final AuditStore store;
    private final ApiJson json;

    public AuditApiRoutes(AuditStore store, ApiJson json) {
        this.store = store;
        this.json = json;
    }

    /** An entry as the API shows it. */
    record EntryView(long id, String at, String actor, String role, String action, String outcome, int status,
                     String channel) {
        static EntryView of(AuditStore.Entry e) {
            return new EntryView(e.id(), e.at().toString(), e.actor(), e.role(), e.action(), e.outcome(), e.status(),
                    e.channel());
        }
    }

    @Override
    public void configure() {
        from("direct:audit-list").routeId("audit-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    Message in = exchange.getMessage();
                    AuditStore.Filter filter = AuditQuery.parse(in.getHeader("actor", String.class),
                            in.getHeader("outcome", String.class), in.getHeader("action", String.class),
                            in.getHeader("from", String.class), in.getHeader("limit", String.class));
                    json.write(exchange, 200, store.list(filter).stream().map(EntryView::of).toList());
                });
    }
}
