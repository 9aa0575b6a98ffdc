package no.knutepunkt.hub.messaging;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.hub.config.HubProperties;
import no.knutepunkt.hub.directory.MemberRouting;
import no.knutepunkt.hub.messaging.intake.IntakeProperties;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.message.Envelope;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages the hub itself sends to the sender of a message — a serverfeil when a delivery
 * failed, a tidsavbrudd when it expired, an archive's receipt — signed with the hub's key, sent
 * as the hub's orgnr, answering the original ({@code svarPaMelding}), and travelling the same
 * path as any message. Each is sent once: its klientMeldingId is made from what it is about.
 * Distributions send through the same method.
 */
@Component
public class Notices {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);
    private final MessageStore store;
    private final PayloadStore payloads;
    private final TransactionTemplate tx;
    private final CmsSigner hubSigner;
    private final MemberRouting routing;
    private final ProducerTemplate producer;
    private final String hubOrgnr;
    private final long ttl;

    public Notices(MessageStore store, CmsSigner hubSigner, MemberRouting routing, ProducerTemplate producer,
                   HubProperties hub, IntakeProperties intake, PayloadStore payloads, TransactionTemplate tx) {
        this.payloads = payloads;
        this.tx = tx;
        this.store = store;
        this.hubSigner = hubSigner;
        this.routing = routing;
        this.producer = producer;
        this.hubOrgnr = hub.hub().orgnr();
        this.ttl = intake.defaultTtl().toMillis();
    }

    /**
     * Sends the hub's message of this type to the sender of {@code original}, about its delivery
     * to {@code about}; nothing if the original came from the hub itself.
     *
     * @param payload the payload to sign, or null for a type without payload
     * @param correlation what this message does to the delivery it answers, if anything
     */
    public void send(Envelope original, String about, String meldingType, String filnavn, byte[] payload,
                     Optional<MessageStore.Correlation> correlation) {
        if (original.avsender().equals(hubOrgnr)) {
            log.debug("No {} about {}: it came from the hub itself", meldingType, original.meldingId());
            return;
        }
        byte[] signed = payload == null ? new byte[0] : hubSigner.sign(payload);
        sendFromHub(original.avsender(), meldingType, meldingType + "/" + original.meldingId() + "/" + about,
                original.klientKorrelasjonsId(), Optional.of(original.meldingId()), ttl, filnavn, signed, correlation);
    }

    /**
     * Stores and enqueues one message from the hub to one member, unless a message with this
     * klientMeldingId from the hub exists already (then nothing happens). The path is the one
     * every message takes.
     *
     * @param signedPayload the payload as CMS SignedData by the hub, or empty for a type without payload
     * @return the meldingId, new or earlier
     */
    public String sendFromHub(String mottaker, String meldingType, String klientMeldingId,
                              Optional<String> klientKorrelasjonsId, Optional<String> svarPaMelding, long ttlMillis,
                              String filnavn, byte[] signedPayload, Optional<MessageStore.Correlation> correlation) {
        String meldingId = storeFromHub(mottaker, meldingType, klientMeldingId, klientKorrelasjonsId, svarPaMelding,
                ttlMillis, filnavn, signedPayload, correlation);
        enqueue(meldingId, mottaker, klientKorrelasjonsId);
        return meldingId;
    }

    /**
     * The storing half of {@link #sendFromHub}, for callers that store within a transaction of
     * their own and {@link #enqueue} after it committed.
     */
    public String storeFromHub(String mottaker, String meldingType, String klientMeldingId,
                               Optional<String> klientKorrelasjonsId, Optional<String> svarPaMelding, long ttlMillis,
                               String filnavn, byte[] signedPayload, Optional<MessageStore.Correlation> correlation) {
        return tx.execute(s -> storeFromHub(mottaker, meldingType, klientMeldingId, klientKorrelasjonsId,
                svarPaMelding, ttlMillis, filnavn, signedPayload.length == 0 ? Optional.empty()
                        : Optional.of(payloads.save(signedPayload)), correlation));
    }

    /**
     * As {@link #storeFromHub(String, String, String, Optional, Optional, long, String, byte[], Optional)}, with a
     * payload stored before (a distribution's document, one payload for all its messages).
     */
    public String storeFromHub(String mottaker, String meldingType, String klientMeldingId,
                               Optional<String> klientKorrelasjonsId, Optional<String> svarPaMelding, long ttlMillis,
                               String filnavn, Optional<PayloadStore.Stored> payload,
                               Optional<MessageStore.Correlation> correlation) {
        Envelope message = new Envelope(MessageStore.newMeldingId(), hubOrgnr, List.of(mottaker), meldingType,
                klientMeldingId, klientKorrelasjonsId, svarPaMelding, ttlMillis, filnavn, Instant.now());
        MessageStore.Accepted accepted = store.accept(message, payload,
                Map.of(mottaker, routing.connectorOf(mottaker, meldingType)), correlation);
        if (accepted.created()) {
            log.debug("Stored {} {} to {}", meldingType, accepted.meldingId(), mottaker);
        }
        return accepted.meldingId();
    }

    /**
     * Puts a stored message on its way. Also for one that existed already: the broker drops a
     * copy it has seen, and a message stored just before a crash gets on its way.
     */
    public void enqueue(String meldingId, String mottaker, Optional<String> klientKorrelasjonsId) {
        store.delivery(meldingId, mottaker).ifPresent(d -> producer.sendBody("direct:enqueue",
                List.of(new DeliveryKey(meldingId, mottaker, d.connector(), klientKorrelasjonsId.orElse(null)))));
    }

    /** Signs a payload as the hub. */
    public byte[] sign(byte[] payload) {
        return hubSigner.sign(payload);
    }

    public String hubOrgnr() {
        return hubOrgnr;
    }
}
