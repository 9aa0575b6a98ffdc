package no.knutepunkt.hub.messaging.intake;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import no.knutepunkt.hub.api.Problem;
import no.knutepunkt.hub.messaging.store.MessageStore;
import org.springframework.stereotype.Component;

/**
 * Back-pressure: when more deliveries wait for their connectors than {@code knutepunkt.intake.max-backlog},
 * intake refuses new messages with 429 and a {@code Retry-After} before it reads their body, so that
 * the hub delivers what it has accepted instead of piling up more. The backlog is counted in the
 * database (every hub instance sees the same), at most once per {@code backlog-check-interval}.
 */
@Component
public class Backpressure {
    private final MessageStore store;
    private final long maxBacklog;
    private final long intervalNanos;
    private final Duration retryAfter;
    private final AtomicLong checkedAt = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
    private volatile int backlog;

    public Backpressure(MessageStore store, IntakeProperties intake) {
        this.store = store;
        this.maxBacklog = intake.maxBacklog();
        this.intervalNanos = intake.backlogCheckInterval().toNanos();
        this.retryAfter = intake.retryAfter();
    }

    /** Refuses with 429 while the backlog is past its bound. */
    public void check() {
        if (maxBacklog <= 0) {
            return;
        }
        long now = System.nanoTime();
        long last = checkedAt.get();
        if (now - last >= intervalNanos && checkedAt.compareAndSet(last, now)) {
            backlog = store.backlog();
        }
        if (backlog > maxBacklog) {
            long seconds = Math.max(1, retryAfter.toSeconds());
            throw new Problem(429, "busy", "Too many messages waiting",
                    backlog + " deliveries wait for their connectors, more than the " + maxBacklog
                            + " the hub takes on; nothing was accepted. Send again after " + seconds + " s")
                    .header("Retry-After", Long.toString(seconds));
        }
    }
}
