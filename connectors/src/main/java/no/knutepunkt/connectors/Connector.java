package no.knutepunkt.connectors;

/** How deliveries reach one kind of recipient system. Implementations are thread-safe. */
public interface Connector {
    /** The connector's name as used in the member routing configuration ({@code inbox}, {@code fiksio}, ...). */
    String name();

    /**
     * Hands the delivery over. Returns normally only when the recipient side has taken
     * responsibility for it (a 2xx answer, or a committed inbox entry).
     */
    DeliveryResult deliver(Delivery delivery) throws DeliveryException;
}
