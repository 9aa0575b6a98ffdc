package no.knutepunkt.connectors.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryResult;
import no.knutepunkt.connectors.Payload;
import org.junit.jupiter.api.Test;

class InboxConnectorTest {

    /** Records what was placed. */
    static final class FakeInboxStore implements InboxStore {
        final List<String> placed = new ArrayList<>();

        @Override
        public void place(String meldingId, String mottaker, String where) {
            placed.add(meldingId + " -> " + mottaker);
        }
    }

    final AtomicInteger payloadsMade = new AtomicInteger();

    Delivery delivery(String meldingId, String mottaker) {
        return new Delivery(meldingId, "994631004", mottaker, "t", "k", Optional.empty(), Optional.empty(), 60_000L,
                "p.p7m", Optional.empty(), () -> {
                    payloadsMade.incrementAndGet();
                    return new java.io.ByteArrayInputStream(new byte[] {1});
                }, Payload.of(new byte[0]));
    }

    @Test
    void placesTheMessageOnceAndWaitsForPickup() {
        FakeInboxStore store = new FakeInboxStore();
        InboxConnector connector = new InboxConnector(store);

        DeliveryResult.Outcome outcome = connector.deliver(delivery("m-1", "994633007")).outcome();

        assertThat(outcome).isEqualTo(DeliveryResult.Outcome.WAITING_FOR_PICKUP);
        assertThat(store.placed).containsExactly("m-1 -> 994633007");
    }

    @Test
    void neverAsksForThePayload() {
        InboxConnector connector = new InboxConnector(new FakeInboxStore());

        connector.deliver(delivery("m-1", "994633007"));
        connector.deliver(delivery("m-2", "994629018"));

        assertThat(payloadsMade).hasValue(0);
    }

    @Test
    void eachDeliveryIsPlacedForItsOwnRecipient() {
        FakeInboxStore store = new FakeInboxStore();
        InboxConnector connector = new InboxConnector(store);

        connector.deliver(delivery("m-1", "994633007"));
        connector.deliver(delivery("m-1", "994629018"));

        assertThat(store.placed).containsExactly("m-1 -> 994633007", "m-1 -> 994629018");
    }

    @Test
    void aFailingStoreIsNotReportedAsWaiting() {
        InboxConnector connector = new InboxConnector((meldingId, mottaker, where) -> {
            throw new IllegalStateException("database down");
        });

        assertThatThrownBy(() -> connector.deliver(delivery("m-1", "994633007")))
                .isInstanceOf(IllegalStateException.class).hasMessage("database down");
    }

    @Test
    void hasTheNameUsedInTheRoutingConfiguration() {
        assertThat(new InboxConnector(new FakeInboxStore()).name()).isEqualTo("inbox").isEqualTo(InboxConnector.NAME);
    }
}
