package no.knutepunkt.hub.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The job leases for operators, as the {@code jobs} health contributor: which instance runs each timer's job and
 * until when its lease lasts, and this instance's name. Always UP (a job held by a stopped instance is taken over
 * by the next tick of another); UNKNOWN when the database cannot be asked.
 */
@Component("jobs")
public class JobsHealth implements HealthIndicator {
    private final JobLeases leases;

    public JobsHealth(JobLeases leases) {
        this.leases = leases;
    }

    @Override
    public Health health() {
        Map<String, Object> jobs = new LinkedHashMap<>();
        try {
            leases.leases().forEach(l -> jobs.put(l.job(), Map.of("holder", l.holder(),
                    "heldUntil", l.heldUntil().toString(), "since", l.takenAt().toString())));
        } catch (DataAccessException e) {
            return Health.unknown().withDetail("instance", leases.instance())
                    .withDetail("error", "the job leases could not be read: " + e.getMostSpecificCause().getMessage())
                    .build();
        }
        return Health.up().withDetail("instance", leases.instance()).withDetail("jobs", jobs).build();
    }
}
