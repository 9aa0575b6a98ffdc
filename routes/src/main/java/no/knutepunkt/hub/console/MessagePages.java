package no.knutepunkt.hub.console;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Envelope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * One message's whole trace, found by its meldingId, or by the sender's klientMeldingId and orgnr: when the hub
 * accepted it, each delivery's steps with their times (queued, attempts, inbox, delivered, answered), and the
 * messages that answer it (receipts, error messages, the hub's notices), each a link to its own trace.
 */
@Controller
@RequestMapping("/console/operator/messages")
class MessagePages {
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private final MessageStore messages;

    MessagePages(MessageStore messages) {
        this.messages = messages;
    }

    /** An answer, with the statuses of its deliveries. */
    record Answer(Envelope envelope, List<MessageStore.DeliveryHistory> deliveries) {
    }

    @GetMapping
    String trace(@RequestParam Optional<String> q, @RequestParam Optional<String> avsender, Model model) {
        String query = q.map(String::strip).orElse("");
        String sender = avsender.map(String::strip).orElse("");
        model.addAttribute("q", query);
        model.addAttribute("avsender", sender);
        if (query.isEmpty()) {
            return "console/messages";
        }
        Optional<String> meldingId = UUID.matcher(query).matches() && messages.envelope(query).isPresent()
                ? Optional.of(query)
                : sender.isEmpty() ? Optional.empty() : messages.findByKlientMeldingId(sender, query);
        if (meldingId.isEmpty()) {
            model.addAttribute("problem", sender.isEmpty()
                    ? "No message has the meldingId " + query + ". To find one by its klientMeldingId, give the"
                    + " sender's orgnr too."
                    : "No message has the meldingId " + query + ", nor did " + sender + " send one with that"
                    + " klientMeldingId.");
            return "console/messages";
        }
        Envelope envelope = messages.envelope(meldingId.get()).orElseThrow();
        model.addAttribute("message", envelope);
        model.addAttribute("received", Times.local(envelope.receivedAt()));
        model.addAttribute("expires", Times.local(envelope.expiresAt()));
        model.addAttribute("deliveries", messages.histories(envelope.meldingId()));
        model.addAttribute("answers", messages.answers(envelope.meldingId()).stream()
                .map(a -> new Answer(a, messages.histories(a.meldingId()))).toList());
        return "console/messages";
    }
}
