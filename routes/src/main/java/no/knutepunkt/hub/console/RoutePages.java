package no.knutepunkt.hub.console;

import java.util.List;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.operations.BrokerQueues;
import no.knutepunkt.hub.operations.RouteStatistics;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Every Camel route with its state and counters, suspend and resume for the routes that consume a broker queue
 * (a connector's deliveries wait on its queue while suspended), and the broker's queues beside them.
 */
@Controller
@RequestMapping("/console/operator/routes")
class RoutePages {
    private final RouteStatistics routes;
    private final BrokerQueues queues;

    RoutePages(RouteStatistics routes, BrokerQueues queues) {
        this.routes = routes;
        this.queues = queues;
    }

    /** A queue as a row: its oldest message's age as text. */
    record QueueRow(BrokerQueues.QueueView queue, String oldest) {
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("routes", routes.routes());
        model.addAttribute("queues", queueRows(queues));
        return "console/routes";
    }

    /** The queues part alone (an htmx fragment, refreshed every 2 seconds). */
    @GetMapping("/queues")
    String queuesPart(Model model) {
        model.addAttribute("queues", queueRows(queues));
        return "console/routes :: queues";
    }

    @PostMapping("/{id}/suspend")
    String suspend(@PathVariable String id, RedirectAttributes flash) {
        try {
            RouteStatistics.RouteView route = routes.suspend(id);
            flash.addFlashAttribute("notice", "Route " + id + " is " + route.state()
                    + ": what arrives on its queue waits there until it is resumed.");
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        }
        return "redirect:/console/operator/routes";
    }

    @PostMapping("/{id}/resume")
    String resume(@PathVariable String id, RedirectAttributes flash) {
        try {
            RouteStatistics.RouteView route = routes.resume(id);
            flash.addFlashAttribute("notice", "Route " + id + " is " + route.state() + " again.");
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        }
        return "redirect:/console/operator/routes";
    }

    static List<QueueRow> queueRows(BrokerQueues queues) {
        return queues.queues().stream().map(q -> new QueueRow(q, q.oldestAge().map(Times::age).orElse("—")))
                .toList();
    }
}
