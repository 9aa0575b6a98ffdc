package no.knutepunkt.hub.messaging.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MultipartRequest;
import no.knutepunkt.hub.api.MultipartStream;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.config.HubProperties;
import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.messaging.AnswerHandler;
import no.knutepunkt.hub.messaging.DeliveryKey;
import no.knutepunkt.hub.messaging.PayloadChecks;
import no.knutepunkt.hub.messaging.Replies;
import no.knutepunkt.hub.messaging.store.GroupCommit;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.hub.messaging.MessageMetrics;
import no.knutepunkt.platform.crypto.CmsVerifier;
import no.knutepunkt.platform.crypto.SignatureRejected;
import no.knutepunkt.platform.identity.Identities;
import no.knutepunkt.platform.member.MemberRegistry;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.protocol.Kind;
import no.knutepunkt.platform.protocol.MessageType;
import no.knutepunkt.platform.protocol.MessageTypes;
import no.knutepunkt.platform.protocol.SchemaValidator;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.commons.io.input.ProxyInputStream;
import org.apache.commons.io.input.TeeInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * The intake checks, in order: a multipart body with {@code metadata} and {@code data}; metadata
 * that parses and is complete; the caller is the sender; a repeated klientMeldingId answers with
 * the first meldingId if it is the same message, else 409 ({@link Repeats}); the message type is known, not one only the hub sends, and the file name is
 * the one its protocol gives; the recipients are members whose systems accept the type ({@link
 * no.knutepunkt.hub.directory.MemberAccepts}); an answer answers a message sent to the caller, goes to
 * its sender and is allowed for it; the size is within the limit; the CMS signature verifies
 * with the sender's registered certificate; the signed payload validates against its type's
 * schema. Then the message is stored (with what an answer does to the request's delivery).
 * Every refusal is a {@link Problem} and stores nothing.
 *
 * <p>The body streams from the connection once: when the metadata part comes first (as clients
 * send it), the data part flows at the same time into the payload store, through the signature
 * check (the digest is computed as it passes) and, for XML types, the schema validator. A data part
 * that comes before the metadata is spooled to the payload store first and checked from there.
 * Before anything is read, a backlog past its bound is refused with 429 (see {@link Backpressure}).
 *
 * <p>Sets the body to the {@link MessageStore.Accepted} outcome, and the exchange property
 * {@value #DELIVERIES} to the deliveries to enqueue (none when the message was accepted before).
 */
@Component
public class IntakeProcessor implements Processor {
    public static final String DELIVERIES = "knutepunkt.deliveries";
    private static final Logger log = LoggerFactory.getLogger(IntakeProcessor.class);
    /** The most a payload of a type the hub reads itself (an answer to the hub) may have. */
    private static final int MAX_HANDLED = 10 * 1024 * 1024;
    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final IntakeProperties limits;
    private final MemberRegistry registry;
    private final MemberRouting routing;
    private final Identities identities;
    private final CmsVerifier verifier;
    private final MessageStore store;
    private final MessageTypes types;
    private final PayloadChecks checks;
    private final Replies replies;
    private final List<AnswerHandler> handlers;
    private final GroupCommit group;
    private final String hubOrgnr;
    private final PayloadStore payloads;
    private final SchemaValidator schemas;
    private final Backpressure backpressure;
    private final ApiJson json;
    private final MessageMetrics metrics;
    private final Repeats repeats;

    public IntakeProcessor(HubProperties hub, IntakeProperties limits, MemberRegistry registry, MemberRouting routing,
                           Identities identities, CmsVerifier verifier, MessageStore store, MessageTypes types,
                           PayloadChecks checks, Replies replies, List<AnswerHandler> handlers,
                           GroupCommit group, PayloadStore payloads, SchemaValidator schemas,
                           Backpressure backpressure, ApiJson json, MessageMetrics metrics, Repeats repeats) {
        this.repeats = repeats;
        this.json = json;
        this.metrics = metrics;
        this.payloads = payloads;
        this.schemas = schemas;
        this.backpressure = backpressure;
        this.limits = limits;
        this.registry = registry;
        this.routing = routing;
        this.identities = identities;
        this.verifier = verifier;
        this.store = store;
        this.types = types;
        this.checks = checks;
        this.replies = replies;
        this.handlers = handlers;
        this.group = group;
        this.hubOrgnr = hub.hub().orgnr();
    }

    /**
     * What the metadata part gave, checked.
     *
     * @param deviations what intake took although it deviates from the protocol (a file name KS' tooling gives, a
     *                   byte order mark that overrules the declared encoding), found while checking the metadata
     *                   and reading the payload; recorded in each delivery's history
     */
    private record Checked(Envelope envelope, MessageType type, Optional<MessageStore.Correlation> correlation,
                           boolean capture, List<String> deviations) {
    }

    /** Checks and stores the send; a refusal is counted by its problem type (see {@link MessageMetrics}). */
    @Override
    public void process(Exchange exchange) throws Exception {
        try {
            intake(exchange);
        } catch (Exception e) {
            metrics.refused(e);
            throw e;
        }
    }

    private void intake(Exchange exchange) throws Exception {
        String caller = Http.memberOrgnr(exchange);
        backpressure.check();
        long maxPayload = limits.maxPayloadBytes().toBytes();
        MultipartStream parts = MultipartStream.open(exchange, "DER CMS SignedData",
                limits.maxBodyBytes(), maxPayload);
        Checked checked = null;
        IntakeMetadata repeat = null;
        String repeatOf = null;
        Optional<String> repeatContent = Optional.empty();
        PayloadStore.Upload upload = null;
        boolean verified = false;
        Consumer<String> handled = meldingId -> { };
        try {
            for (Optional<MultipartStream.Part> next = parts.next(); next.isPresent(); next = parts.next()) {
                MultipartStream.Part part = next.get();
                switch (part.name()) {
                    case "metadata" -> {
                        if (checked != null || repeat != null) {
                            throw invalid("metadata", "the multipart body has two 'metadata' parts");
                        }
                        IntakeMetadata metadata = readMetadata(part.content(), parts);
                        Optional<String> earlier = repeated(metadata, caller);
                        if (earlier.isPresent()) {
                            // the same message again, or another under a used key: told apart once the data is read
                            repeat = metadata;
                            repeatOf = earlier.get();
                        } else {
                            checked = check(metadata, caller);
                        }
                    }
                    case "data" -> {
                        if (upload != null || repeatContent.isPresent()) {
                            throw invalid("data", "the multipart body has two 'data' parts");
                        }
                        if (repeat != null) {
                            repeatContent = Optional.of(repeats.contentSha256(part.content()));
                            continue;
                        }
                        upload = payloads.begin();
                        if (checked == null) {
                            part.content().transferTo(upload.out());
                        } else {
                            handled = verify(new TeeInputStream(part.content(), upload.out()), checked);
                            verified = true;
                        }
                    }
                    default -> part.content().transferTo(OutputStream.nullOutputStream());
                }
            }
            if (repeat != null) {
                if (upload != null) { // the data part came before the metadata
                    try (InputStream spooled = upload.read()) {
                        repeatContent = Optional.of(repeats.contentSha256(spooled));
                    }
                }
                repeats.check(repeatOf, repeat, repeatContent);
                log.debug("Repeated klientMeldingId {} from {}: answering with meldingId {}", repeat.klientMeldingId(),
                        caller, repeatOf);
                answer(exchange, new MessageStore.Accepted(repeatOf, false), List.of());
                return;
            }
            if (checked == null) {
                throw parts.missing("metadata");
            }
            if (upload == null && checked.type().hasPayload()) {
                throw parts.missing("data");
            }
            if (upload != null && !verified) {
                try (InputStream spooled = upload.read()) {
                    handled = verify(spooled, checked);
                }
            }
            accept(exchange, checked, upload, handled);
        } catch (IOException e) {
            throw parts.problem(e);
        } finally {
            if (upload != null) {
                upload.close();
            }
        }
    }

    private IntakeMetadata readMetadata(InputStream content, MultipartStream parts) throws IOException {
        return IntakeMetadata.read(content, (int) limits.maxMetadataBytes().toBytes(), json);
    }

    /** The meldingId of an earlier message with this klientMeldingId from this sender, if any. */
    private Optional<String> repeated(IntakeMetadata metadata, String caller) {
        String avsender = required("avsender", metadata.avsender());
        if (!avsender.equals(caller)) {
            throw new Problem(403, "sender-mismatch", "Caller is not the sender",
                    "the credentials are those of " + caller + " but the metadata names avsender " + avsender
                            + "; a member system can only send as itself").with("field", "avsender");
        }
        String klientMeldingId = required("klientMeldingId", metadata.klientMeldingId());
        return store.findByKlientMeldingId(avsender, klientMeldingId);
    }

    private Checked check(IntakeMetadata metadata, String avsender) {
        MessageType type = checks.messageType(metadata.meldingType());
        if (type.kind() == Kind.NOTICE) {
            throw new Problem(403, "hub-only-type", "Sent by the hub only", type.id()
                    + " is a notice the hub itself sends (a timeout, an invoice of an invoicing run);"
                    + " a member system cannot send it").with("field", "meldingType");
        }
        List<String> deviations = new ArrayList<>();
        Envelope envelope = envelope(metadata, type, avsender, metadata.klientMeldingId(), deviations);
        routing.accepts().check(envelope.mottakere(), type, "mottakere");
        Optional<MessageStore.Correlation> correlation = checkReply(envelope, type);
        boolean capture = handlers.stream().anyMatch(h -> h.handles(type.id()));
        return new Checked(envelope, type, correlation, capture, deviations);
    }

    /**
     * Streams the signed data through the signature check and, for XML types, the schema validator. A type an
     * answer handler takes (small documents such as an agreement signature) is read into memory for it.
     *
     * @return what the answer handlers do once the message is stored
     */
    private Consumer<String> verify(InputStream input, Checked checked) throws IOException {
        String avsender = checked.envelope().avsender();
        ReadFailure signedData = new ReadFailure(input);
        List<Consumer<String>> onStored = new ArrayList<>();
        try {
            // any of the sender's registered certificates (two while it rotates), valid now
            verifier.verify(signedData, identities.certificatesOf(avsender), Instant.now(), content -> {
                if (checked.capture()) {
                    byte[] bytes = content.readNBytes(MAX_HANDLED + 1);
                    if (bytes.length > MAX_HANDLED) {
                        throw new Problem(413, "payload-too-large", "Payload too large", checked.type().id()
                                + " payloads are read by the hub itself and may have at most " + MAX_HANDLED
                                + " bytes");
                    }
                    checks.validate(checked.type(), bytes).ifPresent(checked.deviations()::add);
                    for (AnswerHandler handler : handlers) {
                        if (handler.handles(checked.type().id())) {
                            onStored.add(handler.check(checked.envelope(), bytes));
                        }
                    }
                } else if (schemas.hasSchema(checked.type().id())) {
                    checks.validate(checked.type(), content).ifPresent(checked.deviations()::add);
                }
            });
        } catch (SignatureRejected e) {
            // a body cut off or over its limit is that, not a broken signature
            if (signedData.failure != null) {
                throw signedData.failure;
            }
            throw rejected(e, avsender);
        }
        signedData.transferTo(OutputStream.nullOutputStream());
        return meldingId -> onStored.forEach(c -> c.accept(meldingId));
    }

    private void accept(Exchange exchange, Checked checked, PayloadStore.Upload upload, Consumer<String> onAccepted)
            throws IOException {
        Envelope envelope = checked.envelope();
        Map<String, String> connectors = new LinkedHashMap<>();
        envelope.mottakere().forEach(m -> connectors.put(m, m.equals(hubOrgnr) ? MessageStore.HUB
                : routing.connectorOf(m, checked.type().id())));
        PayloadStore.Prepared payload = upload == null ? null : payloads.prepare(upload);
        MessageStore.Accepted accepted;
        try {
            accepted = group.execute(() -> {
                MessageStore.Accepted a = store.accept(envelope,
                        Optional.ofNullable(payload).map(PayloadStore.Prepared::stored), connectors,
                        checked.correlation(), checked.deviations());
                if (a.created()) {
                    if (payload != null) {
                        payloads.insert(payload); // only for a message made now, not a raced duplicate
                    }
                    onAccepted.accept(a.meldingId());
                }
                return a;
            });
        } catch (RuntimeException e) {
            if (payload != null) {
                payloads.discard(payload);
            }
            throw e;
        }
        if (!accepted.created() && payload != null) {
            payloads.discard(payload); // a raced duplicate: the first message keeps its own payload
        }
        if (accepted.created()) {
            metrics.accepted(envelope.meldingType());
        }
        if (log.isDebugEnabled()) {
            try (MDC.MDCCloseable id = MDC.putCloseable("meldingId", accepted.meldingId());
                 MDC.MDCCloseable korrelasjon = MDC.putCloseable("klientKorrelasjonsId",
                         envelope.klientKorrelasjonsId().orElse(""))) {
                log.debug("Accepted {} from {} to {} ({} bytes)", envelope.meldingType(), envelope.avsender(),
                        envelope.mottakere(), upload == null ? 0 : upload.size());
            }
        }
        answer(exchange, accepted, accepted.created()
                ? envelope.mottakere().stream().filter(m -> !m.equals(hubOrgnr))
                        .map(m -> new DeliveryKey(accepted.meldingId(), m, connectors.get(m),
                                envelope.klientKorrelasjonsId().orElse(null))).toList()
                : List.of());
    }

    /** Remembers an I/O failure of the request body, whatever the reader above makes of it. */
    private static final class ReadFailure extends ProxyInputStream {
        private IOException failure;

        ReadFailure(InputStream in) {
            super(in);
        }

        @Override
        protected void handleIOException(IOException e) throws IOException {
            failure = e;
            throw e;
        }
    }

    private static void answer(Exchange exchange, MessageStore.Accepted accepted, List<DeliveryKey> deliveries) {
        exchange.getMessage().setBody(accepted);
        exchange.setProperty(DELIVERIES, deliveries);
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


    private Envelope envelope(IntakeMetadata metadata, MessageType type, String avsender, String klientMeldingId,
                              List<String> deviations) {
        List<String> mottakere = metadata.mottakere();
        if (mottakere == null || mottakere.isEmpty()) {
            throw invalid("mottakere", "mottakere must list at least one recipient orgnr");
        }
        if (mottakere.size() > limits.maxRecipients()) {
            throw invalid("mottakere", "mottakere lists " + mottakere.size() + " recipients; the limit is "
                    + limits.maxRecipients());
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
        long ttl = metadata.ttl() == null ? limits.defaultTtl().toMillis() : metadata.ttl();
        if (ttl <= 0 || ttl > limits.maxTtl().toMillis()) {
            throw invalid("ttl", "ttl must be a positive number of milliseconds, at most "
                    + limits.maxTtl().toMillis() + " (" + limits.maxTtl().toDays() + " days)");
        }
        String filnavn = checks.filnavn(type, metadata.filnavn(), deviations::add);
        return new Envelope(MessageStore.newMeldingId(), avsender, List.copyOf(distinct), type.id(),
                klientMeldingId, Optional.ofNullable(metadata.klientKorrelasjonsId()),
                Optional.ofNullable(metadata.svarPaMelding()), ttl, filnavn, Instant.now());
    }

    private static Problem rejected(SignatureRejected e, String avsender) {
        return switch (e.reason()) {
            case MALFORMED -> new Problem(400, "signature-malformed", "Not CMS SignedData",
                    "the data part must be DER-encoded CMS SignedData with the payload attached: " + e.getMessage());
            case DETACHED -> new Problem(400, "signature-detached", "Payload not attached",
                    "the data part is a detached signature; sign with the payload attached (openssl cms -sign -nodetach)");
            case SIGNER_COUNT -> new Problem(400, "signature-signers", "Wrong number of signers", e.getMessage());
            case SIGNER_MISMATCH -> new Problem(403, "signer-not-sender", "Signer is not the sender",
                    "the payload must be signed with the registered certificate of avsender " + avsender + "; it was "
                            + e.getMessage());
            case WEAK_ALGORITHM -> new Problem(400, "signature-weak-algorithm", "Signature algorithm too weak",
                    e.getMessage() + " (sign with SHA-256 or stronger, by RSA of 2048 bits or more, or EC P-256 or"
                            + " stronger)");
            case CERTIFICATE_NOT_VALID -> new Problem(403, "certificate-not-valid", "Signer's certificate not valid",
                    e.getMessage() + "; sign with a registered certificate of " + avsender + " that is valid now (a"
                            + " member rotating its key registers the new certificate beside the old one)");
            case INVALID -> new Problem(400, "signature-invalid", "Signature does not verify",
                    "the CMS signature does not verify with the registered certificate of " + avsender
                            + ": the payload or its signed attributes were changed after signing");
        };
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
