package no.knutepunkt.connectors.fiksio;

import no.knutepunkt.connectors.Connector;
import no.knutepunkt.connectors.Delivery;
import no.knutepunkt.connectors.DeliveryException;
import no.knutepunkt.connectors.DeliveryResult;

/** Push delivery to a member system's Fiks IO-style endpoint. */
public final class FiksIoConnector implements Connector {
    public static final String NAME = "fiksio";
    private final FiksIoClient client;

    public FiksIoConnector(FiksIoClient client) {
        this.client = client;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) throws DeliveryException {
        if (delivery.endpoint().isEmpty()) {
            throw DeliveryException.permanent("member " + delivery.mottaker() + " uses " + NAME
                    + " but has no endpoint configured", "the recipient has no " + NAME + " endpoint at the hub");
        }
        client.send(delivery.endpoint().get(), delivery);
        return DeliveryResult.delivered();
    }
}
