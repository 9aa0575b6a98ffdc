package no.knutepunkt.hub.flow;

import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.config.MemberRouting;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The member registry, as the API shows it. */
@Component
public class MembersRoute extends RouteBuilder {
    private final MemberRegistry registry;
    private final MemberRouting routing;

    public MembersRoute(MemberRegistry registry, MemberRouting routing) {
        this.registry = registry;
        this.routing = routing;
    }

    @Override
    public void configure() {
        from("direct:members-list").routeId("members-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, registry.all().stream().map(this::view).toList()));
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
