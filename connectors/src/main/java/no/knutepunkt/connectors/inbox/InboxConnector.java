package no.knutepunkt.connectors.inbox;

import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryResult;

/**
 * Pull delivery (eFormidling's peek/download/acknowledge model) for systems without an
 * endpoint: the message waits in the recipient's inbox. The payload is encrypted to the
 * recipient when it is downloaded, so nothing but the sender's SignedData is kept.
 */
public final class InboxConnector implements Connector {
    public static final String NAME = "inbox";
    private final InboxStore store;

    public InboxConnector(InboxStore store) {
        this.store = store;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        store.place(delivery.meldingId(), delivery.mottaker(), "waiting in the recipient's inbox");
        return DeliveryResult.waitingForPickup();
    }
}
