package no.knutepunkt.connectors;

import java.util.List;
import java.util.Optional;

/**
 * What a successful hand-over gave.
 *
 * @param outcome what the hand-over means for the delivery's status
 * @param notes   facts worth keeping in the delivery's history (e.g. an external system's id and status)
 * @param reply   an answer the external system gave that goes back to the sender (e.g. the
 *                archive's receipt, for connectors that speak to the archive on the recipient's behalf)
 */
public record DeliveryResult(Outcome outcome, List<String> notes, Optional<Reply> reply) {

    /** What a successful hand-over means. */
    public enum Outcome {
        /** The recipient system has taken it (a 2xx answer). */
        DELIVERED,
        /** It waits in the recipient's inbox until downloaded and acknowledged. */
        WAITING_FOR_PICKUP
    }

    /**
     * A message the hub sends back to the sender on the recipient's behalf.
     *
     * @param meldingType the reply's message type
     * @param filnavn     its payload file name
     * @param payload     its payload
     */
    public record Reply(String meldingType, String filnavn, byte[] payload) {
    }

    public static DeliveryResult delivered(String... notes) {
        return new DeliveryResult(Outcome.DELIVERED, List.of(notes), Optional.empty());
    }

    public static DeliveryResult waitingForPickup() {
        return new DeliveryResult(Outcome.WAITING_FOR_PICKUP, List.of(), Optional.empty());
    }

    public DeliveryResult withReply(Reply reply) {
        return new DeliveryResult(outcome, notes, Optional.of(reply));
    }
}
