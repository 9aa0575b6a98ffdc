package no.knutepunkt.hub.messaging.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.hub.database.DatabaseAway;
import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.Notices;
import no.knutepunkt.hub.messaging.Replies;
import no.knutepunkt.hub.messaging.failure.Failures;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.MessageMetrics;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Hands one delivery to its connector and records the outcome. A delivery that is no longer
 * QUEUED was handled before (a redelivered broker message) and is left alone. A transient
 * failure is counted and thrown, so the broker transaction rolls back and the broker tries again
 * later; a permanent one sets FAILED.
 */
@Component
public class DeliverProcessor {
    private static final Logger log = LoggerFactory.getLogger(DeliverProcessor.class);
    private final MessageStore store;
    private final MemberRouting routing;
    private final PayloadSealer sealer;
    private final Failures failures;
    private final Notices notices;
    private final Replies replies;
    private final MessageMetrics metrics;
    private final Duration patience;

    public DeliverProcessor(MessageStore store, MemberRouting routing, PayloadSealer sealer, Failures failures,
                            Notices notices, Replies replies, MessageMetrics metrics, DeliveryProperties delivery) {
        this.metrics = metrics;
        this.patience = delivery.recordPatience();
        this.store = store;
        this.routing = routing;
        this.sealer = sealer;
        this.failures = failures;
        this.notices = notices;
        this.replies = replies;
    }

    public void deliver(Connector connector, Exchange exchange) throws DeliveryException {
        String meldingId = exchange.getMessage().getHeader(Headers.MELDING_ID, String.class);
        String mottaker = exchange.getMessage().getHeader(Headers.MOTTAKER, String.class);
        MessageStore.Pending pending = store.pending(meldingId, mottaker).orElse(null);
        if (pending == null || pending.delivery().status() != Status.QUEUED || pending.delivery().inInbox()) {
            log.debug("Deliver: {} to {} is {}; nothing to do", meldingId, mottaker, pending == null ? "unknown"
                    : pending.delivery().inInbox() ? "in the inbox" : pending.delivery().status());
            return;
        }
        Envelope envelope = pending.envelope();
        if (Instant.now().isAfter(envelope.expiresAt())) {
            failures.expire(meldingId, mottaker);
            return;
        }
        Delivery delivery = new Delivery(meldingId, envelope.avsender(), mottaker, envelope.meldingType(),
                envelope.klientMeldingId(), envelope.klientKorrelasjonsId(), envelope.svarPaMelding(),
                envelope.ttlMillis(), envelope.filnavn(), routing.endpointOf(mottaker),
                sealer.seal(pending.payloadRef(), pending.payloadSize(), mottaker),
                sealer.content(pending.payloadRef()),
                // the broker gave it before without an acknowledged outcome: the recipient may have it already
                Boolean.TRUE.equals(exchange.getMessage().getHeader("JMSRedelivered", Boolean.class)),
                // the queue message's body names the hand-over: meldingId/mottaker, with a suffix for a retry
                handOverId(exchange, meldingId, mottaker));
        DeliveryResult result;
        try {
            result = connector.deliver(delivery);
        } catch (DeliveryException e) {
            // the sender reads e.shown() and a reference; operators read the whole (endpoint, the recipient's answer)
            String ref = Failures.reference();
            String shown = e.shown() + " (" + connector.name() + ", ref " + ref + ")";
            String detail = "ref " + ref + ": " + e.getMessage();
            if (!e.isTransient()) {
                log.warn("Delivery of {} to {} failed for good, {}", meldingId, mottaker, detail);
                failures.fail(meldingId, mottaker, "permanent failure: " + shown, detail);
                return;
            }
            store.attemptFailed(meldingId, mottaker, shown, detail);
            metrics.delivery(connector.name(), envelope.meldingType(), MessageMetrics.Outcome.RETRIED, null);
            log.warn("Delivery of {} to {} failed, the broker will try again; {}", meldingId, mottaker, detail);
            throw e;
        }
        if (result.outcome() == DeliveryResult.Outcome.DELIVERED) {
            if (recordTaken(meldingId, mottaker, () -> store.handedOver(meldingId, mottaker, Status.DELIVERED,
                    "handed over by " + connector.name(), delivery.endpoint().map(e -> "to " + e).orElse(null),
                    result.notes(), false))) {
                metrics.delivery(connector.name(), envelope.meldingType(), MessageMetrics.Outcome.DELIVERED,
                        envelope.receivedAt());
            }
            log.debug("Delivered {} to {} by {}", meldingId, mottaker, connector.name());
        } else {
            result.notes().forEach(note -> store.note(meldingId, mottaker, note));
            metrics.delivery(connector.name(), envelope.meldingType(), MessageMetrics.Outcome.INBOX,
                    envelope.receivedAt());
        }
        result.reply().ifPresent(reply -> {
            String replyKey = reply.meldingType() + "/" + meldingId + "/" + mottaker;
            notices.send(envelope, mottaker, reply.meldingType(), reply.filnavn(), reply.payload(),
                    replies.correlation(meldingId, mottaker, reply.meldingType(), replyKey));
        });
    }

    private static String handOverId(Exchange exchange, String meldingId, String mottaker) {
        String body = exchange.getMessage().getBody(String.class);
        return body == null || body.isBlank() ? meldingId + "/" + mottaker : body;
    }

    /**
     * Records a push the recipient took. While the database is out of reach this waits (holding the broker
     * message) and tries again, up to {@code knutepunkt.delivery.record-patience}: giving up at once would roll the
     * broker transaction back, and the redelivery would push the message a second time.
     */
    private boolean recordTaken(String meldingId, String mottaker, Supplier<Boolean> record) {
        long deadline = System.nanoTime() + patience.toNanos();
        long pause = 100;
        while (true) {
            try {
                return record.get();
            } catch (RuntimeException e) {
                if (!DatabaseAway.is(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
                log.warn("Delivered {} to {}, but the database is out of reach; recording it again in {} ms: {}",
                        meldingId, mottaker, pause, e.getMessage());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(pause * 2, 5_000);
            }
        }
    }
}
