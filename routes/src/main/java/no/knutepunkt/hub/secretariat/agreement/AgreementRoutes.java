package no.knutepunkt.hub.secretariat.agreement;

import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.api.DocumentUploads;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.Problem;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/** The agreement API: register a version for signing, amend it, and see who has signed. */
@Component
public class AgreementRoutes extends RouteBuilder {
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private final Agreements agreements;
    private final AgreementStore store;
    private final DocumentUploads uploads;

    public AgreementRoutes(Agreements agreements, AgreementStore store, DocumentUploads uploads) {
        this.agreements = agreements;
        this.store = store;
        this.uploads = uploads;
    }

    @Override
    public void configure() {
        from("direct:agreements-create").routeId("agreements-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> register(exchange, null));
        from("direct:agreements-amend").routeId("agreements-amend").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> register(exchange, exchange.getMessage().getHeader(Headers.ID, String.class)));
        from("direct:agreements-list").routeId("agreements-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> Http.json(exchange, 200, store.ids().stream().map(this::view).toList()));
        from("direct:agreements-get").routeId("agreements-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    if (store.versions(id).isEmpty()) {
                        throw Problem.notFound("no agreement " + id);
                    }
                    Http.json(exchange, 200, view(id));
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
        Http.json(exchange, 202, view(version.id()));
    }

    private Map<String, Object> view(String id) {
        List<AgreementStore.Version> versions = store.versions(id);
        LocalDate today = LocalDate.now(OSLO);
        Integer inForce = null;
        for (AgreementStore.Version v : versions) {
            if (v.gyldigFra().isPresent() && !today.isAfter(v.gyldigTil())) {
                inForce = v.versjon();
            }
        }
        List<Map<String, Object>> views = new ArrayList<>();
        for (AgreementStore.Version v : versions) {
            List<AgreementStore.Party> parties = store.parties(id, v.versjon());
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("versjon", v.versjon());
            view.put("noekkel", v.noekkel());
            view.put("tittel", v.tittel());
            view.put("status", status(v, parties, inForce, today));
            view.put("gyldigFra", v.gyldigFra().map(Object::toString).orElse(null));
            view.put("gyldigTil", v.gyldigTil().toString());
            view.put("evalueringsdato", v.evalueringsdato().map(Object::toString).orElse(null));
            view.put("filnavn", v.filnavn());
            view.put("sha256", v.sha256());
            view.put("distribusjonId", v.distribusjonId());
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String state : List.of(AgreementStore.SIGNED, AgreementStore.NOT_SIGNED, AgreementStore.REFUSED)) {
                counts.put(state, parties.stream().filter(p -> p.state().equals(state)).count());
            }
            view.put("counts", counts);
            view.put("parter", parties.stream().map(p -> {
                Map<String, Object> pv = new LinkedHashMap<>();
                pv.put("orgnr", p.orgnr());
                pv.put("state", p.state());
                pv.put("at", p.at().map(Object::toString).orElse(null));
                pv.put("grunn", p.grunn().orElse(null));
                return pv;
            }).toList());
            views.add(view);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("iKraftVersjon", inForce);
        body.put("versions", views);
        return body;
    }

    /** IN_FORCE, SUPERSEDED (a later version is in force), EXPIRED, REFUSED, or AWAITING_SIGNATURES. */
    private static String status(AgreementStore.Version v, List<AgreementStore.Party> parties, Integer inForce,
                                 LocalDate today) {
        if (v.gyldigFra().isPresent()) {
            if (today.isAfter(v.gyldigTil())) {
                return "EXPIRED";
            }
            return inForce != null && inForce == v.versjon() ? "IN_FORCE" : "SUPERSEDED";
        }
        return parties.stream().anyMatch(p -> p.state().equals(AgreementStore.REFUSED))
                ? "REFUSED" : "AWAITING_SIGNATURES";
    }
}
