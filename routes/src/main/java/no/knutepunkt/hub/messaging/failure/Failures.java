package no.knutepunkt.hub.messaging.failure;

import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import no.knutepunkt.hub.messaging.Notices;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.MessageMetrics;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.message.Status;
import no.knutepunkt.platform.protocol.Feilmeldinger;
import org.springframework.stereotype.Component;

/**
 * The two ways a delivery ends without reaching its recipient, and what the sender is told:
 * FAILED (into the dead-letter list, and a hub-signed {@code feilmelding.serverfeil}) and EXPIRED
 * (a {@code no.ks.fiks.kvittering.tidsavbrudd}). Safe to call again for the same delivery.
 */
@Component
public class Failures {
    public static final String SERVERFEIL = "no.ks.fiks.arkiv.v1.feilmelding.serverfeil";
    public static final String TIDSAVBRUDD = "no.ks.fiks.kvittering.tidsavbrudd";
    private static final Set<Status> OPEN = Set.of(Status.RECEIVED, Status.QUEUED);
    private final MessageStore store;
    private final DeadLetterStore deadLetters;
    private final Notices notices;
    private final MessageMetrics metrics;

    public Failures(MessageStore store, DeadLetterStore deadLetters, Notices notices, MessageMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.deadLetters = deadLetters;
        this.notices = notices;
    }

    /**
     * The delivery failed for good: FAILED, on the dead-letter list, and a serverfeil to the sender.
     *
     * @param reason what the sender may read (its history, its serverfeil): no endpoint, no text of the recipient's
     *               system
     * @param detail what operators read on the dead-letter list and in the message's trace
     */
    public void fail(String meldingId, String mottaker, String reason, String detail) {
        MessageStore.DeliveryRecord delivery = store.delivery(meldingId, mottaker).orElse(null);
        if (delivery == null) {
            return;
        }
        boolean failedNow = deadLetters.fail(meldingId, mottaker, delivery.connector(), reason, detail);
        if (store.delivery(meldingId, mottaker).map(d -> d.status() == Status.FAILED).orElse(false)) {
            Envelope original = store.envelope(meldingId).orElseThrow();
            if (failedNow) {
                metrics.delivery(delivery.connector(), original.meldingType(), MessageMetrics.Outcome.FAILED, null);
            }
            notices.send(original, mottaker, SERVERFEIL, "feilmelding.xml",
                    Feilmeldinger.serverfeil("Meldingen kunne ikke leveres til " + mottaker + ": " + reason,
                            original.klientKorrelasjonsId().orElse(null)),
                    Optional.empty());
        }
    }

    /**
     * A short random reference that ties what the sender reads to what operators read (the log line, the
     * dead-letter list, the trace): the sender quotes it when it asks.
     */
    public static String reference() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** The time to live ran out before delivery: EXPIRED, and a tidsavbrudd to the sender. */
    public void expire(String meldingId, String mottaker) {
        Envelope original = store.envelope(meldingId).orElse(null);
        if (original == null) {
            return;
        }
        store.transition(meldingId, mottaker, OPEN, Status.EXPIRED,
                "time to live of " + original.ttlMillis() + " ms ran out before delivery");
        if (store.delivery(meldingId, mottaker).map(d -> d.status() == Status.EXPIRED).orElse(false)) {
            notices.send(original, mottaker, TIDSAVBRUDD, "tidsavbrudd", null, Optional.empty());
        }
    }
}
