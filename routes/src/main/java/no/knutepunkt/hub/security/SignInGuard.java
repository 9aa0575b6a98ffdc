package no.knutepunkt.hub.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing down: counts failed sign-ins per username and per client address and locks either after
 * {@link SignInProperties#maxFailures()} within the window, for a time that doubles with each lock. A locked sign-in
 * is refused before its password is checked. A username's lock does not apply from an address it signed in from
 * successfully before (a member system's own), so strangers cannot lock it out; the address lock always applies.
 * Every failure is logged at WARN (username, address, path; never the password), and so is every lock. The counts
 * live in memory, bounded, and are forgotten after a quiet while (a restart forgets them too).
 */
@Component
public class SignInGuard {
    private static final Logger log = LoggerFactory.getLogger(SignInGuard.class);
    private static final int MAX_KEYS = 100_000;
    private final SignInProperties settings;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Tally> usernames;
    private final Cache<String, Tally> addresses;
    private final Cache<String, Boolean> knownAddresses;

    /** Failures since {@code since}, the lock (if any) and how many locks came before (for the doubling). */
    private record Tally(int failures, Instant since, Instant lockedUntil, int locks) {
    }

    public SignInGuard(SignInProperties settings) {
        this.settings = settings;
        // long enough to outlive a lock and its window: quiet that long, the doubling starts over
        Duration forget = settings.window().plus(settings.maxLock());
        this.usernames = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(forget).build();
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_KEYS).expireAfterWrite(forget).build();
        this.knownAddresses = Caffeine.newBuilder().maximumSize(MAX_KEYS)
                .expireAfterWrite(settings.knownAddress()).build();
    }

    /** How long sign-ins as {@code username} from {@code address} are still refused, if they are. */
    public Optional<Duration> locked(String username, String address) {
        Instant now = clock.instant();
        Duration byAddress = remaining(addresses.getIfPresent(address), now);
        Duration byUsername = knownAddresses.getIfPresent(known(username, address)) != null ? Duration.ZERO
                : remaining(usernames.getIfPresent(username), now);
        Duration longer = byAddress.compareTo(byUsername) >= 0 ? byAddress : byUsername;
        return longer.isZero() ? Optional.empty() : Optional.of(longer);
    }

    /** A wrong password (or unknown username): counted for both, logged, and maybe a lock. */
    public void failed(String username, String address, String path) {
        String who = shown(username);
        Tally byUsername = usernames.asMap().compute(username, (k, t) -> fail(t));
        Tally byAddress = addresses.asMap().compute(address, (k, t) -> fail(t));
        log.warn("Failed sign-in as '{}' from {} on {} ({} of {} for the username, {} for the address)", who,
                address, path, failuresOf(byUsername), settings.maxFailures(), failuresOf(byAddress));
        if (byUsername.failures() == 0) {
            log.warn("Sign-ins as '{}' are locked until {} after {} failures (lock {} in a row)", who,
                    byUsername.lockedUntil(), settings.maxFailures(), byUsername.locks());
        }
        if (byAddress.failures() == 0) {
            log.warn("Sign-ins from {} are locked until {} after {} failures (lock {} in a row)", address,
                    byAddress.lockedUntil(), settings.maxFailures(), byAddress.locks());
        }
    }

    /** A verified password: the username's count starts over, and the address becomes a known one of it. */
    public void succeeded(String username, String address) {
        usernames.invalidate(username);
        knownAddresses.put(known(username, address), Boolean.TRUE);
    }

    private Tally fail(Tally tally) {
        Instant now = clock.instant();
        Tally t = tally == null ? new Tally(0, now, Instant.MIN, 0)
                : now.isAfter(tally.since().plus(settings.window()))
                ? new Tally(0, now, tally.lockedUntil(), tally.locks()) : tally;
        if (t.failures() + 1 < settings.maxFailures()) {
            return new Tally(t.failures() + 1, t.since(), t.lockedUntil(), t.locks());
        }
        int locks = t.locks() + 1;
        Duration lock = settings.lock().multipliedBy(1L << Math.min(locks - 1, 20));
        return new Tally(0, now, now.plus(lock.compareTo(settings.maxLock()) > 0 ? settings.maxLock() : lock), locks);
    }

    /** The failures a tally stands for: all of them when it has just locked. */
    private int failuresOf(Tally tally) {
        return tally.failures() == 0 ? settings.maxFailures() : tally.failures();
    }

    private static Duration remaining(Tally tally, Instant now) {
        return tally == null || !now.isBefore(tally.lockedUntil()) ? Duration.ZERO
                : Duration.between(now, tally.lockedUntil());
    }

    private static String known(String username, String address) {
        return username.length() + ":" + username + "@" + address;
    }

    /** The username as the log shows it: no control characters (no forged lines), at most 64 characters. */
    static String shown(String username) {
        String clean = username == null ? "" : username.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 64 ? clean : clean.substring(0, 64) + "...";
    }
}
