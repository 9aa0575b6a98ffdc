package no.knutepunkt.hub.security;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How password guessing is slowed down ({@code knutepunkt.security.sign-in.*}): {@code max-failures} failed
 * sign-ins within {@code window}, by one username or from one address, lock it for {@code lock}, each further lock
 * twice as long up to {@code max-lock}. A success at {@code remember} distance need not be checked by the slow hash
 * again, and makes its address a known one of the username for {@code known-address}: a locked username still
 * signs in from there, so that strangers guessing cannot lock a member system out.
 *
 * @param maxFailures  failures that lock (API and console together)
 * @param window       within which they count
 * @param lock         the first lock
 * @param maxLock      the longest lock
 * @param remember     how long a verified username and password is remembered (keyed digest, never a wrong one)
 * @param knownAddress how long an address stays known to a username after a successful sign-in from it
 */
@Validated
@ConfigurationProperties("knutepunkt.security.sign-in")
public record SignInProperties(@DefaultValue("10") @Min(1) int maxFailures, @DefaultValue("5m") Duration window,
                               @DefaultValue("1m") Duration lock, @DefaultValue("15m") Duration maxLock,
                               @DefaultValue("5m") Duration remember, @DefaultValue("7d") Duration knownAddress) {
    public SignInProperties {
        for (Duration d : new Duration[] {window, lock, maxLock, remember, knownAddress}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the durations of knutepunkt.security.sign-in must be positive");
            }
        }
        if (maxLock.compareTo(lock) < 0) {
            throw new IllegalArgumentException("knutepunkt.security.sign-in.max-lock must not be shorter than lock");
        }
    }
}
