package no.knutepunkt.hub.messaging.store;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.knutepunkt.platform.message.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the message path did recently, for the operators' overview: messages accepted, delivered and failed per
 * minute, and deliveries by status. Every query walks an index range (meldingIds sort by time; deliveries are
 * indexed by status and status time), never a whole table.
 */
@Repository
public class MessageActivity {
    private static final Set<Status> DELIVERED = Set.of(Status.DELIVERED, Status.ACKNOWLEDGED);
    private static final Set<Status> FAILED = Set.of(Status.FAILED, Status.EXPIRED, Status.REJECTED);

    private final JdbcClient jdbc;

    public MessageActivity(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One minute of the message path: messages accepted, deliveries that reached their recipient, and that failed. */
    public record Minute(Instant start, int accepted, int delivered, int failed) {
    }

    /** The last {@code minutes} minutes up to {@code now}, oldest first, one entry per minute (zeros included). */
    public List<Minute> perMinute(Instant now, int minutes) {
        Instant end = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        Instant from = end.minus(Duration.ofMinutes(minutes));
        Map<Instant, int[]> buckets = new LinkedHashMap<>();
        for (Instant t = from; t.isBefore(end); t = t.plus(Duration.ofMinutes(1))) {
            buckets.put(t, new int[3]);
        }
        jdbc.sql("""
                        select date_trunc('minute', received_at) as minute, count(*) from melding
                        where melding_id >= ? and received_at >= ? group by date_trunc('minute', received_at)""")
                .params(TimeOrderedIds.bound(from), time(from))
                .query(rs -> {
                    add(buckets, rs.getObject(1, OffsetDateTime.class), 0, rs.getInt(2));
                });
        countByMinute(buckets, DELIVERED, from, 1);
        countByMinute(buckets, FAILED, from, 2);
        List<Minute> series = new ArrayList<>(buckets.size());
        buckets.forEach((t, c) -> series.add(new Minute(t, c[0], c[1], c[2])));
        return series;
    }

    /**
     * Deliveries by status: those still under way (RECEIVED, QUEUED) all, the ended ones of the last {@code window}.
     */
    public Map<Status, Integer> byStatus(Instant now, Duration window) {
        Map<Status, Integer> counts = new LinkedHashMap<>();
        for (Status status : Status.values()) {
            counts.put(status, status.isFinal()
                    ? jdbc.sql("select count(*) from levering where status = ? and status_at >= ?")
                            .params(status.name(), time(now.minus(window))).query(Integer.class).single()
                    : jdbc.sql("select count(*) from levering where status = ?")
                            .param(status.name()).query(Integer.class).single());
        }
        return counts;
    }

    /** Per member: when a delivery to it last succeeded (within {@code window} of now). */
    public Map<String, Instant> lastDelivered(Instant now, Duration window) {
        Map<String, Instant> last = new LinkedHashMap<>();
        for (Status status : DELIVERED) {
            jdbc.sql("select mottaker, max(status_at) from levering where status = ? and status_at >= ?"
                            + " group by mottaker")
                    .params(status.name(), time(now.minus(window)))
                    .query(rs -> {
                        last.merge(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                                (a, b) -> a.isAfter(b) ? a : b);
                    });
        }
        return last;
    }

    /** Per member: deliveries to it that failed or expired within {@code window} of now. */
    public Map<String, Integer> failures(Instant now, Duration window) {
        Map<String, Integer> failures = new LinkedHashMap<>();
        for (Status status : Set.of(Status.FAILED, Status.EXPIRED)) {
            jdbc.sql("select mottaker, count(*) from levering where status = ? and status_at >= ? group by mottaker")
                    .params(status.name(), time(now.minus(window)))
                    .query(rs -> {
                        failures.merge(rs.getString(1), rs.getInt(2), Integer::sum);
                    });
        }
        return failures;
    }

    /** Per member: messages waiting in its inbox. */
    public Map<String, Integer> inboxWaiting() {
        Map<String, Integer> waiting = new LinkedHashMap<>();
        jdbc.sql("select mottaker, count(*) from levering where in_inbox = true and status = ? group by mottaker")
                .param(Status.QUEUED.name())
                .query(rs -> {
                    waiting.put(rs.getString(1), rs.getInt(2));
                });
        return waiting;
    }

    private void countByMinute(Map<Instant, int[]> buckets, Set<Status> statuses, Instant from, int slot) {
        for (Status status : statuses) {
            jdbc.sql("""
                            select date_trunc('minute', status_at) as minute, count(*) from levering
                            where status = ? and status_at >= ? group by date_trunc('minute', status_at)""")
                    .params(status.name(), time(from))
                    .query(rs -> {
                        add(buckets, rs.getObject(1, OffsetDateTime.class), slot, rs.getInt(2));
                    });
        }
    }

    private static void add(Map<Instant, int[]> buckets, OffsetDateTime minute, int slot, int count) {
        int[] bucket = buckets.get(minute.toInstant());
        if (bucket != null) {
            bucket[slot] += count;
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
