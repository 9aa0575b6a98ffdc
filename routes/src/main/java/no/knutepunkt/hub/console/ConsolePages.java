package no.knutepunkt.hub.console;

import no.knutepunkt.hub.security.Caller;
import no.knutepunkt.platform.identity.Role;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's entry: the sign-in page, and each role's first page. */
@Controller
class ConsolePages {

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    /** Operators start at the overview, the secretariat at its distributions. */
    @GetMapping({"/", "/console"})
    String home(Authentication authentication) {
        Caller caller = (Caller) authentication.getPrincipal();
        return caller.role() == Role.OPERATOR
                ? "redirect:/console/operator/overview"
                : "redirect:/console/secretariat/distributions";
    }
}
