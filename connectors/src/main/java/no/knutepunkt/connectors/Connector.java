package no.knutepunkt.connectors;

/** How deliveries reach one kind of recipient system. Implementations are thread-safe. */
public interface Connector {
    /** The connector's name as used in the member routing configuration ({@code inbox}, {@code fiksio}, ...). */
    String name();

    /** What a successful hand-over means. */
    enum Outcome {
        /** The recipient system has taken it (a 2xx answer). */
        DELIVERED,
        /** It waits in the recipient's inbox until downloaded and acknowledged. */
        WAITING_FOR_PICKUP
    }

    /**
     * Hands the delivery over. Returns normally only when the recipient side has taken
     * responsibility for it (a 2xx answer, or a committed inbox entry).
     */
    Outcome deliver(Delivery delivery) throws DeliveryException;
}
