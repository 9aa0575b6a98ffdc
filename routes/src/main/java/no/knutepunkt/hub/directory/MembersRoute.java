package no.knutepunkt.hub.directory;

import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
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
    private final ApiJson json;

    public MembersRoute(MemberRegistry registry, MemberRouting routing, MessageTypes types, ApiJson json) {
        this.registry = registry;
        this.routing = routing;
        this.types = types;
        this.json = json;
    }

    record MemberView(String orgnr, String kommunenummer, String name, String region, String itCooperation,
                      int inhabitants, String connector) {
    }

    record MessageTypeView(String id, String kind, boolean hasPayload, String payloadFilename, String schema) {
    }

    @Override
    public void configure() {
        from("direct:members-list").routeId("members-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, registry.all().stream().map(this::view).toList()));

        from("direct:message-types-list").routeId("message-types-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, types.all().stream()
                        .sorted(java.util.Comparator.comparing(MessageType::id)).map(MembersRoute::view).toList()));
    }

    private static MessageTypeView view(MessageType t) {
        return new MessageTypeView(t.id(), t.kind().name(), t.hasPayload(), t.payloadFilename().orElse(null),
                t.schemaResource().orElse(null));
    }

    private MemberView view(Member m) {
        return new MemberView(m.orgnr(), m.kommunenummer(), m.name(), m.region(), m.itCooperation().orElse(null),
                m.inhabitants(), routing.connectorOf(m.orgnr()));
    }
}
