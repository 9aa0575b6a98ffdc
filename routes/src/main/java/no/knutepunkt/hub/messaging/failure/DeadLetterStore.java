package no.knutepunkt.hub.messaging.failure;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operators' dead-letter list: deliveries that failed for good, each put there in the same transaction that
 * makes it FAILED, and taken off again by a retry (QUEUED again) or a discard (it stays FAILED).
 */
@Repository
public class DeadLetterStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final MessageStore messages;

    public DeadLetterStore(JdbcClient jdbc, TransactionTemplate tx, MessageStore messages) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.messages = messages;
    }

    /**
     * A delivery waiting for an operator in the dead-letter list.
     *
     * @param attempts the delivery attempts that failed before it came here
     */
    public record DeadLetter(long id, String meldingId, String mottaker, String connector, String reason, Instant at,
                             int attempts) {
    }

    /**
     * Moves an open delivery to FAILED and onto the dead-letter list, in one transaction.
     *
     * @param reason what the sender may read, in the delivery's history
     * @param detail what operators read, on the list and in the history
     *
     * @return false if it was not open (nothing changed)
     */
    public boolean fail(String meldingId, String mottaker, String connector, String reason, String detail) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            if (!messages.transition(meldingId, mottaker, Set.of(Status.RECEIVED, Status.QUEUED), Status.FAILED,
                    reason, detail)) {
                return false;
            }
            jdbc.sql("insert into dead_letter (melding_id, mottaker, connector, reason, at) values (?, ?, ?, ?, ?)")
                    .params(meldingId, mottaker, connector, MessageStore.abbreviate(detail),
                            Instant.now().atOffset(ZoneOffset.UTC))
                    .update();
            return true;
        }));
    }

    private static final String SELECT = "select d.*, l.attempts from dead_letter d"
            + " left join levering l on l.melding_id = d.melding_id and l.mottaker = d.mottaker";

    public List<DeadLetter> list(int limit) {
        return jdbc.sql(SELECT + " order by d.id fetch first ? rows only").param(limit)
                .query(DeadLetterStore::map).list();
    }

    /** How many deliveries are on the list. */
    public long count() {
        return jdbc.sql("select count(*) from dead_letter").query(Long.class).single();
    }

    public Optional<DeadLetter> find(long id) {
        return jdbc.sql(SELECT + " where d.id = ?").param(id).query(DeadLetterStore::map).optional();
    }

    /**
     * Takes a dead letter off the list and puts its delivery back to QUEUED, in one transaction.
     *
     * @return false if the dead letter was gone or its delivery was no longer FAILED
     */
    public boolean requeue(long id, String by) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Optional<DeadLetter> letter = take(id);
            if (letter.isEmpty()) {
                return false;
            }
            if (!messages.transition(letter.get().meldingId(), letter.get().mottaker(), Set.of(Status.FAILED),
                    Status.QUEUED, "put back on the delivery queue by " + by)) {
                s.setRollbackOnly();
                return false;
            }
            return true;
        }));
    }

    /** Removes a dead letter; the delivery stays FAILED, and its history says who gave up on it. */
    public boolean discard(long id, String by) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Optional<DeadLetter> letter = take(id);
            letter.ifPresent(l -> messages.note(l.meldingId(), l.mottaker(), "dead letter discarded by " + by));
            return letter.isPresent();
        }));
    }

    /** Deletes a dead letter and returns it, if it was there. */
    private Optional<DeadLetter> take(long id) {
        Optional<DeadLetter> letter = find(id);
        if (letter.isEmpty() || jdbc.sql("delete from dead_letter where id = ?").param(id).update() != 1) {
            return Optional.empty();
        }
        return letter;
    }

    private static DeadLetter map(ResultSet rs, int row) throws SQLException {
        return new DeadLetter(rs.getLong("id"), rs.getString("melding_id"), rs.getString("mottaker"),
                rs.getString("connector"), rs.getString("reason"),
                rs.getObject("at", OffsetDateTime.class).toInstant(), rs.getInt("attempts"));
    }
}
