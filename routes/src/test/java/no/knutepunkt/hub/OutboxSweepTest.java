package no.knutepunkt.hub;

import static no.knutepunkt.hub.TestHub.A;
import static no.knutepunkt.hub.TestHub.B;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.message.Status;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.ToDynamicDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A message the database accepted but the broker never got (the hub stopped between the two, or the broker was
 * failing over) is found by the outbox sweep and delivered; the sender was told it was accepted.
 */
class OutboxSweepTest {
    @TempDir
    Path dir;

    @Test
    void anAcceptedDeliveryThatNeverReachedTheBrokerIsEnqueuedBySweep() throws Exception {
        try (TestHub hub = TestHub.embedded(dir, Map.of(
                "knutepunkt.outbox.sweep-interval", "1s",
                "knutepunkt.outbox.stale-after", "1s")).start()) {
            MessageStore store = hub.bean(MessageStore.class);
            byte[] signed = hub.sign(A, "<stranded/>".getBytes(StandardCharsets.UTF_8));
            String meldingId = MessageStore.newMeldingId();
            // what intake stores before it sends to the connector's queue; here nothing is sent
            PayloadStore payloads = hub.bean(PayloadStore.class);
            hub.bean(TransactionTemplate.class).executeWithoutResult(s -> store.accept(new Envelope(meldingId, A,
                    List.of(B), "no.knutepunkt.v1.fil", "stranded-1", Optional.empty(), Optional.empty(), 60_000,
                    "stranded.xml", Instant.now()), Optional.of(payloads.save(signed)), Map.of(B, "inbox"),
                    Optional.empty()));
            assertThat(store.delivery(meldingId, B).orElseThrow().status()).isEqualTo(Status.QUEUED);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> EndToEndTest.ids(hub.client(B).inbox()).contains(meldingId));
            assertThat(store.delivery(meldingId, B).orElseThrow().inInbox()).isTrue();
        }
    }

    @Test
    void aSendWhoseHandOverToTheBrokerFailsIsAcceptedAndSentByTheSweep() throws Exception {
        try (TestHub hub = TestHub.embedded(dir, Map.of(
                "knutepunkt.outbox.sweep-interval", "1s",
                "knutepunkt.outbox.stale-after", "1s")).start()) {
            AtomicBoolean brokerAway = new AtomicBoolean(true);
            AdviceWith.adviceWith(hub.camel(), "enqueue", route -> route.weaveByType(ToDynamicDefinition.class)
                    .before().process(exchange -> {
                        if (brokerAway.getAndSet(false)) {
                            throw new IllegalStateException("AMQ219014: Timed out after waiting 30000 ms for response");
                        }
                    }));
            byte[] signed = hub.sign(A, "<uten-megler/>".getBytes(StandardCharsets.UTF_8));
            var answer = Multipart.post(hub.uri(), A, hub.identity(A).password(), Multipart.parts("{\"avsender\":\""
                    + A + "\",\"mottakere\":[\"" + B + "\"],\"meldingType\":\"no.knutepunkt.v1.fil\","
                    + "\"klientMeldingId\":\"broker-away-1\",\"filnavn\":\"x.xml\"}", signed));

            // stored and committed before the hand-over failed: accepted, not a 500 saying nothing was
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(brokerAway).isFalse();
            String meldingId = answer.body().replaceAll(".*\"meldingId\":\"([^\"]+)\".*", "$1");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> EndToEndTest.ids(hub.client(B).inbox()).contains(meldingId));
        }
    }
}
