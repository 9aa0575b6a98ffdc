package no.knutepunkt.hub.security;

import java.time.Duration;
import org.springframework.security.authentication.LockedException;

/** A sign-in refused without looking at the password: its username or address is locked for {@code retryAfter}. */
public class SignInLocked extends LockedException {
    private final Duration retryAfter;

    public SignInLocked(Duration retryAfter) {
        super("too many failed sign-ins; try again in " + retryAfter.toSeconds() + " s");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whole seconds to wait, at least 1 (for Retry-After). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
