package no.knutepunkt.hub.flow;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.hub.config.KnutepunktProperties;
import no.knutepunkt.hub.config.MemberRouting;
import no.knutepunkt.hub.persistence.MessageStore;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.message.Envelope;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Messages the hub itself sends to the sender of a message — a serverfeil when a delivery
 * failed, a tidsavbrudd when it expired, an archive's receipt — signed with the hub's key, sent
 * as the hub's orgnr, answering the original ({@code svarPaMelding}), and travelling the same
 * path as any message. Each is sent once: its klientMeldingId is made from what it is about.
 */
@Component
public class Notices {
    private static final Logger log = LoggerFactory.getLogger(Notices.class);
    private final MessageStore store;
    private final CmsSigner hubSigner;
    private final MemberRouting routing;
    private final ProducerTemplate producer;
    private final String hubOrgnr;
    private final long ttl;

    public Notices(MessageStore store, CmsSigner hubSigner, MemberRouting routing, ProducerTemplate producer,
                   KnutepunktProperties properties) {
        this.store = store;
        this.hubSigner = hubSigner;
        this.routing = routing;
        this.producer = producer;
        this.hubOrgnr = properties.getHub().getOrgnr();
        this.ttl = properties.getIntake().getDefaultTtl().toMillis();
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
            log.info("No {} about {}: it came from the hub itself", meldingType, original.meldingId());
            return;
        }
        Envelope notice = new Envelope(MessageStore.newMeldingId(), hubOrgnr, List.of(original.avsender()),
                meldingType, meldingType + "/" + original.meldingId() + "/" + about,
                original.klientKorrelasjonsId(), Optional.of(original.meldingId()), ttl, filnavn, Instant.now());
        byte[] signed = payload == null ? new byte[0] : hubSigner.sign(payload);
        MessageStore.Accepted accepted = store.accept(notice, signed,
                Map.of(original.avsender(), routing.connectorOf(original.avsender())), correlation);
        if (accepted.created()) {
            producer.sendBody("direct:enqueue", List.of(new DeliveryKey(accepted.meldingId(), original.avsender(),
                    original.klientKorrelasjonsId().orElse(null))));
            log.info("Sent {} {} to {} about {} to {}", meldingType, accepted.meldingId(), original.avsender(),
                    original.meldingId(), about);
        }
    }

    public String hubOrgnr() {
        return hubOrgnr;
    }
}
