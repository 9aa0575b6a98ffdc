package no.knutepunkt.hub.secretariat.distribution;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.directory.MemberAccepts;
import no.knutepunkt.hub.messaging.Notices;
import no.knutepunkt.hub.messaging.PayloadChecks;
import no.knutepunkt.hub.messaging.intake.IntakeProperties;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.platform.member.Member;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.message.Status;
import no.knutepunkt.platform.protocol.Kind;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The secretariat's distributions: one document, signed by the hub, sent as one message per
 * recipient through the same path as every message. Registering a distribution stores it with
 * all its recipients at once; the {@code distribution} route then makes the recipients' messages a
 * batch at a time, each keyed by (distribution, recipient), so a distribution interrupted by a
 * crash finishes after restart with every recipient served once.
 */
@Component
public class Distributions {
    private static final Logger log = LoggerFactory.getLogger(Distributions.class);
    private static final Set<Status> NOT_DELIVERED = Set.of(Status.RECEIVED, Status.QUEUED);
    private final DistributionStore distributions;
    private final MessageStore messages;
    private final MemberRegistry registry;
    private final PayloadChecks checks;
    private final Notices hub;
    private final long defaultTtl;
    private final Duration maxTtl;
    private final TransactionTemplate tx;
    private final MessageTypes types;
    private final MemberAccepts accepts;

    public Distributions(DistributionStore distributions, MessageStore messages, MemberRegistry registry,
                         PayloadChecks checks, Notices hub, IntakeProperties intake, TransactionTemplate tx,
                         MessageTypes types, MemberAccepts accepts) {
        this.accepts = accepts;
        this.tx = tx;
        this.types = types;
        this.distributions = distributions;
        this.messages = messages;
        this.registry = registry;
        this.checks = checks;
        this.hub = hub;
        this.defaultTtl = intake.defaultTtl().toMillis();
        this.maxTtl = intake.maxTtl();
    }

    /** The refusal of a text longer than its column (see {@link no.knutepunkt.hub.api.ApiJson#read}). */
    static final String MAX = "must have at most {max} characters";

    /**
     * Who a distribution goes to: all members, a region, an IT cooperation, or a list.
     *
     * @param alle        all members
     * @param region      the members of a region
     * @param itSamarbeid the members of an IT cooperation
     * @param mottakere   a list of orgnr
     */
    public record Target(Boolean alle, @Size(max = 100, message = MAX) String region,
                         @Size(max = 200, message = MAX) String itSamarbeid,
                         @Size(max = 1000, message = "must have at most {max} entries")
                         List<@Size(max = 9, message = MAX) String> mottakere) {
    }

    /** A request to distribute a document. */
    public record Request(@Size(max = 200, message = MAX) String noekkel,
                          @Size(max = 200, message = MAX) String meldingType,
                          @Size(max = 255, message = MAX) String filnavn, @Valid Target maal, Long ttl) {
    }

    /** The message types a distribution can send, by id: those that start an exchange with a document. */
    public List<MessageType> documentTypes() {
        return types.all().stream().filter(Distributions::distributable)
                .sorted(Comparator.comparing(MessageType::id)).toList();
    }

    private static boolean distributable(MessageType type) {
        return type.kind() == Kind.REQUEST && type.hasPayload();
    }

    /** Registers a distribution (or finds the one with the same key); nothing is sent twice. */
    public DistributionStore.Created register(Request request, byte[] document, String by) {
        String noekkel = Optional.ofNullable(request.noekkel()).map(String::strip).orElse("");
        if (noekkel.isEmpty() || noekkel.length() > 200) {
            throw invalid("noekkel", "noekkel, the distribution's key chosen by the client, is required"
                    + " (1 to 200 characters)");
        }
        Optional<DistributionStore.Distribution> earlier = distributions.findByKey(noekkel);
        if (earlier.isPresent()) {
            return new DistributionStore.Created(earlier.get(), false);
        }
        MessageType type = checks.messageType(request.meldingType());
        if (!distributable(type)) {
            throw invalid("meldingType", type.id() + " is not a message type that starts an exchange with a document");
        }
        String filnavn = checks.filnavn(type, request.filnavn());
        long ttl = request.ttl() == null ? defaultTtl : request.ttl();
        if (ttl <= 0 || ttl > maxTtl.toMillis()) {
            throw invalid("ttl", "ttl must be a positive number of milliseconds, at most " + maxTtl.toMillis()
                    + " (" + maxTtl.toDays() + " days)");
        }
        if (document.length == 0) {
            throw invalid("data", "the document is empty");
        }
        checks.validate(type, document);
        Resolved target = resolve(request.maal());
        // every member the target names gets the document, or none: one whose system does not take the type
        // refuses the whole distribution (and with it an agreement or project document), naming it
        accepts.check(target.members(), type, "maal");
        DistributionStore.Distribution distribution = new DistributionStore.Distribution(MessageStore.newMeldingId(),
                noekkel, type.id(), filnavn, target.description(), ttl, DistributionStore.ACTIVE, by, Instant.now());
        DistributionStore.Created created = distributions.create(distribution, hub.sign(document), target.members());
        if (created.created()) {
            log.info("Distribution {} ({}) of {} to {} ({} members) registered by {}", distribution.id(), noekkel,
                    type.id(), target.description(), target.members().size(), by);
        }
        return created;
    }

