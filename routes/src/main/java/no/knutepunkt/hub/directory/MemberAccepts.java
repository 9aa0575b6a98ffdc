package no.knutepunkt.hub.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.platform.protocol.Kind;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;

/**
 * Which requests each member's system takes from others ({@code knutepunkt.routing.ORGNR.accepts}), as Fiks IO
 * accounts are opened for some protocols only. An entry is a protocol ({@code no.ks.fiks.arkiv.v1}), a group of
 * types by the start of their ids ({@code no.ks.fiks.arkiv.v1.innsyn}: every type whose id is it or starts with it
 * and a dot) or one type's id; a member without the setting takes every request the hub knows, one with an empty
 * list none (a system that only sends).
 *
 * <p>Only requests are restricted. An answer ({@code .mottatt}, {@code .kvittering}, {@code .resultat*},
 * {@code feilmelding.*}) goes to the sender of the request it answers, which asked for it by sending the request,
 * so it always reaches that sender; so do the hub's notices ({@code tidsavbrudd}, the invoices, which go through
 * Peppol). Checked at start: an entry that names no request the hub knows (a typo, an answer type, a notice) stops
 * the hub, naming the member and the entry.
 */
public final class MemberAccepts {
    private final MessageTypes types;
    /** Per member with the setting: the ids of the request types it takes. */
    private final Map<String, Set<String>> restricted = new LinkedHashMap<>();

    MemberAccepts(Map<String, DirectoryProperties.MemberRoute> routes, MessageTypes types) {
        this.types = types;
        List<MessageType> requests = requests();
        routes.forEach((orgnr, route) -> {
            if (route.accepts() == null) {
                return;
            }
            Set<String> accepted = new LinkedHashSet<>();
            for (int i = 0; i < route.accepts().size(); i++) {
                String entry = route.accepts().get(i) == null ? "" : route.accepts().get(i).strip();
                List<String> matched = requests.stream().map(MessageType::id).filter(id -> matches(entry, id)).toList();
                if (matched.isEmpty()) {
                    throw new IllegalStateException("knutepunkt.routing." + orgnr + ".accepts[" + i + "]: '" + entry
                            + "' " + whyNoRequest(entry));
                }
                accepted.addAll(matched);
            }
            restricted.put(orgnr, Set.copyOf(accepted));
        });
    }

    private String whyNoRequest(String entry) {
        if (entry.isEmpty()) {
            return "is empty; name a protocol (" + String.join(", ", protocols()) + ") or a request type";
        }
        return types.find(entry).map(type -> type.kind() == Kind.NOTICE
                        ? "is a notice only the hub sends; it reaches every member whatever it accepts"
                        : "is an answer; answers reach the member that sent the request whatever it accepts")
                .orElse("is neither a protocol (" + String.join(", ", protocols()) + ") nor a group or id of request"
                        + " types the hub knows (GET /api/v1/message-types)");
    }

    /** Whether an entry of {@code accepts} (a protocol, a group or an id) covers a type. */
    private static boolean matches(String entry, String id) {
        return !entry.isEmpty() && (id.equals(entry) || id.startsWith(entry + "."));
    }

    /** The types other members (and the secretariat) may send a member: requests, in the hub's order. */
    private List<MessageType> requests() {
        return types.all().stream().filter(t -> t.kind() == Kind.REQUEST).toList();
    }

    /** The protocols of the requests the hub knows. */
    public List<String> protocols() {
        return requests().stream().map(t -> MessageTypes.protocolOf(t.id())).distinct().toList();
    }

    /** Whether the member's system takes a message of this type: any answer or notice, the requests it accepts. */
    public boolean accepts(String orgnr, MessageType type) {
        if (type.kind() != Kind.REQUEST) {
            return true;
        }
        Set<String> only = restricted.get(orgnr);
        return only == null || only.contains(type.id());
    }

    /** The request types the member takes, by protocol (protocols it takes none of are left out). */
    public Map<String, List<String>> acceptedByProtocol(String orgnr) {
        Map<String, List<String>> result = new LinkedHashMap<>();
        for (MessageType type : requests()) {
            if (accepts(orgnr, type)) {
                result.computeIfAbsent(MessageTypes.protocolOf(type.id()), p -> new ArrayList<>()).add(type.id());
            }
        }
        return result;
    }

    /**
     * Refuses a message of {@code type} to recipients whose systems do not take it: 422 {@code type-not-accepted},
     * naming them ({@code notAccepting}) and the type, with {@code field}.
     */
    public void check(Collection<String> recipients, MessageType type, String field) {
        List<String> refusing = recipients.stream().filter(r -> !accepts(r, type)).toList();
        if (!refusing.isEmpty()) {
            throw new Problem(422, "type-not-accepted", "Message type not accepted by the recipient",
                    "the system of " + String.join(", ", refusing) + " does not accept " + type.id()
                            + " (see GET /api/v1/catalog?orgnr=" + refusing.get(0) + ")")
                    .with("field", field).with("notAccepting", refusing).with("meldingType", type.id());
        }
    }
}
