package no.knutepunkt.hub.console;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.secretariat.distribution.DistributionStore;
import no.knutepunkt.hub.secretariat.distribution.Distributions;
import no.knutepunkt.hub.secretariat.distribution.Progress;
import no.knutepunkt.hub.security.Caller;
import no.knutepunkt.platform.member.MemberRegistry;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The secretariat's distributions: a form to send a document to all members, a region, an IT cooperation or
 * members picked from the list (with a preview of the recipients), and each distribution's progress, live.
 * Everything goes through {@link Distributions}, as the API's {@code POST /distributions} does.
 */
@Controller
@RequestMapping("/console/secretariat/distributions")
class SecretariatPages {
    private final Distributions distributions;
    private final DistributionStore store;
    private final MemberRegistry registry;
    private final TargetChoices targets;

    SecretariatPages(Distributions distributions, DistributionStore store, MemberRegistry registry,
                     TargetChoices targets) {
        this.distributions = distributions;
        this.store = store;
        this.registry = registry;
        this.targets = targets;
    }

    /** A distribution with its progress, as a row of the list. */
    record Row(DistributionStore.Distribution distribution, Progress progress) {
        public String when() {
            return Times.local(distribution.createdAt());
        }

        public boolean finished() {
            return progress.percent() >= 100 || !DistributionStore.ACTIVE.equals(distribution.state());
        }
    }

    @ModelAttribute
    void choices(Model model) {
        targets.fill(model);
        model.addAttribute("types", distributions.documentTypes());
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("rows", store.list(100).stream().map(this::row).toList());
        return "console/distributions";
    }

    /** The recipients a target names, before anything is sent (an htmx fragment). */
    @PostMapping("/preview")
    String preview(@ModelAttribute TargetForm form, Model model) {
        try {
            List<String> orgnrs = distributions.members(form.toTarget());
            model.addAttribute("recipients", orgnrs.stream().map(registry::find).flatMap(Optional::stream).toList());
        } catch (Problem p) {
            model.addAttribute("problem", p.getMessage());
        }
        return "console/distribution-parts :: preview";
    }

    @PostMapping
    String create(@ModelAttribute TargetForm form, @RequestParam String noekkel, @RequestParam String meldingType,
                  @RequestParam Optional<String> filnavn, @RequestParam("document") MultipartFile document,
                  @AuthenticationPrincipal Caller caller, RedirectAttributes flash) throws IOException {
        try {
            targets.checkSize(document);
            String name = filnavn.filter(f -> !f.isBlank())
                    .or(() -> Optional.ofNullable(document.getOriginalFilename()).filter(f -> !f.isBlank()))
                    .orElse(null);
            DistributionStore.Created created = distributions.register(new Distributions.Request(noekkel,
                    meldingType, name, form.toTarget(), null), document.getBytes(), caller.username());
            flash.addFlashAttribute("notice", created.created()
                    ? "Distribution " + created.distribution().noekkel() + " registered: its messages are being made."
                    : "A distribution with the key " + noekkel + " exists already; nothing was sent again.");
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        }
        return "redirect:/console/secretariat/distributions";
    }

    /** One distribution's row: its progress bar, counts and Cancel (an htmx fragment, polled until it is finished). */
    @GetMapping("/{id}/progress")
    String progress(@PathVariable String id, Model model) {
        DistributionStore.Distribution d = store.find(id)
                .orElseThrow(() -> Problem.notFound("no distribution " + id));
        model.addAttribute("row", row(d));
        return "console/distribution-parts :: row";
    }

    @PostMapping("/{id}/cancel")
    String cancel(@PathVariable String id, @AuthenticationPrincipal Caller caller, RedirectAttributes flash) {
        try {
            int stopped = distributions.cancel(id, caller.username());
            flash.addFlashAttribute("notice", "Distribution cancelled: " + stopped + " deliveries stopped.");
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        }
        return "redirect:/console/secretariat/distributions";
    }

    private Row row(DistributionStore.Distribution d) {
        return new Row(d, Progress.of(store.recipients(d.id())));
    }
}