    /**
     * Makes the messages of up to {@code batch} recipients still waiting for theirs; returns how
     * many. The messages of one distribution are stored in one transaction that holds the
     * distribution's lock (so a cancel in between cannot miss one), all referring to its one stored
     * document, and enqueued after that commits.
     */
    public int dispatch(int batch) {
        List<DistributionStore.Pending> pending = distributions.pending(batch);
        Map<String, List<String>> byDistribution = new LinkedHashMap<>();
        pending.forEach(p -> byDistribution.computeIfAbsent(p.distributionId(), k -> new ArrayList<>()).add(p.mottaker()));
        byDistribution.forEach((id, recipients) -> {
            DistributionStore.Distribution d = distributions.find(id).orElseThrow();
            PayloadStore.Stored document = distributions.payload(id);
            Map<String, String> made = tx.execute(s -> {
                Map<String, String> ids = new LinkedHashMap<>();
                if (!distributions.lockActive(d.id())) {
                    return ids;
                }
                // another hub instance may have made some of them while this one waited for the lock: those are
                // neither made nor enqueued again (two hubs sending one delivery at once can both pass the broker's
                // duplicate check)
                Set<String> stillPending = distributions.stillPending(d.id(), recipients);
                for (String mottaker : recipients) {
                    if (!stillPending.contains(mottaker)) {
                        continue;
                    }
                    String meldingId = hub.storeFromHub(mottaker, d.meldingType(), "distribusjon/" + d.id() + "/"
                                    + mottaker, Optional.of(d.noekkel()), Optional.empty(), d.ttlMillis(), d.filnavn(),
                            Optional.of(document), Optional.empty());
                    distributions.messageMade(d.id(), mottaker, meldingId);
                    ids.put(mottaker, meldingId);
                }
                return ids;
            });
            if (made != null) {
                made.forEach((mottaker, meldingId) -> hub.enqueue(meldingId, mottaker, Optional.of(d.noekkel())));
            }
        });
        return pending.size();
    }

    /** Stops a distribution: no more messages are made, and those not yet delivered are CANCELLED. */
    public int cancel(String id, String by) {
        DistributionStore.Distribution distribution = distributions.find(id)
                .orElseThrow(() -> Problem.notFound("no distribution " + id));
        Integer stopped = tx.execute(s -> {
            if (!distributions.cancel(id) && !distribution.state().equals(DistributionStore.CANCELLED)) {
                throw new Problem(409, "not-cancellable", "Cannot be cancelled", "distribution " + id + " is "
                        + distribution.state());
            }
            int cancelled = 0;
            for (DistributionStore.Recipient r : distributions.recipients(id)) {
                if (r.meldingId().isPresent() && messages.transition(r.meldingId().get(), r.mottaker(),
                        NOT_DELIVERED, Status.CANCELLED, "distribution " + distribution.noekkel() + " cancelled by "
                                + by)) {
                    cancelled++;
                }
            }
            return cancelled;
        });
        log.info("Distribution {} cancelled by {}: {} deliveries stopped", id, by, stopped);
        return stopped == null ? 0 : stopped;
    }

    private record Resolved(String description, List<String> members) {
    }

    /** The members a target names (refusing unknown ones and empty targets). */
    public List<String> members(Target target) {
        return resolve(target).members();
    }

    private Resolved resolve(Target target) {
        if (target == null) {
            throw invalid("maal", "maal is required: {\"alle\": true}, {\"region\": ...}, {\"itSamarbeid\": ...}"
                    + " or {\"mottakere\": [...]}");
        }
        int given = (Boolean.TRUE.equals(target.alle()) ? 1 : 0) + (target.region() != null ? 1 : 0)
                + (target.itSamarbeid() != null ? 1 : 0) + (target.mottakere() != null ? 1 : 0);
        if (given != 1) {
            throw invalid("maal", "maal must name exactly one of alle, region, itSamarbeid, mottakere");
        }
        if (Boolean.TRUE.equals(target.alle())) {
            return new Resolved("alle", registry.all().stream().map(Member::orgnr).toList());
        }
        if (target.region() != null) {
            List<String> members = registry.inRegion(target.region()).stream().map(Member::orgnr).toList();
            if (members.isEmpty()) {
                throw new Problem(422, "empty-target", "No such region", "no member belongs to region '"
                        + target.region() + "'").with("field", "maal");
            }
            return new Resolved("region:" + target.region(), members);
        }
        if (target.itSamarbeid() != null) {
            List<String> members = registry.all().stream()
                    .filter(m -> m.itCooperation().filter(target.itSamarbeid()::equals).isPresent())
                    .map(Member::orgnr).toList();
            if (members.isEmpty()) {
                throw new Problem(422, "empty-target", "No such IT cooperation", "no member belongs to IT cooperation '"
                        + target.itSamarbeid() + "'").with("field", "maal");
            }
            return new Resolved("itSamarbeid:" + target.itSamarbeid(), members);
        }
        LinkedHashSet<String> members = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String orgnr : target.mottakere()) {
            if (orgnr == null || !registry.isMember(orgnr)) {
                unknown.add(String.valueOf(orgnr));
            } else {
                members.add(orgnr);
            }
        }
        if (!unknown.isEmpty()) {
            throw new Problem(422, "unknown-recipient", "Unknown recipient", "not members of the cooperation: "
                    + String.join(", ", unknown)).with("field", "maal").with("unknown", unknown);
        }
        if (members.isEmpty()) {
            throw invalid("maal", "mottakere is empty");
        }
        return new Resolved("liste:" + members.size(), List.copyOf(members));
    }

    private static Problem invalid(String field, String detail) {
        return Problem.badRequest("invalid-metadata", "Invalid metadata", detail).with("field", field);
    }
}
