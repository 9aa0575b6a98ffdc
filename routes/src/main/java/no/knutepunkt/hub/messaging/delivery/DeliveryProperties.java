package no.knutepunkt.hub.messaging.delivery;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How deliveries run ({@code knutepunkt.delivery.*}).
 *
 * @param consumers      concurrent consumers of each push connector's queue (fiksio, noark5, svarut, peppol);
 *                       0 sizes it to the machine: 8 per core, as pushes mostly wait for the network
 * @param inboxConsumers concurrent consumers of the inbox queue (placing is a database update); 0: 2 per core
 * @param perMember      how many pushes to one member may be under way at once (per hub instance): a consumer
 *                       that takes a delivery to a member at its limit puts it back on the queue for later
 *                       (in the same broker transaction) and takes the next, so a slow or failing member holds
 *                       up no other
 * @param deferDelay     how long a consumer waits for a push to such a member to end (only where that member's pushes
 *                       usually take less) before it puts the delivery back, and the least time the delivery then
 *                       waits to be tried again (doubled each time it comes back; deliveries put back for a slow
 *                       member are also spaced by its push time ÷ {@code perMember}), up to {@code maxDeferDelay}
 * @param sealInMemory   payloads up to this many bytes are encrypted in memory before a push; larger ones stream
 *                       through a pipe while they are sent
 * @param recordPatience how long a consumer keeps trying to record a push the recipient took while the database is
 *                       out of reach, holding the broker message, before it gives up and lets the broker redeliver
 *                       (which pushes again, marked resendt)
 */
@ConfigurationProperties("knutepunkt.delivery")
public record DeliveryProperties(@DefaultValue("0") int consumers, @DefaultValue("0") int inboxConsumers,
                                 @DefaultValue("4") int perMember, @DefaultValue("50ms") Duration deferDelay,
                                 @DefaultValue("5s") Duration maxDeferDelay,
                                 @DefaultValue("1048576") long sealInMemory,
                                 @DefaultValue("30s") Duration recordPatience) {

    /** How long a delivery deferred {@code times} times before waits now. */
    public Duration deferral(int times) {
        Duration delay = deferDelay.multipliedBy(1L << Math.min(times, 20));
        return delay.compareTo(maxDeferDelay) > 0 ? maxDeferDelay : delay;
    }

    /** The consumers of a connector's queue, sized to the machine where not set. */
    public int consumersOf(String connector) {
        int cores = Runtime.getRuntime().availableProcessors();
        if ("inbox".equals(connector)) {
            return inboxConsumers > 0 ? inboxConsumers : Math.max(2, 2 * cores);
        }
        return consumers > 0 ? consumers : Math.max(8, 8 * cores);
    }
}
