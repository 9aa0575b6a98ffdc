package no.knutepunkt.hub.secretariat.project;

import java.util.List;
import java.util.Map;
import no.knutepunkt.hub.secretariat.distribution.DistributionStore;
import no.knutepunkt.hub.secretariat.distribution.Progress;
import org.springframework.stereotype.Component;

/** A project as the API and the console show it: participants, status, and its documents with their deliveries. */
@Component
public class ProjectViews {
    private final ProjectStore store;
    private final DistributionStore distributions;

    public ProjectViews(ProjectStore store, DistributionStore distributions) {
        this.store = store;
        this.distributions = distributions;
    }

    public record ProjectView(String id, String noekkel, String namn, String prosjekteigar, List<String> deltakarar,
                       String mandat, long budsjett, String status, List<DocumentView> dokument) {
    }

    /** A project document, with the delivery statuses of its distribution counted. */
    public record DocumentView(String noekkel, int nummer, String tittel, String filnavn, String distribusjonId,
                        Map<String, Integer> counts) {
    }

    public ProjectView of(ProjectStore.Project p) {
        return new ProjectView(p.id(), p.noekkel(), p.namn(), p.prosjekteigar(), store.participants(p.id()),
                p.mandat(), p.budsjettNok(), p.status(), store.documents(p.id()).stream()
                .map(d -> new DocumentView(d.noekkel(), d.nummer(), d.tittel(), d.filnavn(), d.distribusjonId(),
                        Progress.of(distributions.recipients(d.distribusjonId())).counts()))
                .toList());
    }
}
