package no.knutepunkt.hub.console;

import jakarta.servlet.http.HttpServletResponse;
import no.knutepunkt.hub.api.Problem;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/** A refusal on a console page (a run or distribution that is not there, say) is a page that says why, with its status. */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
class ConsoleErrors {

    @ExceptionHandler(Problem.class)
    String problem(Problem problem, HttpServletResponse response, Model model) {
        response.setStatus(problem.status());
        model.addAttribute("status", problem.status());
        model.addAttribute("problem", problem.getMessage());
        return "console/error";
    }
}
