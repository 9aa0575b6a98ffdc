package no.knutepunkt.hub.messaging.store;

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
import java.util.Set;
import no.knutepunkt.connectors.inbox.InboxConnector;
import no.knutepunkt.connectors.inbox.InboxStore;
import no.knutepunkt.platform.message.Envelope;
import no.knutepunkt.platform.message.Status;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Messages, their deliveries and the status history, in the database. Every status change is
 * conditional on the status it comes from, so a consumer that sees a message twice changes
 * nothing the second time.
 */
@Repository
public class MessageStore implements InboxStore {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate savepoint;
    private final GroupCommit group;

    public MessageStore(JdbcClient jdbc, TransactionTemplate tx, PlatformTransactionManager transactions,
                        GroupCommit group) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.group = group;
    }

    /** The outcome of {@link #accept}: the meldingId, and whether it was made now or earlier. */
    public record Accepted(String meldingId, boolean created) {
    }

    /** A delivery's current state. */
    public record DeliveryRecord(String meldingId, String mottaker, String connector, Status status,
                                 Instant statusAt, boolean inInbox, Optional<Instant> lockedUntil) {
    }

    /**
     * One entry of a delivery's history.
     *
     * @param reason what the sender may read
     * @param detail what only operators may read (the recipient's endpoint, its system's answer), or null
     */
    public record Event(Status status, String reason, String detail, Instant at) {
        public Event(Status status, String reason, Instant at) {
            this(status, reason, null, at);
        }
    }

    /** A delivery with its history, for the status API. */
    public record DeliveryHistory(DeliveryRecord delivery, List<Event> history) {
    }

    /**
     * What an accepted reply does to the delivery it answers.
     *
     * @param meldingId the request's meldingId
     * @param mottaker  the request's recipient that answers
     * @param to        the status the answered delivery moves to, or empty to only record the event
     * @param reason    what the history says
     */
    public record Correlation(String meldingId, String mottaker, Optional<Status> to, String reason) {
    }

    /** How a history entry of a deviation intake took begins. */
    public static final String DEVIATION = "accepted despite a deviation: ";

    /** The connector name of deliveries to the hub itself (answers the hub receives). */
    public static final String HUB = "hub";

    /**
     * What a delivery consumer needs, read in one query: the delivery, its message, and the stored payload.
     *
     * @param payloadRef the payload, or empty for a type without payload (or one purged)
     */
    public record Pending(DeliveryRecord delivery, Envelope envelope, Optional<String> payloadRef,
                          long payloadSize) {
    }

    /** The statuses an answered delivery may move on from. */
    private static final Set<Status> ANSWERABLE = Set.of(Status.QUEUED, Status.DELIVERED, Status.ACKNOWLEDGED);
    /** Deliveries still under way. */
    private static final Set<Status> OPEN = Set.of(Status.RECEIVED, Status.QUEUED);

    public Optional<String> findByKlientMeldingId(String avsender, String klientMeldingId) {
        return jdbc.sql("select melding_id from melding where avsender = ? and klient_melding_id = ?")
                .params(avsender, klientMeldingId).query(String.class).optional();
    }

    /**
     * Stores a message and one delivery per recipient, in one transaction: each delivery is QUEUED at once (its
     * broker message is sent right after the commit; the outbox sweep sends it if the hub stopped in between),
     * except one to the hub itself, which is DELIVERED. A second message with the same (avsender,
     * klientMeldingId) stores nothing and returns the first id.
     *
     * @param payloadRef the stored payload, or empty for a message type without payload
     * @param connectors the connector of each recipient ({@link #HUB} for the hub itself)
     */
    public Accepted accept(Envelope envelope, Optional<PayloadStore.Stored> payload, Map<String, String> connectors,
                           Optional<Correlation> correlation) {
        return accept(envelope, payload, connectors, correlation, List.of());
    }

    /**
     * As {@link #accept(Envelope, Optional, Map, Optional)}, recording in each delivery's history, after its first
     * step, what intake took although it deviates from the protocol ({@value #DEVIATION} and the deviation).
     */
    public Accepted accept(Envelope envelope, Optional<PayloadStore.Stored> payload, Map<String, String> connectors,
                           Optional<Correlation> correlation, List<String> deviations) {
        try {
            // in a savepoint of the caller's transaction: a raced duplicate undoes only this message
            return savepoint.execute(status -> {
                OffsetDateTime at = time(envelope.receivedAt());
                jdbc.sql("""
                        insert into melding (melding_id, avsender, melding_type, klient_melding_id,
                            klient_korrelasjons_id, svar_pa_melding, ttl_ms, filnavn, payload_ref, payload_size,
                            received_at, expires_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(envelope.meldingId(), envelope.avsender(), envelope.meldingType(),
                                envelope.klientMeldingId(), envelope.klientKorrelasjonsId().orElse(null),
                                envelope.svarPaMelding().orElse(null), envelope.ttlMillis(), envelope.filnavn(),
                                payload.map(PayloadStore.Stored::ref).orElse(null),
                                payload.map(PayloadStore.Stored::size).orElse(0L), at, time(envelope.expiresAt()))
                        .update();
                for (String mottaker : envelope.mottakere()) {
                    String connector = connectors.get(mottaker);
                    Status first = firstStep(connector, envelope.receivedAt()).status();
                    jdbc.sql("""
                            insert into levering (melding_id, mottaker, connector, status, status_at)
                            values (?, ?, ?, ?, ?)""")
                            .params(envelope.meldingId(), mottaker, connector, first.name(), at)
                            .update();
                    for (String deviation : deviations) {
                        insertEvent(envelope.meldingId(), mottaker, first, DEVIATION + deviation, null, at);
                    }
                    // the first two steps, RECEIVED and this one, are read from these rows (see histories)
                }
                correlation.ifPresent(c -> {
                    boolean moved = c.to().isPresent()
                            && transition(c.meldingId(), c.mottaker(), ANSWERABLE, c.to().get(), c.reason());
                    if (!moved) {
                        delivery(c.meldingId(), c.mottaker()).ifPresent(d ->
                                insertEvent(c.meldingId(), c.mottaker(), d.status(), c.reason(), null, at));
                    }
                });
                return new Accepted(envelope.meldingId(), true);
            });
        } catch (DuplicateKeyException raced) {
            return findByKlientMeldingId(envelope.avsender(), envelope.klientMeldingId())
                    .map(id -> new Accepted(id, false))
                    .orElseThrow(() -> raced);
        }
    }

    /** A fresh meldingId: a UUID that sorts by time (see {@link TimeOrderedIds}). */
    public static String newMeldingId() {
        return TimeOrderedIds.next();
    }

    /**
     * Moves a delivery to {@code to} if its status is one of {@code from}, and records why.
     *
     * @return true if it moved; false if it was in another status (nothing changed)
     */
    public boolean transition(String meldingId, String mottaker, Set<Status> from, Status to, String reason) {
        return transition(meldingId, mottaker, from, to, reason, null);
    }

    /** As {@link #transition(String, String, Set, Status, String)}, with what only operators may read. */
    public boolean transition(String meldingId, String mottaker, Set<Status> from, Status to, String reason,
                              String detail) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            OffsetDateTime now = time(Instant.now());
            // back to QUEUED is back on the delivery queue: out of the inbox or the AMQP address it waited in
            int changed = jdbc.sql("update levering set status = :to, status_at = :now"
                            + (to == Status.QUEUED ? ", in_inbox = false, locked_until = null" : "")
                            + " where melding_id = :id and mottaker = :mottaker and status in (:from)")
                    .param("to", to.name()).param("now", now).param("id", meldingId).param("mottaker", mottaker)
                    .param("from", from.stream().map(Status::name).toList())
                    .update();
            if (changed == 1) {
                insertEvent(meldingId, mottaker, to, reason, detail, now);
            }
            return changed == 1;
        }));
    }

    /**
     * Counts a failed delivery attempt and records why; the status does not change.
     *
     * @param reason what the sender may read
     * @param detail what only operators may read
     */
    public void attemptFailed(String meldingId, String mottaker, String reason, String detail) {
        tx.executeWithoutResult(s -> {
            jdbc.sql("update levering set attempts = attempts + 1 where melding_id = ? and mottaker = ?")
                    .params(meldingId, mottaker).update();
            int attempts = jdbc.sql("select attempts from levering where melding_id = ? and mottaker = ?")
                    .params(meldingId, mottaker).query(Integer.class).single();
            insertEvent(meldingId, mottaker, Status.QUEUED, "attempt " + attempts + " failed: " + reason, detail,
                    time(Instant.now()));
        });
    }

    /** Records a fact in a delivery's history without changing its status. */
    public void note(String meldingId, String mottaker, String reason) {
        tx.executeWithoutResult(s -> delivery(meldingId, mottaker).ifPresent(d ->
                insertEvent(meldingId, mottaker, d.status(), reason, null, time(Instant.now()))));
    }

    /** Deliveries not yet delivered whose message's time to live ran out before {@code now}. */
    public List<DeliveryRecord> expiredUndelivered(Instant now, int limit) {
        return jdbc.sql("""
                        select l.* from levering l join melding m on m.melding_id = l.melding_id
                        where l.status in (?, ?) and m.expires_at < ?
                        order by m.expires_at fetch first ? rows only""")
                .params(Status.RECEIVED.name(), Status.QUEUED.name(), time(now), limit)
                .query(MessageStore::delivery).list();
    }

    /** The message's stored payload, if it has one that is not purged. */
    public Optional<String> payloadRef(String meldingId) {
        return jdbc.sql("select payload_ref from melding where melding_id = ?").param(meldingId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(ref -> ref);
    }

    public Optional<Envelope> envelope(String meldingId) {
        return jdbc.sql("select * from melding where melding_id = ?").param(meldingId)
                .query((rs, n) -> envelope(rs, recipients(meldingId))).optional();
    }

    /** The messages that answer {@code meldingId} (receipts, results, error messages, the hub's notices), oldest first. */
    public List<Envelope> answers(String meldingId) {
        List<String> ids = jdbc.sql("select melding_id from melding where svar_pa_melding = ? order by melding_id")
                .param(meldingId).query(String.class).list();
        return ids.stream().map(this::envelope).flatMap(Optional::stream).toList();
    }

    /** A delivery with its message and payload ref, in one query. */
    public Optional<Pending> pending(String meldingId, String mottaker) {
        return jdbc.sql("""
                        select l.*, m.* from levering l join melding m on m.melding_id = l.melding_id
                        where l.melding_id = ? and l.mottaker = ?""")
                .params(meldingId, mottaker)
                .query((rs, n) -> new Pending(delivery(rs, n), envelope(rs, List.of(mottaker)),
                        Optional.ofNullable(rs.getString("payload_ref")), rs.getLong("payload_size")))
                .optional();
    }

    /**
     * Records a hand-over in one transaction: QUEUED to {@code to} (DELIVERED, or QUEUED again with a history
     * line for an inbox placement), and the connector's notes.
     *
     * @param reason what the sender may read
     * @param detail what only operators may read (where it was handed over), or null
     *
     * @return false if the delivery was no longer QUEUED (handled before; nothing changed)
     */
    public boolean handedOver(String meldingId, String mottaker, Status to, String reason, String detail,
                              List<String> notes, boolean inInbox) {
        return Boolean.TRUE.equals(group.execute(() -> {
            OffsetDateTime now = time(Instant.now());
            int changed = jdbc.sql("update levering set status = ?, status_at = ?, in_inbox = ?"
                            + " where melding_id = ? and mottaker = ? and status = ? and in_inbox = false")
                    .params(to.name(), now, inInbox, meldingId, mottaker, Status.QUEUED.name()).update();
            if (changed != 1) {
                return false;
            }
            insertEvent(meldingId, mottaker, to, reason, detail, now);
            notes.forEach(note -> insertEvent(meldingId, mottaker, to, note, null, now));
            return true;
        }));
    }

    public Optional<DeliveryRecord> delivery(String meldingId, String mottaker) {
        return jdbc.sql("select * from levering where melding_id = ? and mottaker = ?").params(meldingId, mottaker)
                .query(MessageStore::delivery).optional();
    }

    /**
     * Every delivery of a message, each with its history, oldest event first. The first two steps are not stored as
     * events but read from the rows they made: RECEIVED from the message (when and from whom it was accepted), and
     * the delivery's first status from the delivery row (QUEUED for its connector, or DELIVERED for the hub itself,
     * at the same moment); the rest are the delivery's recorded events.
     */
    public List<DeliveryHistory> histories(String meldingId) {
        Optional<Event> received = jdbc.sql("select avsender, received_at from melding where melding_id = ?")
                .param(meldingId)
                .query((rs, n) -> new Event(Status.RECEIVED, "accepted from " + rs.getString(1),
                        instant(rs, "received_at"))).optional();
        if (received.isEmpty()) {
            return List.of();
        }
        Map<String, List<Event>> events = new LinkedHashMap<>();
        jdbc.sql("select mottaker, status, reason, detail, at from levering_hendelse where melding_id = ? order by id")
                .param(meldingId)
                .query(rs -> {
                    events.computeIfAbsent(rs.getString("mottaker"), k -> new ArrayList<>())
                            .add(new Event(Status.valueOf(rs.getString("status")), rs.getString("reason"),
                                    rs.getString("detail"), instant(rs, "at")));
                });
        return jdbc.sql("select * from levering where melding_id = ? order by mottaker").param(meldingId)
                .query(MessageStore::delivery).list().stream()
                .map(d -> {
                    List<Event> history = new ArrayList<>();
                    history.add(received.get());
                    history.add(firstStep(d.connector(), received.get().at()));
                    history.addAll(events.getOrDefault(d.mottaker(), List.of()));
                    return new DeliveryHistory(d, history);
                })
                .toList();
    }

    /** A delivery's first status, set when its message was accepted: DELIVERED to the hub itself, else QUEUED. */
    private static Event firstStep(String connector, Instant at) {
        return HUB.equals(connector)
                ? new Event(Status.DELIVERED, "received by the hub", at)
                : new Event(Status.QUEUED, "queued for delivery by " + connector, at);
    }

    /**
     * Deliveries QUEUED since before {@code before} that no consumer has tried yet and that are not in an inbox:
     * perhaps stored but never sent to the broker (the hub stopped between the commit and the send).
     */
    public List<DeliveryRecord> unsent(Instant before, int limit) {
        return jdbc.sql("select * from levering where status = ? and attempts = 0 and in_inbox = false"
                        + " and status_at < ? and connector <> ? order by status_at fetch first ? rows only")
                .params(Status.QUEUED.name(), time(before), HUB, limit)
                .query(MessageStore::delivery).list();
    }

    /** How many deliveries wait for a connector: QUEUED, not in an inbox. */
    public int backlog() {
        return jdbc.sql("select count(*) from levering where status = ? and in_inbox = false")
                .param(Status.QUEUED.name()).query(Integer.class).single();
    }

    // ---- retention ----

    /**
     * How far a meldingId's time may lie after its received_at (both are taken together when a message is made):
     * the purge walks the messages in id order, which is time order, up to this much past its cut-off.
     */
    private static final Duration ID_CLOCK_SLACK = Duration.ofMinutes(10);

    /**
     * Lets go of the payload and history of up to {@code limit} messages received before {@code before} whose
     * every delivery has ended (statuses stay); returns how many. Their payloads are deleted by
     * {@link PayloadStore#deleteUnreferenced} once nothing else refers to them.
     */
    public int purgeFinished(Instant before, int limit) {
        Integer purged = tx.execute(s -> {
            List<String> ids = jdbc.sql("""
                            select m.melding_id from melding m
                            where m.melding_id < :bound and m.received_at < :before and m.purged_at is null
                              and not exists (select 1 from levering l where l.melding_id = m.melding_id
                                              and l.status in (:open))
                              and not exists (select 1 from dead_letter d where d.melding_id = m.melding_id)
                            order by m.melding_id fetch first :limit rows only""")
                    .param("bound", TimeOrderedIds.bound(before.plus(ID_CLOCK_SLACK)))
                    .param("before", time(before)).param("limit", limit)
                    .param("open", OPEN.stream().map(Status::name).toList())
                    .query(String.class).list();
            OffsetDateTime now = time(Instant.now());
            for (String id : ids) {
                jdbc.sql("delete from levering_hendelse where melding_id = ?").param(id).update();
                jdbc.sql("update melding set payload_ref = null, purged_at = ? where melding_id = ?")
                        .params(now, id).update();
            }
            return ids.size();
        });
        return purged == null ? 0 : purged;
    }

    // ---- inbox ----

    @Override
    public void place(String meldingId, String mottaker, String where) {
        group.execute(() -> {
            int changed = jdbc.sql("update levering set in_inbox = true"
                            + " where melding_id = ? and mottaker = ? and status = ? and in_inbox = false")
                    .params(meldingId, mottaker, Status.QUEUED.name()).update();
            if (changed == 1) {
                insertEvent(meldingId, mottaker, Status.QUEUED, where, null,
                        time(Instant.now()));
            }
            return changed;
        });
    }

    /** The messages waiting in a member's inbox and not locked by a download, oldest first (two queries). */
    public List<Envelope> inbox(String mottaker, Instant now, int limit) {
        List<Envelope> page = jdbc.sql("""
                        select m.* from levering l join melding m on m.melding_id = l.melding_id
                        where l.mottaker = ? and l.in_inbox = true and l.status = ? and l.connector = ?
                          and (l.locked_until is null or l.locked_until < ?)
                        order by m.received_at, l.melding_id
                        fetch first ? rows only""")
                .params(mottaker, Status.QUEUED.name(), InboxConnector.NAME, time(now), limit)
                .query((rs, n) -> envelope(rs, List.of())).list();
        if (page.isEmpty()) {
            return page;
        }
        Map<String, List<String>> recipients = new LinkedHashMap<>();
        jdbc.sql("select melding_id, mottaker from levering where melding_id in (:ids) order by mottaker")
                .param("ids", page.stream().map(Envelope::meldingId).toList())
                .query(rs -> {
                    recipients.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return page.stream().map(e -> new Envelope(e.meldingId(), e.avsender(),
                recipients.getOrDefault(e.meldingId(), List.of()), e.meldingType(), e.klientMeldingId(),
                e.klientKorrelasjonsId(), e.svarPaMelding(), e.ttlMillis(), e.filnavn(), e.receivedAt())).toList();
    }

    /**
     * Locks an inbox message for download until {@code until} (a repeated download by the
     * recipient extends its own lock).
     *
     * @return false if the message is not waiting in this member's inbox
     */
    public boolean lockForDownload(String meldingId, String mottaker, Instant until) {
        return jdbc.sql("update levering set locked_until = ?"
                        + " where melding_id = ? and mottaker = ? and in_inbox = true and status = ?"
                        + " and connector = ?")
                .params(time(until), meldingId, mottaker, Status.QUEUED.name(), InboxConnector.NAME).update() == 1;
    }

    /** The result of acknowledging an inbox message. */
    public enum Ack {
        ACKNOWLEDGED, ALREADY_ACKNOWLEDGED, NOT_DOWNLOADED, NOT_IN_INBOX
    }

    public Ack acknowledge(String meldingId, String mottaker) {
        return tx.execute(s -> {
            Optional<DeliveryRecord> d = delivery(meldingId, mottaker).filter(DeliveryRecord::inInbox)
                    .filter(r -> r.connector().equals(InboxConnector.NAME));
            if (d.isEmpty()) {
                return Ack.NOT_IN_INBOX;
            }
            if (d.get().status() != Status.QUEUED) {
                return d.get().status() == Status.DELIVERED ? Ack.ALREADY_ACKNOWLEDGED : Ack.NOT_IN_INBOX;
            }
            if (d.get().lockedUntil().isEmpty()) {
                return Ack.NOT_DOWNLOADED;
            }
            return transition(meldingId, mottaker, Set.of(Status.QUEUED), Status.DELIVERED,
                    "downloaded and acknowledged by the recipient") ? Ack.ACKNOWLEDGED : Ack.ALREADY_ACKNOWLEDGED;
        });
    }

    // ---- mapping ----

    private void insertEvent(String meldingId, String mottaker, Status status, String reason, String detail,
                             OffsetDateTime at) {
        jdbc.sql("insert into levering_hendelse (melding_id, mottaker, status, reason, detail, at)"
                        + " values (?, ?, ?, ?, ?, ?)")
                .params(meldingId, mottaker, status.name(), abbreviate(reason), abbreviate(detail), at).update();
    }

    private List<String> recipients(String meldingId) {
        return jdbc.sql("select mottaker from levering where melding_id = ? order by mottaker").param(meldingId)
                .query(String.class).list();
    }

    private static Envelope envelope(ResultSet rs, List<String> mottakere) throws SQLException {
        return new Envelope(rs.getString("melding_id"), rs.getString("avsender"), mottakere,
                rs.getString("melding_type"), rs.getString("klient_melding_id"),
                Optional.ofNullable(rs.getString("klient_korrelasjons_id")),
                Optional.ofNullable(rs.getString("svar_pa_melding")), rs.getLong("ttl_ms"), rs.getString("filnavn"),
                instant(rs, "received_at"));
    }

    private static DeliveryRecord delivery(ResultSet rs, int row) throws SQLException {
        return new DeliveryRecord(rs.getString("melding_id"), rs.getString("mottaker"), rs.getString("connector"),
                Status.valueOf(rs.getString("status")), instant(rs, "status_at"), rs.getBoolean("in_inbox"),
                Optional.ofNullable(rs.getObject("locked_until", OffsetDateTime.class)).map(OffsetDateTime::toInstant));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A reason as stored: at most 2000 characters. */
    public static String abbreviate(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 1997) + "...";
    }
}
