package no.knutepunkt.hub.console;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.directory.CertificateExpiry;
import no.knutepunkt.hub.messaging.failure.DeadLetterStore;
import no.knutepunkt.hub.messaging.failure.DeadLetters;
import no.knutepunkt.hub.messaging.store.MessageActivity;
import no.knutepunkt.hub.operations.BrokerQueues;
import no.knutepunkt.hub.security.Caller;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The operators' pages: the overview (chart, deliveries by status, queues, health), and the dead letters. */
@Controller
@RequestMapping("/console/operator")
class OperatorPages {
    /** The chart's span. */
    static final int MINUTES = 60;
    private final MessageActivity activity;
    private final DeadLetterStore deadLetterStore;
    private final DeadLetters deadLetters;
    private final HealthEndpoint health;
    private final BrokerQueues queues;
    private final CertificateExpiry certificates;

    OperatorPages(MessageActivity activity, DeadLetterStore deadLetterStore, DeadLetters deadLetters,
                  HealthEndpoint health, BrokerQueues queues, CertificateExpiry certificates) {
        this.queues = queues;
        this.certificates = certificates;
        this.activity = activity;
        this.deadLetterStore = deadLetterStore;
        this.deadLetters = deadLetters;
        this.health = health;
    }

    @GetMapping("/overview")
    String overview(Model model) {
        model.addAttribute("byStatus", activity.byStatus(Instant.now(), Duration.ofHours(24)));
        model.addAttribute("health", components(health.health()));
        model.addAttribute("queues", RoutePages.queueRows(queues));
        model.addAttribute("certificates", certificates.needingAttention());
        model.addAttribute("warnDays", certificates.warnBefore().toDays());
        return "console/overview";
    }

    /** The chart's data: per minute of the last hour, messages accepted, delivered and failed. */
    record Series(List<String> minutes, List<Integer> accepted, List<Integer> delivered, List<Integer> failed) {
    }

    @GetMapping("/activity")
    @ResponseBody
    Series activity() {
        List<MessageActivity.Minute> series = activity.perMinute(Instant.now(), MINUTES);
        return new Series(series.stream().map(m -> m.start().toString()).toList(),
                series.stream().map(MessageActivity.Minute::accepted).toList(),
                series.stream().map(MessageActivity.Minute::delivered).toList(),
                series.stream().map(MessageActivity.Minute::failed).toList());
    }

    /** A dead letter as a row of the list: with how long it has waited. */
    record LetterRow(DeadLetterStore.DeadLetter letter, String age) {
    }

    @GetMapping("/dead-letters")
    String deadLetters(@RequestParam Optional<String> connector, @RequestParam Optional<String> mottaker,
                       Model model) {
        List<DeadLetterStore.DeadLetter> all = deadLetterStore.list(500);
        Optional<String> byConnector = connector.filter(c -> !c.isBlank());
        Optional<String> byMember = mottaker.map(String::strip).filter(m -> !m.isBlank());
        Instant now = Instant.now();
        model.addAttribute("letters", all.stream()
                .filter(l -> byConnector.map(l.connector()::equals).orElse(true))
                .filter(l -> byMember.map(l.mottaker()::equals).orElse(true))
                .map(l -> new LetterRow(l, Times.age(l.at(), now)))
                .toList());
        model.addAttribute("connectors", all.stream().map(DeadLetterStore.DeadLetter::connector).distinct().sorted()
                .toList());
        model.addAttribute("connector", byConnector.orElse(""));
        model.addAttribute("mottaker", byMember.orElse(""));
        return "console/dead-letters";
    }

    @PostMapping("/dead-letters/{id}/retry")
    String retry(@PathVariable long id, @AuthenticationPrincipal Caller caller, RedirectAttributes flash) {
        return act(flash, () -> {
            DeadLetterStore.DeadLetter letter = deadLetters.retry(id, caller.username());
            return "Dead letter " + id + " put back on the " + letter.connector() + " queue: its delivery to "
                    + letter.mottaker() + " is QUEUED again.";
        });
    }

    @PostMapping("/dead-letters/{id}/discard")
    String discard(@PathVariable long id, @AuthenticationPrincipal Caller caller, RedirectAttributes flash) {
        return act(flash, () -> {
            deadLetters.discard(id, caller.username());
            return "Dead letter " + id + " discarded: its delivery stays FAILED.";
        });
    }

    private static String act(RedirectAttributes flash, Supplier<String> action) {
        try {
            flash.addFlashAttribute("notice", action.get());
        } catch (Problem p) {
            flash.addFlashAttribute("problem", p.getMessage());
        }
        return "redirect:/console/operator/dead-letters";
    }

    /** The health of each part (broker, database, connectors...), by name; the whole under "hub". */
    static Map<String, String> components(HealthDescriptor root) {
        Map<String, String> parts = new TreeMap<>();
        if (root instanceof CompositeHealthDescriptor composite) {
            composite.getComponents().forEach((name, part) -> parts.put(name, part.getStatus().getCode()));
        }
        parts.put("hub", root.getStatus().getCode());
        return parts;
    }
}
