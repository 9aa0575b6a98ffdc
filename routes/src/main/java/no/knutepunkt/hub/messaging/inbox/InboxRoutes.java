package no.knutepunkt.hub.messaging.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import no.knutepunkt.hub.api.ApiErrors;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Http;
import no.knutepunkt.hub.api.MessageView;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.Headers;
import no.knutepunkt.hub.messaging.delivery.PayloadSealer;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Envelope;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The pull side of delivery, eFormidling style: list what waits, download (which locks the
 * message for a while, after which it shows again), acknowledge (DELIVERED). A member sees only
 * its own inbox.
 */
@Component
public class InboxRoutes extends RouteBuilder {
    private static final int PAGE = 100;
    private final MessageStore store;
    private final PayloadSealer sealer;
    private final InboxProperties inbox;
    private final ApiJson json;

    public InboxRoutes(MessageStore store, PayloadSealer sealer, InboxProperties inbox, ApiJson json) {
        this.store = store;
        this.sealer = sealer;
        this.inbox = inbox;
        this.json = json;
    }

    @Override
    public void configure() {
        from("direct:inbox-list").routeId("inbox-list").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> json.write(exchange, 200,
                        store.inbox(Http.memberOrgnr(exchange), Instant.now(), PAGE).stream()
                                .map(MessageView::of).toList()));

        from("direct:inbox-download").routeId("inbox-download").routeConfigurationId(ApiErrors.ID)
                .process(this::download);

        from("direct:inbox-ack").routeId("inbox-ack").routeConfigurationId(ApiErrors.ID)
                .process(exchange -> {
                    String mottaker = Http.memberOrgnr(exchange);
                    String meldingId = exchange.getMessage().getHeader(Headers.MELDING_ID, String.class);
                    switch (store.acknowledge(meldingId, mottaker)) {
                        case ACKNOWLEDGED, ALREADY_ACKNOWLEDGED -> Http.noContent(exchange);
                        case NOT_DOWNLOADED -> throw new Problem(409, "not-downloaded", "Not downloaded yet",
                                "download " + meldingId + " before acknowledging it");
                        case NOT_IN_INBOX -> throw notInInbox(meldingId);
                    }
                });
    }

    private void download(Exchange exchange) {
        String mottaker = Http.memberOrgnr(exchange);
        String meldingId = exchange.getMessage().getHeader(Headers.MELDING_ID, String.class);
        Instant lockedUntil = Instant.now().plus(inbox.lockDuration());
        if (!store.lockForDownload(meldingId, mottaker, lockedUntil)) {
            throw notInInbox(meldingId);
        }
        MessageStore.Pending pending = store.pending(meldingId, mottaker).orElseThrow();
        Envelope envelope = pending.envelope();
        boolean hasPayload = pending.payloadRef().isPresent();
        InputStream sealed;
        try {
            // encrypted for the recipient as the response is written: never whole in memory
            sealed = sealer.seal(pending.payloadRef(), pending.payloadSize(), mottaker).open();
        } catch (IOException e) {
            throw new UncheckedIOException("the payload of " + meldingId + " cannot be read", e);
        }
        var out = Http.file(exchange, sealed, "application/pkcs7-mime; smime-type=enveloped-data",
                envelope.filnavn() + ".p7m");
        out.setHeader("Knutepunkt-Melding-Id", meldingId);
        out.setHeader("Knutepunkt-Avsender", envelope.avsender());
        out.setHeader("Knutepunkt-Melding-Type", envelope.meldingType());
        out.setHeader("Knutepunkt-Locked-Until", lockedUntil.toString());
        out.setHeader("Knutepunkt-Har-Payload", hasPayload);
        envelope.svarPaMelding().ifPresent(id -> out.setHeader("Knutepunkt-Svar-Pa-Melding", id));
    }

    private static Problem notInInbox(String meldingId) {
        return Problem.notFound("no message " + meldingId + " waits in your inbox");
    }
}
