package no.knutepunkt.hub.directory;

import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The member registry and the known message types, as the API shows them. */
@Component
public class MembersRoute extends RouteBuilder {
    private final MemberRegistry registry;
    private final MemberRouting routing;
    private final MessageTypes types;

    public MembersRoute(MemberRegistry registry, MemberRouting routing, MessageTypes types) {
        this.registry = registry;
        this.routing = routing;
        this.types = types;
    }

    @Override
    public void configure() {
        from("direct:members-list").routeId("members-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, registry.all().stream().map(this::view).toList()));

        from("direct:message-types-list").routeId("message-types-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, types.all().stream()
                        .sorted(java.util.Comparator.comparing(MessageType::id)).map(MembersRoute::view).toList()));
    }

    private static Map<String, Object> view(MessageType t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("kind", t.kind().name());
        v.put("hasPayload", t.hasPayload());
        v.put("payloadFilename", t.payloadFilename().orElse(null));
        v.put("schema", t.schemaResource().orElse(null));
        return v;
    }

    private Map<String, Object> view(Member m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("orgnr", m.orgnr());
        v.put("kommunenummer", m.kommunenummer());
        v.put("name", m.name());
        v.put("region", m.region());
        v.put("itCooperation", m.itCooperation().orElse(null));
        v.put("inhabitants", m.inhabitants());
        v.put("connector", routing.connectorOf(m.orgnr()));
        return v;
    }
}
