package no.knutepunkt.hub.secretariat.agreement;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private final Agreements agreements;
    private final AgreementStore store;
    private final DocumentUploads uploads;
    private final ApiJson json;

    public AgreementRoutes(Agreements agreements, AgreementStore store, DocumentUploads uploads, ApiJson json) {
        this.agreements = agreements;
        this.store = store;
        this.uploads = uploads;
        this.json = json;
    }

    record AgreementView(String id, Integer iKraftVersjon, List<VersionView> versions) {
    }

    record VersionView(int versjon, String noekkel, String tittel, String status, String gyldigFra, String gyldigTil,
                       String evalueringsdato, String filnavn, String sha256, String distribusjonId,
                       Map<String, Long> counts, List<PartyView> parter) {
    }

    record PartyView(String orgnr, String state, String at, String grunn) {
    }

    @Override
    public void configure() {
        from("direct:agreements-create").routeId("agreements-create").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> register(exchange, null));
        from("direct:agreements-amend").routeId("agreements-amend").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> register(exchange, exchange.getMessage().getHeader(Headers.ID, String.class)));
        from("direct:agreements-list").routeId("agreements-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200, store.ids().stream().map(this::view).toList()));
        from("direct:agreements-get").routeId("agreements-get").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String id = exchange.getMessage().getHeader(Headers.ID, String.class);
                    if (store.versions(id).isEmpty()) {
                        throw Problem.notFound("no agreement " + id);
                    }
                    json.write(exchange, 200, view(id));
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
        json.write(exchange, 202, view(version.id()));
    }

    private AgreementView view(String id) {
        List<AgreementStore.Version> versions = store.versions(id);
        LocalDate today = LocalDate.now(OSLO);
        Integer inForce = null;
        for (AgreementStore.Version v : versions) {
            if (v.gyldigFra().isPresent() && !today.isAfter(v.gyldigTil())) {
                inForce = v.versjon();
            }
        }
        List<VersionView> views = new ArrayList<>();
        for (AgreementStore.Version v : versions) {
            List<AgreementStore.Party> parties = store.parties(id, v.versjon());
            Map<String, Long> counts = new LinkedHashMap<>();
            for (String state : List.of(AgreementStore.SIGNED, AgreementStore.NOT_SIGNED, AgreementStore.REFUSED)) {
                counts.put(state, parties.stream().filter(p -> p.state().equals(state)).count());
            }
            views.add(new VersionView(v.versjon(), v.noekkel(), v.tittel(), status(v, parties, inForce, today),
                    v.gyldigFra().map(Object::toString).orElse(null), v.gyldigTil().toString(),
                    v.evalueringsdato().map(Object::toString).orElse(null), v.filnavn(), v.sha256(),
                    v.distribusjonId(), counts, parties.stream().map(p -> new PartyView(p.orgnr(), p.state(),
                    p.at().map(Object::toString).orElse(null), p.grunn().orElse(null))).toList()));
        }
        return new AgreementView(id, inForce, views);
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
