package no.knutepunkt.hub.directory;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import no.knutepunkt.platform.identity.Certificates;
import no.knutepunkt.platform.identity.Identities;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Registered certificates (the members' and the hub's own) that have expired or expire within
 * {@code knutepunkt.certificates.warn-before} (30 days): a WARN line each at start, a list on the console's overview,
 * and the details of the health indicator {@code certificates} ({@code /actuator/health/expiry} for operators; it
 * stays UP: one member's expired certificate refuses that member's signatures at intake, it does not make the hub
 * unhealthy).
 */
@Component("certificates")
public class CertificateExpiry implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(CertificateExpiry.class);
    public static final String HUB = "hub";
    private final Identities identities;
    private final Duration warnBefore;

    public CertificateExpiry(Identities identities,
                             @Value("${knutepunkt.certificates.warn-before:30d}") Duration warnBefore) {
        this.identities = identities;
        this.warnBefore = warnBefore;
    }

    /** What needs an operator's attention now, soonest first. */
    public List<Certificates.Expiry> needingAttention() {
        Map<String, List<X509Certificate>> all = new LinkedHashMap<>();
        all.put(HUB, List.of(identities.hubCertificate()));
        all.putAll(identities.memberCertificates());
        return Certificates.needingAttention(all, Instant.now(), warnBefore);
    }

    public Duration warnBefore() {
        return warnBefore;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnAtStart() {
        List<Certificates.Expiry> found = needingAttention();
        found.forEach(e -> log.warn("{}{}", e.describe(), e.expired() && !e.replaced()
                ? (e.owner().equals(HUB) ? ": members cannot verify what the hub signs"
                : ": the hub refuses this member's signatures until a valid certificate is registered") : ""));
        if (found.isEmpty()) {
            log.info("Every registered certificate is valid for at least {} more days", warnBefore.toDays());
        }
    }

    @Override
    public Health health() {
        List<Certificates.Expiry> found = needingAttention();
        return Health.up()
                .withDetail("expired", found.stream().filter(Certificates.Expiry::expired)
                        .map(Certificates.Expiry::describe).toList())
                .withDetail("expiringWithin", warnBefore.toString())
                .withDetail("expiring", found.stream().filter(e -> !e.expired())
                        .map(Certificates.Expiry::describe).toList())
                .build();
    }
}
