package no.knutepunkt.hub.messaging.delivery;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many pushes to each member are under way in this hub instance, bounded per member: a slow
 * or failing member can occupy at most that many consumers, whatever its backlog.
 */
final class MemberLimits {
    private final int perMember;
    private final ConcurrentHashMap<String, Semaphore> inFlight = new ConcurrentHashMap<>();

    MemberLimits(int perMember) {
        this.perMember = Math.max(1, perMember);
    }

    /**
     * Takes a slot for a push to {@code member}, waiting up to {@code wait} for one to free; false if it still has
     * as many under way as it may.
     */
    boolean tryAcquire(String connector, String member, Duration wait) throws InterruptedException {
        return slots(connector, member).tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    void release(String connector, String member) {
        slots(connector, member).release();
    }

    private Semaphore slots(String connector, String member) {
        return inFlight.computeIfAbsent(connector + "/" + member, k -> new Semaphore(perMember));
    }
}
