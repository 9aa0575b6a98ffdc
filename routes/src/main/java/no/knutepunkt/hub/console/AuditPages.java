package no.knutepunkt.hub.console;

import java.util.List;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.audit.AuditQuery;
import no.knutepunkt.hub.audit.AuditStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit trail of staff actions, with the filters of the API's {@code GET /audit}. */
@Controller
@RequestMapping("/console/operator/audit")
class AuditPages {
    private final AuditStore store;

    AuditPages(AuditStore store) {
        this.store = store;
    }

    /** An entry as a row: its time in local time. */
    record Row(AuditStore.Entry entry, String when) {
    }

    @GetMapping
    String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String outcome,
                 @RequestParam(required = false) String action, @RequestParam(required = false) String from,
                 Model model) {
        model.addAttribute("actor", actor == null ? "" : actor);
        model.addAttribute("outcome", outcome == null ? "" : outcome);
        model.addAttribute("action", action == null ? "" : action);
        model.addAttribute("from", from == null ? "" : from);
        List<Row> rows = List.of();
        try {
            rows = store.list(AuditQuery.parse(actor, outcome, action, from, null)).stream()
                    .map(e -> new Row(e, Times.local(e.at()))).toList();
        } catch (Problem p) {
            model.addAttribute("problem", p.getMessage());
        }
        model.addAttribute("rows", rows);
        return "console/audit";
    }
}
