package no.knutepunkt.hub.messaging.sent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.knutepunkt.platform.message.Status;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A sender's own messages, oldest first in the order the database stored them ({@code stored_at}, then meldingId),
 * a page at a time after a {@link Position}. Only messages stored at least {@code knutepunkt.messages.settle}
 * (5 s) before the database's clock now are listed: a message whose transaction is still open when a page is read
 * has a place before the page's end but is not visible yet, and would be skipped by the next page otherwise. So a
 * sender that walks from a position to the end, and later on from the last position it got, sees every message
 * once, whatever arrives meanwhile, as long as no transaction that stores a message lasts longer than the settle
 * time.
 */
@Repository
public class SentMessages {
    /**
     * How far a message's stored_at (the database's clock) may lie before its received_at (the hub's clock): a
     * {@code from} filter on received_at starts the index walk this much earlier.
     */
    private static final Duration CLOCK_SLACK = Duration.ofMinutes(10);
    private final JdbcClient jdbc;
    private final Duration settle;

    public SentMessages(JdbcClient jdbc, @Value("${knutepunkt.messages.settle:5s}") Duration settle) {
        this.jdbc = jdbc;
        this.settle = settle;
    }

    /** A place in a sender's list: after the message stored at {@code storedAt} with this meldingId. */
    public record Position(Instant storedAt, String meldingId) {
    }

    /** What to list: the sender's messages after {@code after}, narrowed by the filters given. */
    public record Filter(String avsender, Optional<Position> after, Optional<Status> status,
                         Optional<String> meldingType, Optional<String> klientKorrelasjonsId,
                         Optional<String> svarPaMelding, Optional<Instant> from, Optional<Instant> to, int limit) {
    }

    /** One delivery's current status. */
    public record Delivery(String mottaker, String connector, Status status, Instant statusAt) {
    }

    /** One message of the list, with its place and the current status of each delivery. */
    public record Sent(Position position, String meldingType, String klientMeldingId,
                       Optional<String> klientKorrelasjonsId, Optional<String> svarPaMelding, Instant receivedAt,
                       List<Delivery> deliveries) {
    }

    /** Up to {@code filter.limit()} messages, oldest first; two queries (the messages, then their deliveries). */
    public List<Sent> list(Filter filter) {
        OffsetDateTime now = jdbc.sql("select current_timestamp").query(OffsetDateTime.class).single();
        StringBuilder sql = new StringBuilder("""
                select melding_id, melding_type, klient_melding_id, klient_korrelasjons_id, svar_pa_melding,
                       received_at, stored_at
                from melding m
                where avsender = :avsender and stored_at < :settled""");
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("avsender", filter.avsender());
        params.put("settled", now.minus(settle));
        filter.after().ifPresent(p -> {
            sql.append(" and (stored_at > :afterAt or (stored_at = :afterAt and melding_id > :afterId))");
            params.put("afterAt", time(p.storedAt()));
            params.put("afterId", p.meldingId());
        });
        filter.meldingType().ifPresent(t -> {
            sql.append(" and melding_type = :type");
            params.put("type", t);
        });
        filter.klientKorrelasjonsId().ifPresent(k -> {
            sql.append(" and klient_korrelasjons_id = :korrelasjon");
            params.put("korrelasjon", k);
        });
        filter.svarPaMelding().ifPresent(s -> {
            sql.append(" and svar_pa_melding = :svar");
            params.put("svar", s);
        });
        filter.from().ifPresent(from -> {
            // the second condition lets the walk start near the first match in the sender's index
            sql.append(" and received_at >= :from and stored_at >= :fromStored");
            params.put("from", time(from));
            params.put("fromStored", time(from.minus(CLOCK_SLACK)));
        });
        filter.to().ifPresent(to -> {
            sql.append(" and received_at < :to");
            params.put("to", time(to));
        });
        filter.status().ifPresent(status -> {
            sql.append(" and exists (select 1 from levering l where l.melding_id = m.melding_id and l.status = :status)");
            params.put("status", status.name());
        });
        sql.append(" order by stored_at, melding_id fetch first :limit rows only");
        params.put("limit", filter.limit());
        List<Sent> page = jdbc.sql(sql.toString()).params(params).query(SentMessages::sent).list();
        if (page.isEmpty()) {
            return page;
        }
        Map<String, List<Delivery>> deliveries = new LinkedHashMap<>();
        jdbc.sql("select melding_id, mottaker, connector, status, status_at from levering where melding_id in (:ids)"
                        + " order by mottaker")
                .param("ids", page.stream().map(s -> s.position().meldingId()).toList())
                .query(rs -> {
                    deliveries.computeIfAbsent(rs.getString("melding_id"), k -> new ArrayList<>()).add(new Delivery(
                            rs.getString("mottaker"), rs.getString("connector"), Status.valueOf(rs.getString("status")),
                            instant(rs, "status_at")));
                });
        return page.stream().map(s -> new Sent(s.position(), s.meldingType(), s.klientMeldingId(),
                s.klientKorrelasjonsId(), s.svarPaMelding(), s.receivedAt(),
                deliveries.getOrDefault(s.position().meldingId(), List.of()))).toList();
    }

    private static Sent sent(ResultSet rs, int row) throws SQLException {
        return new Sent(new Position(instant(rs, "stored_at"), rs.getString("melding_id")), rs.getString("melding_type"),
                rs.getString("klient_melding_id"), Optional.ofNullable(rs.getString("klient_korrelasjons_id")),
                Optional.ofNullable(rs.getString("svar_pa_melding")), instant(rs, "received_at"), List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
