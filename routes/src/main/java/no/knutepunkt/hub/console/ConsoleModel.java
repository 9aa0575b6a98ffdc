package no.knutepunkt.hub.console;

import java.util.Optional;
import no.knutepunkt.hub.security.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every console page shows in its header: who is signed in, in which role. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute("caller")
    Optional<Caller> caller(Authentication authentication) {
        return Optional.ofNullable(authentication).map(Authentication::getPrincipal)
                .filter(Caller.class::isInstance).map(Caller.class::cast);
    }
}
