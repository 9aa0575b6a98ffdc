package no.knutepunkt.hub.messaging.delivery;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many pushes to each member are under way in this hub instance, bounded per member: a slow
 * or failing member can occupy at most that many consumers, whatever its backlog. It also keeps how
 * long a push to each member usually takes, so that a consumer waits for a slot only where one is
 * likely to free soon, and so that deliveries put back for a busy member come back about as fast as
 * it takes them rather than all at once.
 */
final class MemberLimits {
    /** Weight of the newest push in the moving mean of push times. */
    private static final double WEIGHT = 0.2;

    private final int perMember;
    private final ConcurrentHashMap<String, Member> members = new ConcurrentHashMap<>();

    MemberLimits(int perMember) {
        this.perMember = Math.max(1, perMember);
    }

    /** One member's pushes in this instance. */
    static final class Member {
        private final Semaphore slots;
        /** Moving mean of how long a push (and recording its outcome) took, in nanoseconds; 0 before the first. */
        private volatile long meanNanos;
        /** {@link System#nanoTime()} at which the next delivery put back for this member is due. */
        private final AtomicLong nextDue = new AtomicLong(System.nanoTime());

        private Member(int perMember) {
            this.slots = new Semaphore(perMember);
        }

        long meanNanos() {
            return meanNanos;
        }
    }

    Member member(String connector, String member) {
        return members.computeIfAbsent(connector + "/" + member, k -> new Member(perMember));
    }

    /**
     * Takes a slot for a push to {@code member}. Where its pushes usually end within {@code wait}, waits up to
     * that long for one to free; a member whose pushes take longer is not waited for. False if it still has as
     * many pushes under way as it may.
     */
    boolean tryAcquire(Member member, Duration wait) throws InterruptedException {
        long waitNanos = wait.toNanos();
        long mean = member.meanNanos;
        if (mean > waitNanos) {
            return member.slots.tryAcquire();
        }
        return member.slots.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
    }

    /** Frees the slot taken for a push that began at {@code startedNanos} (a {@link System#nanoTime()}). */
    void release(Member member, long startedNanos) {
        long took = System.nanoTime() - startedNanos;
        long mean = member.meanNanos;
        member.meanNanos = mean == 0 ? took : (long) (mean + WEIGHT * (took - mean));
        member.slots.release();
    }

    /**
     * How long a delivery put back now for {@code member} should wait: at least {@code min}, at most {@code max},
     * and otherwise paced, each one a push time ÷ the limit after the one before, so that the deliveries put back
     * for a slow member return about when it can take them instead of all being tried again together.
     */
    Duration deferral(Member member, Duration min, Duration max) {
        long now = System.nanoTime();
        long interval = member.meanNanos / perMember;
        long maxNanos = max.toNanos();
        long due = member.nextDue.updateAndGet(next -> Math.min(Math.max(next, now) + interval, now + maxNanos));
        long wait = Math.max(due - now, min.toNanos());
        return Duration.ofNanos(Math.min(wait, maxNanos));
    }
}
