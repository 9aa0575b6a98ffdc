package no.knutepunkt.hub.cluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Jobs that must run on one hub instance at a time, however many share the database: the timers' sweeps and
 * batches. Each tick of a job asks {@link #hold}: the instance that holds the job's lease (a row of
 * {@code job_lease}) renews it and runs the job; the others skip the tick. When the holder stops, it lets go of
 * its leases; when it dies, another instance takes the job over once the lease has run out
 * ({@code knutepunkt.cluster.lease}), or at once if it is an instance of the same host whose process is gone (a hub
 * killed and started again). Times are the database's, so the instances' clocks need not agree.
 *
 * <p>A lease makes a job run on one instance at a time; the jobs themselves stay idempotent (conditional
 * updates, unique keys, broker duplicate detection), so a holder that pauses past its lease and runs once more
 * beside the next holder changes nothing twice.
 */
@Component
public class JobLeases implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(JobLeases.class);
    private final JdbcClient jdbc;
    private final String instance;
    private final Duration lease;
    /** The jobs this instance held at its last tick, for the log lines when that changes. */
    private final Map<String, Boolean> held = new ConcurrentHashMap<>();

    public JobLeases(JdbcClient jdbc, ClusterProperties cluster) {
        this.jdbc = jdbc;
        this.instance = cluster.instanceId().isBlank() ? defaultInstanceId() : cluster.instanceId().strip();
        this.lease = cluster.lease();
    }

    /** A job's lease as stored: who holds it and until when. */
    public record Lease(String job, String holder, Instant heldUntil, Instant takenAt) {
    }

    /** This instance's name in the leases. */
    public String instance() {
        return instance;
    }

    /**
     * Takes or renews the lease of {@code job} for this instance.
     *
     * @return true if this instance holds it now (run the job), false if another instance does (skip this tick)
     */
    public boolean hold(String job) {
        boolean holds;
        try {
            holds = tryHold(job);
        } catch (DataAccessException e) {
            // the database is away: nobody can record the job's work either; try again at the next tick
            log.warn("Job {}: could not reach the lease in the database, skipping this tick: {}", job, e.getMessage());
            holds = false;
        }
        Boolean before = held.put(job, holds);
        if (holds && !Boolean.TRUE.equals(before)) {
            log.info("Job {}: this instance ({}) runs it", job, instance);
        } else if (!holds && Boolean.TRUE.equals(before)) {
            log.info("Job {}: another instance runs it now", job);
        }
        return holds;
    }

    /** {@link #hold} as a Camel predicate, for a timer route's filter. */
    public Predicate held(String job) {
        return exchange -> hold(job);
    }

    private boolean tryHold(String job) {
        OffsetDateTime now = jdbc.sql("select current_timestamp").query(OffsetDateTime.class).single();
        OffsetDateTime until = now.plus(lease);
        int renewed = jdbc.sql("""
                        update job_lease set holder = :me, held_until = :until,
                            taken_at = case when holder = :me then taken_at else :now end
                        where job = :job and (holder = :me or held_until < :now)""")
                .param("me", instance).param("until", until).param("now", now).param("job", job)
                .update();
        if (renewed == 1) {
            return true;
        }
        try {
            jdbc.sql("insert into job_lease (job, holder, held_until, taken_at) values (?, ?, ?, ?)")
                    .params(job, instance, until, now).update();
            return true;
        } catch (DuplicateKeyException taken) {
            // another instance holds it (or took it at the same moment); one of this host that is gone (killed, and
            // this instance is its restart) holds nothing
            String holder = jdbc.sql("select holder from job_lease where job = ?").param(job).query(String.class)
                    .optional().orElse(instance);
            return deadOnThisHost(holder) && jdbc.sql("""
                            update job_lease set holder = ?, held_until = ?, taken_at = ? where job = ? and holder = ?""")
                    .params(instance, until, now, job, holder).update() == 1;
        }
    }

    /**
     * Whether {@code holder} is a default instance name ({@code host:pid}) of this host whose process is gone. Such an
     * instance cannot renew its leases, so they need not run out first: a hub killed and started again takes up its
     * jobs at once (in the embedded default, with its one instance, always).
     */
    boolean deadOnThisHost(String holder) {
        int colon = holder.lastIndexOf(':');
        if (colon < 0 || !holder.substring(0, colon).equals(HostName.get()) || holder.equals(instance)) {
            return false;
        }
        try {
            long pid = Long.parseLong(holder.substring(colon + 1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false; // a configured name: only its lease running out tells
        }
    }

    /** Every job's lease, by job. */
    public List<Lease> leases() {
        return jdbc.sql("select job, holder, held_until, taken_at from job_lease order by job")
                .query((rs, n) -> new Lease(rs.getString(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant(),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Lets go of this instance's leases when it stops, so that another instance takes the jobs at its next tick. */
    @Override
    public void destroy() {
        try {
            int released = jdbc.sql("update job_lease set held_until = ? where holder = ?")
                    .params(OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), instance).update();
            if (released > 0) {
                log.info("Let go of {} job leases for the other instances", released);
            }
        } catch (DataAccessException e) {
            log.warn("Could not let go of the job leases; they run out after {}: {}", lease, e.getMessage());
        }
    }

    private static String defaultInstanceId() {
        return HostName.get() + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
