package no.knutepunkt.hub.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The audit trail: one row per staff action, never changed. */
@Repository
public class AuditStore {
    private final JdbcClient jdbc;

    public AuditStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One staff action.
     *
     * @param action  what was asked for: the method and path ({@code POST /api/v1/dead-letters/4/retry}), or
     *                {@code sign in} / {@code sign out}
     * @param outcome {@code done} (answered 1xx–3xx), {@code refused} (4xx) or {@code failed} (5xx)
     * @param status  the HTTP status answered
     * @param channel {@code api} or {@code console}
     */
    public record Entry(long id, Instant at, String actor, String role, String action, String outcome, int status,
                        String channel) {
    }

    /** What to list: each part optional; at most {@code limit} entries, newest first. */
    public record Filter(Optional<String> actor, Optional<String> outcome, Optional<String> action,
                         Optional<Instant> from, int limit) {
    }

    public void record(Instant at, String actor, String role, String action, String outcome, int status,
                       String channel) {
        jdbc.sql("insert into audit (at, actor, role, action, outcome, status, channel) values (?, ?, ?, ?, ?, ?, ?)")
                .params(at.atOffset(ZoneOffset.UTC), abbreviate(actor, 100), role, abbreviate(action, 300), outcome,
                        status, channel)
                .update();
    }

    public List<Entry> list(Filter filter) {
        StringBuilder sql = new StringBuilder("select * from audit where 1 = 1");
        List<Object> params = new ArrayList<>();
        filter.actor().ifPresent(a -> {
            sql.append(" and actor = ?");
            params.add(a);
        });
        filter.outcome().ifPresent(o -> {
            sql.append(" and outcome = ?");
            params.add(o);
        });
        filter.action().ifPresent(a -> {
            sql.append(" and lower(action) like ?");
            params.add("%" + a.toLowerCase().replace("%", "").replace("_", "") + "%");
        });
        filter.from().ifPresent(f -> {
            sql.append(" and at >= ?");
            params.add(f.atOffset(ZoneOffset.UTC));
        });
        sql.append(" order by id desc fetch first ? rows only");
        params.add(filter.limit());
        return jdbc.sql(sql.toString()).params(params).query(AuditStore::map).list();
    }

    private static Entry map(ResultSet rs, int row) throws SQLException {
        return new Entry(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getString("actor"),
                rs.getString("role"), rs.getString("action"), rs.getString("outcome"), rs.getInt("status"),
                rs.getString("channel"));
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
