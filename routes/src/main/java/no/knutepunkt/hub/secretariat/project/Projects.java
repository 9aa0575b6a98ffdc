package no.knutepunkt.hub.secretariat.project;

import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.PayloadChecks;
import no.knutepunkt.hub.secretariat.distribution.Distributions;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.protocol.Arkivmeldinger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The project portfolio: shared projects owned by one member (prosjekteigar), with participants,
 * mandate, budget and status. A document added to a project is archived in every participant's
 * archive as a Fiks Arkiv arkivmelding.opprett, through a distribution: the first creates the
 * project's saksmappe and a journalpost in it, later ones a journalpost in that saksmappe (found by
 * the project's external key). The file itself is kept with the project, for the participants to
 * fetch ({@code GET /api/v1/projects/{id}/documents/{noekkel}}): the hub carries one payload per
 * message, the arkivmelding.
 */
@Component
public class Projects {
    public static final Set<String> STATUSES = Set.of("PLANLAGT", "GODKJENT", "AKTIV", "AVSLUTTA");
    private static final Logger log = LoggerFactory.getLogger(Projects.class);
    private final ProjectStore store;
    private final MemberRegistry registry;
    private final Distributions distributions;
    private final TransactionTemplate tx;

    public Projects(ProjectStore store, MemberRegistry registry, Distributions distributions, TransactionTemplate tx) {
        this.store = store;
        this.registry = registry;
        this.distributions = distributions;
        this.tx = tx;
    }

    /** The refusal of a text longer than its column (see {@link no.knutepunkt.hub.api.ApiJson#read}). */
    static final String MAX = "must have at most {max} characters";

    /** A project to register; {@code budsjett} in whole kroner. */
    public record Create(@Size(max = 200, message = MAX) String noekkel, @Size(max = 500, message = MAX) String namn,
                         @Size(max = 9, message = MAX) String prosjekteigar,
                         @Size(max = 1000, message = "must have at most {max} entries")
                         List<@Size(max = 9, message = MAX) String> deltakarar,
                         @Size(max = 4000, message = MAX) String mandat, Long budsjett,
                         @Size(max = 20, message = MAX) String status) {
    }

    /** A document to add; {@code dokumenttype} is a Noark 5 dokumenttype code, optional. */
    public record AddDocument(@Size(max = 200, message = MAX) String noekkel, @Size(max = 500, message = MAX) String tittel,
                              @Size(max = 100, message = MAX) String dokumenttype,
                              @Size(max = 255, message = MAX) String filnavn) {
    }

    /** The outcome: the project and whether it was made now. */
    public record Created(ProjectStore.Project project, boolean created) {
    }

    public Created create(Create request, String by) {
        String noekkel = required("noekkel", request.noekkel());
        Optional<ProjectStore.Project> earlier = store.byKey(noekkel);
        if (earlier.isPresent()) {
            return new Created(earlier.get(), false);
        }
        String eigar = required("prosjekteigar", request.prosjekteigar());
        if (!registry.isMember(eigar)) {
            throw new Problem(422, "unknown-recipient", "Unknown member", "prosjekteigar " + eigar
                    + " is not a member").with("field", "prosjekteigar");
        }
        LinkedHashSet<String> deltakarar = new LinkedHashSet<>();
        deltakarar.add(eigar);
        for (String orgnr : Optional.ofNullable(request.deltakarar()).orElse(List.of())) {
            if (orgnr == null || !registry.isMember(orgnr)) {
                throw new Problem(422, "unknown-recipient", "Unknown member", "deltakar " + orgnr
                        + " is not a member").with("field", "deltakarar");
            }
            deltakarar.add(orgnr);
        }
        long budsjett = Optional.ofNullable(request.budsjett()).orElse(0L);
        if (budsjett < 0) {
            throw MultipartRequest.invalid("budsjett", "budsjett must not be negative");
        }
        String status = Optional.ofNullable(request.status()).orElse("PLANLAGT");
        checkStatus(status);
        ProjectStore.Project project = new ProjectStore.Project(UUID.randomUUID().toString(), noekkel,
                required("namn", request.namn()), eigar, required("mandat", request.mandat()), budsjett, status, by,
                Instant.now());
        tx.executeWithoutResult(s -> store.insert(project, List.copyOf(deltakarar)));
        log.info("Project {} ({}) registered by {} with {} participants", project.id(), project.namn(), by,
                deltakarar.size());
        return new Created(project, true);
    }

    public void setStatus(String id, String status) {
        checkStatus(status);
        if (!store.setStatus(id, status)) {
            throw Problem.notFound("no project " + id);
        }
    }

    /** Archives a document at every participant; the same key again adds nothing. */
    public ProjectStore.Document addDocument(String id, AddDocument request, byte[] content, String by) {
        ProjectStore.Project project = store.find(id).orElseThrow(() -> Problem.notFound("no project " + id));
        String noekkel = required("noekkel", request.noekkel());
        Optional<ProjectStore.Document> earlier = store.document(id, noekkel);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        List<ProjectStore.Document> documents = store.documents(id);
        String eigarNamn = registry.find(project.prosjekteigar()).map(m -> m.name() + " kommune").orElse("");
        Arkivmeldinger.Prosjekt prosjekt = new Arkivmeldinger.Prosjekt(project.id(), project.namn(),
                project.prosjekteigar(), eigarNamn);
        String filnavn = required("filnavn", request.filnavn());
        PayloadChecks.checkFileName("filnavn", filnavn);
        Arkivmeldinger.Dokument dokument = new Arkivmeldinger.Dokument(required("tittel", request.tittel()),
                request.dokumenttype(), filnavn, project.id() + "/" + noekkel);
        byte[] arkivmelding;
        try {
            arkivmelding = documents.isEmpty()
                    ? Arkivmeldinger.nySaksmappeMedJournalpost(prosjekt, dokument)
                    : Arkivmeldinger.journalpostISaksmappe(prosjekt, dokument);
        } catch (IllegalArgumentException e) {
            throw MultipartRequest.invalid(null, "the document cannot be archived as given: " + e.getMessage());
        }
        var distribution = distributions.register(new Distributions.Request("prosjekt:" + id + ":" + noekkel,
                Arkivmeldinger.TYPE, "arkivmelding.xml",
                new Distributions.Target(null, null, null, store.participants(id)), null), arkivmelding, by)
                .distribution();
        ProjectStore.Document added = new ProjectStore.Document(noekkel, documents.size() + 1, dokument.tittel(),
                dokument.filnavn(), distribution.id(), Instant.now());
        store.addDocument(id, added, content);
        return added;
    }

    private static void checkStatus(String status) {
        if (!STATUSES.contains(status)) {
            throw MultipartRequest.invalid("status", "status must be one of " + STATUSES);
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw MultipartRequest.invalid(field, "field '" + field + "' is required");
        }
        return value.strip();
    }
}
