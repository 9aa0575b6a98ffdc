package no.knutepunkt.hub.messaging.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MemberLimitsTest {
    private static final Duration MIN = Duration.ofMillis(50);
    private static final Duration MAX = Duration.ofSeconds(5);

    @Test
    void aMemberHasAtMostItsLimitOfPushesUnderWay() throws Exception {
        MemberLimits limits = new MemberLimits(2);
        MemberLimits.Member member = limits.member("fiksio", "994644009");
        assertThat(limits.tryAcquire(member, Duration.ZERO)).isTrue();
        assertThat(limits.tryAcquire(member, Duration.ZERO)).isTrue();
        assertThat(limits.tryAcquire(member, Duration.ofMillis(10))).isFalse();
        limits.release(member, System.nanoTime());
        assertThat(limits.tryAcquire(member, Duration.ZERO)).isTrue();
        // another member, or the same member on another connector, has slots of its own
        assertThat(limits.tryAcquire(limits.member("fiksio", "994645005"), Duration.ZERO)).isTrue();
        assertThat(limits.tryAcquire(limits.member("noark5", "994644009"), Duration.ZERO)).isTrue();
    }

    @Test
    void noConsumerWaitsForASlotOfAMemberWhosePushesTakeLongerThanTheWait() throws Exception {
        MemberLimits limits = new MemberLimits(1);
        MemberLimits.Member slow = limits.member("fiksio", "994644009");
        assertThat(limits.tryAcquire(slow, MIN)).isTrue();
        limits.release(slow, System.nanoTime() - Duration.ofSeconds(1).toNanos());
        assertThat(slow.meanNanos()).isBetween(Duration.ofSeconds(1).toNanos(), Duration.ofMillis(1100).toNanos());
        assertThat(limits.tryAcquire(slow, MIN)).isTrue();

        long started = System.nanoTime();
        assertThat(limits.tryAcquire(slow, Duration.ofMillis(500))).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void aFastMemberIsWaitedForAMoment() throws Exception {
        MemberLimits limits = new MemberLimits(1);
        MemberLimits.Member fast = limits.member("fiksio", "994644009");
        assertThat(limits.tryAcquire(fast, MIN)).isTrue();
        limits.release(fast, System.nanoTime() - Duration.ofMillis(2).toNanos());
        assertThat(limits.tryAcquire(fast, MIN)).isTrue();
        Thread pusher = new Thread(() -> limits.release(fast, System.nanoTime()));
        pusher.start();
        // the slot freed while waiting is taken
        assertThat(limits.tryAcquire(fast, Duration.ofSeconds(5))).isTrue();
        pusher.join();
    }

    @Test
    void deliveriesPutBackForASlowMemberAreSpacedByItsPushTimeUpToTheMaximum() throws Exception {
        MemberLimits limits = new MemberLimits(4);
        MemberLimits.Member slow = limits.member("fiksio", "994644009");
        assertThat(limits.tryAcquire(slow, Duration.ZERO)).isTrue();
        limits.release(slow, System.nanoTime() - Duration.ofSeconds(1).toNanos());
        // four at once take a second, so each one put back comes a quarter of a second after the one before
        long[] delays = new long[30];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = limits.deferral(slow, MIN, MAX).toMillis();
        }
        assertThat(delays[0]).isBetween(200L, 250L);
        assertThat(delays[1]).isBetween(450L, 500L);
        assertThat(delays[3]).isBetween(950L, 1000L);
        for (int i = 1; i < delays.length; i++) {
            assertThat(delays[i]).isGreaterThanOrEqualTo(delays[i - 1]).isLessThanOrEqualTo(MAX.toMillis());
        }
        assertThat(delays[delays.length - 1]).isEqualTo(MAX.toMillis());
    }

    @Test
    void aMemberWithoutPushTimesIsTriedAgainAfterTheLeastDelay() {
        MemberLimits limits = new MemberLimits(4);
        MemberLimits.Member fresh = limits.member("fiksio", "994644009");
        assertThat(limits.deferral(fresh, MIN, MAX)).isEqualTo(MIN);
        assertThat(limits.deferral(fresh, MIN, MAX)).isEqualTo(MIN);
    }
}
