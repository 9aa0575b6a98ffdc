package no.knutepunkt.hub.console;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.secretariat.project.ProjectStore;
import no.knutepunkt.hub.secretariat.project.ProjectViews;
import no.knutepunkt.hub.secretariat.project.Projects;
import no.knutepunkt.hub.security.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The project portfolio: every project with its participants, status and documents; register a project, change its
 * status, add a document (archived at every participant). Through {@link Projects}, as the API.
 */
@Controller
@RequestMapping("/console/secretariat/projects")
class ProjectPages {
    private final Projects projects;
    private final ProjectStore store;
    private final ProjectViews views;
    private final TargetChoices targets;

    ProjectPages(Projects projects, ProjectStore store, ProjectViews views, TargetChoices targets) {
        this.projects = projects;
        this.store = store;
        this.views = views;
        this.targets = targets;
    }

    @GetMapping
    String list(Model model) {
        targets.fill(model);
        model.addAttribute("projects", store.list().stream().map(views::of).toList());
        model.addAttribute("statuses", List.of("PLANLAGT", "GODKJENT", "AKTIV", "AVSLUTTA"));
        return "console/projects";
    }

    @PostMapping
    String create(@RequestParam String noekkel, @RequestParam String namn, @RequestParam String prosjekteigar,
                  @RequestParam(required = false) List<String> deltakarar, @RequestParam String mandat,
                  @RequestParam Optional<Long> budsjett, @AuthenticationPrincipal Caller caller,
                  RedirectAttributes flash) {
        return act(flash, () -> {
            Projects.Created created = projects.create(new Projects.Create(noekkel, namn, prosjekteigar,
                    deltakarar == null ? List.of() : deltakarar, mandat, budsjett.orElse(null), null),
                    caller.username());
            return created.created() ? "Project " + namn + " registered."
                    : "A project with the key " + noekkel + " exists already; nothing was registered.";
        });
    }

    @PostMapping("/{id}/status")
    String status(@PathVariable String id, @RequestParam String status, RedirectAttributes flash) {
        return act(flash, () -> {
            projects.setStatus(id, status);
            return "Status set to " + status + ".";
        });
    }

    @PostMapping("/{id}/documents")
    String addDocument(@PathVariable String id, @RequestParam String noekkel, @RequestParam String tittel,
                       @RequestParam Optional<String> dokumenttype, @RequestParam("document") MultipartFile document,
                       @AuthenticationPrincipal Caller caller, RedirectAttributes flash) {
        return act(flash, () -> {
            targets.checkSize(document);
            ProjectStore.Document added = projects.addDocument(id, new Projects.AddDocument(noekkel, tittel,
                    dokumenttype.filter(t -> !t.isBlank()).orElse(null), document.getOriginalFilename()),
                    document.getBytes(), caller.username());
            return "Document " + added.nummer() + ", " + added.tittel() + ", sent to every participant's archive.";
        });
    }

    /** What a form does: the notice to show, or a refusal. */
    private interface Action {
        String run() throws IOException;
    }

    private static String act(RedirectAttributes flash, Action action) {
        try {
            flash.addFlashAttribute("notice", action.run());
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        } catch (IOException e) {
            flash.addFlashAttribute("problem", "the upload could not be read: " + e.getMessage());
        }
        return "redirect:/console/secretariat/projects";
    }
}
