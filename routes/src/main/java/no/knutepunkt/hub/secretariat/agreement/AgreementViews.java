package no.knutepunkt.hub.secretariat.agreement;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * An agreement as the API and the console show it: every version with its status (in force, superseded, expired,
 * refused, awaiting signatures), its parties and how many have signed, refused or not answered.
 */
@Component
public class AgreementViews {
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private final AgreementStore store;

    public AgreementViews(AgreementStore store) {
        this.store = store;
    }

    public record AgreementView(String id, Integer iKraftVersjon, List<VersionView> versions) {
    }

    public record VersionView(int versjon, String noekkel, String tittel, String status, String gyldigFra, String gyldigTil,
                       String evalueringsdato, String filnavn, String sha256, String distribusjonId,
                       Map<String, Long> counts, List<PartyView> parter) {
    }

    public record PartyView(String orgnr, String state, String at, String grunn) {
    }

    /** The agreement with every version, its status and its parties. */
    public AgreementView of(String id) {
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
