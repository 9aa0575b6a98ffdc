package no.knutepunkt.hub.secretariat.distribution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import no.knutepunkt.hub.messaging.store.PayloadStore;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** Distributions and their recipients. */
@Repository
public class DistributionStore {
    public static final String ACTIVE = "ACTIVE";
    public static final String CANCELLED = "CANCELLED";
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final PayloadStore payloads;

    public DistributionStore(JdbcClient jdbc, TransactionTemplate tx, PayloadStore payloads) {
        this.payloads = payloads;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** A distribution as registered. */
    public record Distribution(String id, String noekkel, String meldingType, String filnavn, String maal,
                               long ttlMillis, String state, String createdBy, Instant createdAt) {
    }

    /** One recipient: its message once made, that message's delivery status, and whether it waits in the inbox. */
    public record Recipient(String mottaker, Optional<String> meldingId, Optional<String> status, boolean inInbox) {
    }

    /** A recipient whose message is still to be made. */
    public record Pending(String distributionId, String mottaker) {
    }

    /**
     * Registers a distribution with all its recipients in one transaction; the same key again
     * registers nothing and returns the first.
     *
     * @return the distribution and whether it was made now
     */
    public Created create(Distribution d, byte[] signedPayload, List<String> recipients) {
        try {
            tx.executeWithoutResult(s -> {
                PayloadStore.Stored payload = payloads.save(signedPayload);
                jdbc.sql("""
                        insert into distribusjon (id, noekkel, melding_type, filnavn, payload_ref, maal, ttl_ms, state,
                            created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                        .params(d.id(), d.noekkel(), d.meldingType(), d.filnavn(), payload.ref(), d.maal(),
                                d.ttlMillis(), ACTIVE, d.createdBy(), time(d.createdAt()))
                        .update();
                for (String mottaker : recipients) {
                    jdbc.sql("insert into distribusjon_mottaker (distribusjon_id, mottaker) values (?, ?)")
                            .params(d.id(), mottaker).update();
                }
            });
            return new Created(find(d.id()).orElseThrow(), true);
        } catch (DuplicateKeyException raced) {
            return new Created(findByKey(d.noekkel()).orElseThrow(() -> raced), false);
        }
    }

    /** The outcome of {@link #create}. */
    public record Created(Distribution distribution, boolean created) {
    }

    public Optional<Distribution> find(String id) {
        return jdbc.sql("select * from distribusjon where id = ?").param(id).query(DistributionStore::map).optional();
    }

    public Optional<Distribution> findByKey(String noekkel) {
        return jdbc.sql("select * from distribusjon where noekkel = ?").param(noekkel)
                .query(DistributionStore::map).optional();
    }

    public List<Distribution> list(int limit) {
        return jdbc.sql("select * from distribusjon order by created_at desc fetch first ? rows only").param(limit)
                .query(DistributionStore::map).list();
    }

    /**
     * Locks a distribution's row until the surrounding transaction ends (making a recipient's
     * message and cancelling exclude each other), and tells whether it is still active.
     */
    public boolean lockActive(String id) {
        return jdbc.sql("select state from distribusjon where id = ? for update").param(id).query(String.class)
                .optional().filter(ACTIVE::equals).isPresent();
    }

    /**
     * Of these recipients, those whose message is still to be made. Read under {@link #lockActive}, it leaves out
     * what another hub instance made while this one waited for the lock.
     */
    public Set<String> stillPending(String id, Collection<String> recipients) {
        Set<String> waiting = new HashSet<>(jdbc.sql(
                        "select mottaker from distribusjon_mottaker where distribusjon_id = ? and melding_id is null")
                .param(id).query(String.class).list());
        waiting.retainAll(recipients);
        return waiting;
    }

    /** The distribution's document, stored once for all its messages. */
    public PayloadStore.Stored payload(String id) {
        String ref = jdbc.sql("select payload_ref from distribusjon where id = ?").param(id).query(String.class)
                .single();
        return payloads.find(ref).orElseThrow(() -> new IllegalStateException("distribution " + id
                + " has lost its payload " + ref));
    }

    /** Recipients of active distributions whose message is still to be made, oldest distribution first. */
    public List<Pending> pending(int limit) {
        return jdbc.sql("""
                        select m.distribusjon_id, m.mottaker from distribusjon_mottaker m
                        join distribusjon d on d.id = m.distribusjon_id
                        where d.state = ? and m.melding_id is null
                        order by d.created_at, m.distribusjon_id, m.mottaker fetch first ? rows only""")
                .params(ACTIVE, limit)
                .query((rs, n) -> new Pending(rs.getString(1), rs.getString(2))).list();
    }

    public void messageMade(String distributionId, String mottaker, String meldingId) {
        jdbc.sql("update distribusjon_mottaker set melding_id = ? where distribusjon_id = ? and mottaker = ?")
                .params(meldingId, distributionId, mottaker).update();
    }

    /** Every recipient with its message's current status, by orgnr. */
    public List<Recipient> recipients(String distributionId) {
        return jdbc.sql("""
                        select m.mottaker, m.melding_id, l.status, l.in_inbox from distribusjon_mottaker m
                        left join levering l on l.melding_id = m.melding_id and l.mottaker = m.mottaker
                        where m.distribusjon_id = ? order by m.mottaker""")
                .param(distributionId)
                .query((rs, n) -> new Recipient(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(rs.getString(3)), rs.getBoolean(4)))
                .list();
    }

    /** Stops making messages for a distribution; false if it was not active. */
    public boolean cancel(String id) {
        return jdbc.sql("update distribusjon set state = ? where id = ? and state = ?")
                .params(CANCELLED, id, ACTIVE).update() == 1;
    }

    private static Distribution map(ResultSet rs, int row) throws SQLException {
        return new Distribution(rs.getString("id"), rs.getString("noekkel"), rs.getString("melding_type"),
                rs.getString("filnavn"), rs.getString("maal"), rs.getLong("ttl_ms"), rs.getString("state"),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }

    private static OffsetDateTime time(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
