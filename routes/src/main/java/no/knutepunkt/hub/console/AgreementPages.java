package no.knutepunkt.hub.console;

import java.io.IOException;
import java.util.Optional;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.secretariat.agreement.AgreementStore;
import no.knutepunkt.hub.secretariat.agreement.AgreementViews;
import no.knutepunkt.hub.secretariat.agreement.Agreements;
import no.knutepunkt.hub.secretariat.distribution.Distributions;
import no.knutepunkt.hub.security.Caller;
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
 * The cooperation agreement: register a version and send it to its parties for signing, see per party SIGNED,
 * NOT_SIGNED or REFUSED, and send an amendment (the next version, to the same parties). Through {@link Agreements},
 * as the API's {@code POST /agreements}.
 */
@Controller
@RequestMapping("/console/secretariat/agreements")
class AgreementPages {
    private final Agreements agreements;
    private final AgreementStore store;
    private final AgreementViews views;
    private final TargetChoices targets;

    AgreementPages(Agreements agreements, AgreementStore store, AgreementViews views, TargetChoices targets) {
        this.agreements = agreements;
        this.store = store;
        this.views = views;
        this.targets = targets;
    }

    @GetMapping
    String list(Model model) {
        targets.fill(model);
        model.addAttribute("agreements", store.ids().stream().map(views::of).toList());
        return "console/agreements";
    }

    @PostMapping
    String register(@ModelAttribute TargetForm form, @RequestParam String noekkel, @RequestParam String tittel,
                    @RequestParam String gyldigTil, @RequestParam Optional<String> evalueringsdato,
                    @RequestParam("document") MultipartFile document, @AuthenticationPrincipal Caller caller,
                    RedirectAttributes flash) throws IOException {
        return send(flash, document, () -> agreements.register(request(noekkel, tittel, form.toTarget(), gyldigTil,
                evalueringsdato, document), document.getBytes(), caller.username()));
    }

    @PostMapping("/{id}/versions")
    String amend(@PathVariable String id, @RequestParam String noekkel, @RequestParam String tittel,
                 @RequestParam String gyldigTil, @RequestParam Optional<String> evalueringsdato,
                 @RequestParam("document") MultipartFile document, @AuthenticationPrincipal Caller caller,
                 RedirectAttributes flash) throws IOException {
        return send(flash, document, () -> agreements.amend(id, request(noekkel, tittel, null, gyldigTil,
                evalueringsdato, document), document.getBytes(), caller.username()));
    }

    /** The work of a form: a version registered, or the refusal shown. */
    private interface Registration {
        AgreementStore.Version register() throws IOException;
    }

    private String send(RedirectAttributes flash, MultipartFile document, Registration registration)
            throws IOException {
        try {
            targets.checkSize(document);
            AgreementStore.Version v = registration.register();
            flash.addFlashAttribute("notice", "Version " + v.versjon() + " of " + v.tittel()
                    + " registered and sent to its parties for signing.");
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        }
        return "redirect:/console/secretariat/agreements";
    }

    private static Agreements.Request request(String noekkel, String tittel,
                                              Distributions.Target parter,
                                              String gyldigTil, Optional<String> evalueringsdato,
                                              MultipartFile document) {
        return new Agreements.Request(noekkel, tittel, parter, gyldigTil,
                evalueringsdato.filter(d -> !d.isBlank()).orElse(null),
                Optional.ofNullable(document.getOriginalFilename()).filter(f -> !f.isBlank()).orElse(null),
                Optional.ofNullable(document.getContentType()).filter(t -> !t.isBlank()).orElse(null));
    }
}
