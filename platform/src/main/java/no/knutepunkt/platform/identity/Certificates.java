package no.knutepunkt.platform.identity;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** When registered certificates are valid, and which of them need an operator's attention soon. */
public final class Certificates {
    private Certificates() {
    }

    /** Whether {@code certificate} is valid at {@code at} (not before ≤ at ≤ not after). */
    public static boolean validAt(X509Certificate certificate, Instant at) {
        return !at.isBefore(certificate.getNotBefore().toInstant()) && !at.isAfter(certificate.getNotAfter().toInstant());
    }

    /**
     * A registered certificate that has expired or expires soon.
     *
     * @param owner    whose it is: a member's orgnr, or "hub"
     * @param replaced true if the owner has another certificate that is valid for longer (a rotation under way:
     *                 this one may run out without harm)
     */
    public record Expiry(String owner, String subject, String serial, Instant notAfter, boolean expired,
                         boolean replaced) {
        /** One line for a log, the console and the health details. */
        public String describe() {
            return owner + ": certificate " + serial + " (" + subject + ") " + (expired ? "expired at " : "expires at ")
                    + notAfter + (replaced ? "; a newer registered certificate takes over" : "");
        }
    }

    /**
     * The certificates that have expired by {@code now} or expire within {@code within}, soonest first.
     *
     * @param byOwner each owner's registered certificates
     */
    public static List<Expiry> needingAttention(Map<String, List<X509Certificate>> byOwner, Instant now,
                                                Duration within) {
        List<Expiry> found = new ArrayList<>();
        Instant horizon = now.plus(within);
        byOwner.forEach((owner, certificates) -> {
            Instant longest = certificates.stream().map(c -> c.getNotAfter().toInstant())
                    .max(Comparator.naturalOrder()).orElse(Instant.MIN);
            for (X509Certificate c : certificates) {
                Instant notAfter = c.getNotAfter().toInstant();
                if (notAfter.isBefore(horizon)) {
                    boolean replaced = longest.isAfter(horizon);
                    found.add(new Expiry(owner, c.getSubjectX500Principal().getName(), c.getSerialNumber().toString(16),
                            notAfter, notAfter.isBefore(now), replaced));
                }
            }
        });
        found.sort(Comparator.comparing(Expiry::notAfter));
        return found;
    }
}
