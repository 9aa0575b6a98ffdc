package no.knutepunkt.hub.flow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.config.KnutepunktProperties;
import no.knutepunkt.hub.config.MemberRouting;
import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.message.Status;
import no.knutepunkt.platform.protocol.Kind;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The intake checks, in order: a multipart body with {@code metadata} and {@code data}; metadata
 * that parses and is complete; the caller is the sender; a repeated klientMeldingId answers with
 * the first meldingId; the message type is known, not one only the hub sends, and the file name is
 * the one its protocol gives; the recipients are members; an answer answers a message sent to the caller, goes to
 * its sender and is allowed for it; the size is within the limit; the CMS signature verifies
 * with the sender's registered certificate; the signed payload validates against its type's
 * schema. Then the message is stored (with what an answer does to the request's delivery).
 * Every refusal is a {@link Problem} and stores nothing.
 *
 * <p>Sets the body to the {@link MessageStore.Accepted} outcome, and the exchange property
 * {@value #DELIVERIES} to the deliveries to enqueue (none when the message was accepted before).
 */
@Component
public class IntakeProcessor implements Processor {
    public static final String DELIVERIES = "knutepunkt.deliveries";
    private static final Logger log = LoggerFactory.getLogger(IntakeProcessor.class);
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final KnutepunktProperties.Intake limits;
    private final MemberRegistry registry;
    private final MemberRouting routing;
    private final Identities identities;
    private final CmsVerifier verifier;
    private final MessageStore store;
    private final MessageTypes types;
    private final PayloadChecks checks;
    private final Replies replies;
    private final List<AnswerHandler> handlers;
    private final TransactionTemplate tx;
    private final String hubOrgnr;

    public IntakeProcessor(KnutepunktProperties properties, MemberRegistry registry, MemberRouting routing,
                           Identities identities, CmsVerifier verifier, MessageStore store, MessageTypes types,
                           PayloadChecks checks, Replies replies, List<AnswerHandler> handlers,
                           TransactionTemplate tx) {
        this.limits = properties.getIntake();
        this.registry = registry;
        this.routing = routing;
        this.identities = identities;
        this.verifier = verifier;
        this.store = store;
        this.types = types;
        this.checks = checks;
        this.replies = replies;
        this.handlers = handlers;
        this.tx = tx;
        this.hubOrgnr = properties.getHub().getOrgnr();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String caller = Http.memberOrgnr(exchange);
        MultipartRequest request = MultipartRequest.of(exchange, "DER CMS SignedData");
        IntakeMetadata metadata = request.metadata(IntakeMetadata.class, limits.getMaxMetadataBytes());
        String avsender = required("avsender", metadata.avsender());
        if (!avsender.equals(caller)) {
            throw new Problem(403, "sender-mismatch", "Caller is not the sender",
                    "the credentials are those of " + caller + " but the metadata names avsender " + avsender
                            + "; a member system can only send as itself").with("field", "avsender");
        }
        String klientMeldingId = required("klientMeldingId", metadata.klientMeldingId());
        if (klientMeldingId.length() > 200) {
            throw invalid("klientMeldingId", "klientMeldingId is longer than 200 characters");
        }
        Optional<String> earlier = store.findByKlientMeldingId(avsender, klientMeldingId);
        if (earlier.isPresent()) {
            log.info("Repeated klientMeldingId {} from {}: answering with meldingId {}", klientMeldingId, avsender,
                    earlier.get());
            exchange.getMessage().setBody(new MessageStore.Accepted(earlier.get(), false));
            exchange.setProperty(DELIVERIES, List.of());
            return;
        }
        MessageType type = checks.messageType(metadata.meldingType());
        if (type.kind() == Kind.NOTICE) {
            throw new Problem(403, "hub-only-type", "Sent by the hub only", type.id()
                    + " is a notice the hub itself sends (a timeout, an invoice of an invoicing run);"
                    + " a member system cannot send it").with("field", "meldingType");
        }
        Envelope envelope = envelope(metadata, type, avsender, klientMeldingId);
        Optional<MessageStore.Correlation> correlation = checkReply(envelope, type);
        Optional<byte[]> data = request.data(limits.getMaxPayloadBytes());
        if (data.isEmpty() && type.hasPayload()) {
            throw request.missing("data");
        }
        byte[] signed = data.orElse(new byte[0]);
        Consumer<String> handled = meldingId -> { };
        if (data.isPresent()) {
            byte[] content = verify(signed, avsender);
            checks.validate(type, content);
            for (AnswerHandler handler : handlers) {
                if (handler.handles(type.id())) {
                    handled = handler.check(envelope, content);
                }
            }
        }
        Map<String, String> connectors = new LinkedHashMap<>();
        envelope.mottakere().forEach(m -> connectors.put(m, m.equals(hubOrgnr) ? "hub"
                : routing.connectorOf(m, type.id())));
        Consumer<String> onAccepted = handled;
        MessageStore.Accepted accepted = tx.execute(s -> {
            MessageStore.Accepted a = store.accept(envelope, signed, connectors, correlation);
            if (a.created()) {
                onAccepted.accept(a.meldingId());
                if (envelope.mottakere().contains(hubOrgnr)) {
                    store.transition(a.meldingId(), hubOrgnr, Set.of(Status.RECEIVED), Status.DELIVERED,
                            "received by the hub");
                }
            }
            return a;
        });
        try (MDC.MDCCloseable id = MDC.putCloseable("meldingId", accepted.meldingId());
             MDC.MDCCloseable korrelasjon = MDC.putCloseable("klientKorrelasjonsId",
                     envelope.klientKorrelasjonsId().orElse(""))) {
            log.info("Accepted {} from {} to {} ({} bytes)", envelope.meldingType(), avsender,
                    envelope.mottakere(), signed.length);
        }
        exchange.getMessage().setBody(accepted);
        exchange.setProperty(DELIVERIES, accepted.created()
                ? envelope.mottakere().stream().filter(m -> !m.equals(hubOrgnr))
                        .map(m -> new DeliveryKey(accepted.meldingId(), m,
                        envelope.klientKorrelasjonsId().orElse(null))).toList()
                : List.of());
    }

    /**
     * A reply must answer a message that was sent to the caller, go back to that message's
     * sender only, and be of a type the request's protocol allows as an answer to it.
     */
    private Optional<MessageStore.Correlation> checkReply(Envelope reply, MessageType type) {
        if (reply.svarPaMelding().isEmpty()) {
            if (replies.isReply(type.id())) {
                throw invalid("svarPaMelding", type.id() + " is an answer: svarPaMelding must name the meldingId"
                        + " of the message it answers");
            }
            return Optional.empty();
        }
        String requestId = reply.svarPaMelding().get();
        Envelope request = store.envelope(requestId).filter(r -> r.mottakere().contains(reply.avsender()))
                .orElseThrow(() -> new Problem(422, "unknown-request", "Unknown request",
                        "svarPaMelding " + requestId + " is not a message sent to " + reply.avsender())
                        .with("field", "svarPaMelding"));
        if (!reply.mottakere().equals(List.of(request.avsender()))) {
            throw new Problem(422, "reply-recipient", "Reply to someone else",
                    "an answer to " + requestId + " goes to its sender " + request.avsender() + " only")
                    .with("field", "mottakere");
        }
        if (!types.canAnswer(request.meldingType(), type.id())) {
            throw new Problem(422, "reply-not-allowed", "Not an answer to that request",
                    type.id() + " is not an allowed answer to " + request.meldingType())
                    .with("field", "meldingType");
        }
        return replies.correlation(requestId, reply.avsender(), type.id(), reply.meldingId());
    }


    private Envelope envelope(IntakeMetadata metadata, MessageType type, String avsender, String klientMeldingId) {
        List<String> mottakere = metadata.mottakere();
        if (mottakere == null || mottakere.isEmpty()) {
            throw invalid("mottakere", "mottakere must list at least one recipient orgnr");
        }
        if (mottakere.size() > limits.getMaxRecipients()) {
            throw invalid("mottakere", "mottakere lists " + mottakere.size() + " recipients; the limit is "
                    + limits.getMaxRecipients());
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String m : mottakere) {
            boolean toHub = hubOrgnr.equals(m) && metadata.svarPaMelding() != null;
            if (m == null || !(registry.isMember(m) || toHub)) {
                unknown.add(String.valueOf(m));
            } else if (!distinct.add(m)) {
                throw invalid("mottakere", "mottakere names " + m + " twice");
            }
        }
        if (!unknown.isEmpty()) {
            throw new Problem(422, "unknown-recipient", "Unknown recipient",
                    "not members of the cooperation: " + String.join(", ", unknown))
                    .with("field", "mottakere").with("unknown", unknown);
        }
        if (metadata.svarPaMelding() != null && !UUID.matcher(metadata.svarPaMelding()).matches()) {
            throw invalid("svarPaMelding", "svarPaMelding must be the meldingId (a UUID) of the message answered");
        }
        long ttl = metadata.ttl() == null ? limits.getDefaultTtl().toMillis() : metadata.ttl();
        if (ttl <= 0) {
            throw invalid("ttl", "ttl must be a positive number of milliseconds");
        }
        String filnavn = checks.filnavn(type, metadata.filnavn());
        return new Envelope(MessageStore.newMeldingId(), avsender, List.copyOf(distinct), type.id(),
                klientMeldingId, Optional.ofNullable(metadata.klientKorrelasjonsId()),
                Optional.ofNullable(metadata.svarPaMelding()), ttl, filnavn, Instant.now());
    }

    private byte[] verify(byte[] signed, String avsender) {
        try {
            return verifier.verify(signed, identities.certificateOf(avsender).orElseThrow());
        } catch (SignatureRejected e) {
            throw switch (e.reason()) {
                case MALFORMED -> new Problem(400, "signature-malformed", "Not CMS SignedData",
                        "the data part must be DER-encoded CMS SignedData with the payload attached: " + e.getMessage());
                case DETACHED -> new Problem(400, "signature-detached", "Payload not attached",
                        "the data part is a detached signature; sign with the payload attached (openssl cms -sign -nodetach)");
                case SIGNER_COUNT -> new Problem(400, "signature-signers", "Wrong number of signers", e.getMessage());
                case SIGNER_MISMATCH -> new Problem(403, "signer-not-sender", "Signer is not the sender",
                        "the payload must be signed with the registered certificate of avsender " + avsender + "; it was "
                                + e.getMessage());
                case INVALID -> new Problem(400, "signature-invalid", "Signature does not verify",
                        "the CMS signature does not verify with the registered certificate of " + avsender
                                + ": the payload or its signed attributes were changed after signing");
            };
        }
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "metadata field '" + field + "' is required");
        }
        return value;
    }

    private static Problem invalid(String field, String detail) {
        return MultipartRequest.invalid(field, detail);
    }
}
