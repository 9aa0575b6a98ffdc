package no.knutepunkt.hub.console;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.messaging.store.MessageActivity;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * The members as tiles coloured by state: each member's connector, its last successful delivery, the deliveries to
 * it that failed in the last 24 hours, the messages waiting in its inbox, and when its certificate expires.
 */
@Controller
@RequestMapping("/console/operator/members")
class MemberPages {
    /** A certificate this close to its end is a warning. */
    static final Duration CERTIFICATE_WARNING = Duration.ofDays(30);
    private static final Duration FAILURE_WINDOW = Duration.ofHours(24);
    private static final Duration DELIVERY_WINDOW = Duration.ofDays(30);

    private final MemberRegistry registry;
    private final MemberRouting routing;
    private final MessageActivity activity;
    private final Identities identities;

    MemberPages(MemberRegistry registry, MemberRouting routing, MessageActivity activity, Identities identities) {
        this.registry = registry;
        this.routing = routing;
        this.activity = activity;
        this.identities = identities;
    }

    /**
     * One member's tile.
     *
     * @param state {@code ok}, {@code warn} (certificate ending within 30 days, or none) or {@code bad} (failures in
     *              the last 24 hours, or an expired certificate)
     */
    record Tile(Member member, String connector, Optional<String> lastDelivered, int failures, int inbox,
                String certificate, String state) {
    }

    @GetMapping
    String members(Model model) {
        Instant now = Instant.now();
        Map<String, Instant> last = activity.lastDelivered(now, DELIVERY_WINDOW);
        Map<String, Integer> failures = activity.failures(now, FAILURE_WINDOW);
        Map<String, Integer> inbox = activity.inboxWaiting();
        List<Tile> tiles = registry.all().stream().sorted(Comparator.comparing(Member::name))
                .map(m -> tile(m, now, last, failures, inbox)).toList();
        model.addAttribute("tiles", tiles);
        model.addAttribute("bad", tiles.stream().filter(t -> t.state().equals("bad")).count());
        model.addAttribute("warn", tiles.stream().filter(t -> t.state().equals("warn")).count());
        return "console/members";
    }

    private Tile tile(Member m, Instant now, Map<String, Instant> last, Map<String, Integer> failures,
                      Map<String, Integer> inbox) {
        Optional<Instant> ends = identities.certificateOf(m.orgnr()).map(X509Certificate::getNotAfter)
                .map(Date::toInstant);
        int failed = failures.getOrDefault(m.orgnr(), 0);
        String note;
        String state;
        if (ends.isEmpty()) {
            note = "no certificate";
            state = "warn";
        } else if (ends.get().isBefore(now)) {
            note = "expired";
            state = "bad";
        } else if (ends.get().isBefore(now.plus(CERTIFICATE_WARNING))) {
            note = "expires in " + Times.age(now, ends.get());
            state = "warn";
        } else {
            note = "valid";
            state = "ok";
        }
        if (failed > 0) {
            state = "bad";
        }
        return new Tile(m, routing.connectorOf(m.orgnr()),
                Optional.ofNullable(last.get(m.orgnr())).map(at -> Times.age(at, now) + " ago"), failed,
                inbox.getOrDefault(m.orgnr(), 0), note + ends.map(e -> ", to " + Times.date(e)).orElse(""), state);
    }
}
