package no.knutepunkt.hub.database;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 database file from growing without bound.
 *
 * <p>The hub runs H2 with {@code WRITE_DELAY=0}, so that every commit is written before it returns (a killed
 * hub loses nothing it answered for). With that setting H2 starts no background writer, and the background
 * writer is also what rewrites sparsely used chunks of the file: without it every commit appends a chunk, the
 * chunks of rows that live on (a message is kept for the retention period) are never reclaimed, and the file
 * grows by tens of kilobytes per message. This does that housekeeping instead, every {@code interval}:
 * <ol>
 * <li>it forces what H2 has written to disk ({@code fsync}), and lets H2 reuse the space of a dead chunk
 * {@link #RETENTION_ROUNDS} intervals after it died (H2's own retention time is 45 s, long enough for the operating
 * system to have written it out by itself; a chunk that died before the last forced write is on disk, with what
 * replaced it, so reusing its space sooner is as safe);</li>
 * <li>for at most {@code budget}, it asks H2 to rewrite the live pages of chunks that are mostly dead into new
 * chunks, so that the old ones become free, in slices of about {@value #WRITE_BYTES} bytes with a pause between
 * them, so that the hub's commits are not held up behind it.</li>
 * </ol>
 * The file then grows by about what stays (the rows) instead of everything ever written. Written flat out with
 * the bench's 2 KB messages, the file grew by 51 KB per message without housekeeping, by 45 KB with rewriting but
 * H2's 45 s retention, and by 5 KB (at half of saturation, once settled) with both. Only for an embedded H2 database; with PostgreSQL it does nothing
 * ({@code knutepunkt.database.housekeeping-interval}, default 1 s; 0 turns it off and leaves H2's retention time).
 */
@Component
public class EmbeddedDatabaseHousekeeping implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseHousekeeping.class);
    /** Rewriting starts while less than this share (percent) of the chunks' space is live. */
    static final int TARGET_FILL_RATE = 80;
    /**
     * About this much live data is rewritten in one go, under H2's store lock, which every commit needs too: with
     * 16 MB a slice held the hub's commits up for up to 130 ms (JFR, at 100 msg/s), one slice of 1 MB takes a few
     * milliseconds.
     */
    static final int WRITE_BYTES = 1 << 20;
    /** The pause between two slices of one round, in which waiting commits take the store lock. */
    private static final long PAUSE_NANOS = 1_000_000;
    /** H2 may reuse a dead chunk's space this many housekeeping intervals after it died (each round syncs). */
    static final int RETENTION_ROUNDS = 3;

    private final DataSource dataSource;
    private final String url;
    private final Duration interval;
    private final Duration budget;
    private ScheduledExecutorService executor;

    public EmbeddedDatabaseHousekeeping(DataSource dataSource,
                                        @Value("${spring.datasource.url:}") String url,
                                        @Value("${knutepunkt.database.housekeeping-interval:1s}") Duration interval,
                                        @Value("${knutepunkt.database.housekeeping-budget:50ms}") Duration budget) {
        this.dataSource = dataSource;
        this.url = url;
        this.interval = interval;
        this.budget = budget;
    }

    /** Whether the hub runs on an embedded H2 database file. */
    boolean applies() {
        return url.startsWith("jdbc:h2:file:") && !interval.isZero() && !interval.isNegative();
    }

    /** How long H2 keeps a dead chunk before it reuses its space, in milliseconds. */
    int retentionMillis() {
        return (int) Math.min(Integer.MAX_VALUE, interval.toMillis() * RETENTION_ROUNDS);
    }

    /**
     * One round: syncs the file, then rewrites the live pages of the sparsest chunks until none is left below the
     * target or the budget has passed (chunks that died within the retention time are left for later rounds).
     *
     * @return whether H2 rewrote anything
     */
    boolean compact() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            MVStore store = store(connection);
            if (store == null || store.isClosed()) {
                return false;
            }
            store.sync();
            if (store.getRetentionTime() != retentionMillis()) {
                store.setRetentionTime(retentionMillis());
            }
            boolean rewrote = false;
            long deadline = System.nanoTime() + budget.toNanos();
            while (System.nanoTime() < deadline && store.compact(TARGET_FILL_RATE, WRITE_BYTES)) {
                rewrote = true;
                LockSupport.parkNanos(PAUSE_NANOS);
            }
            return rewrote;
        }
    }

    static MVStore store(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        return session.getDatabase().getStore().getMvStore();
    }

    @Override
    public synchronized void start() {
        if (!applies() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "h2-housekeeping");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                compact();
            } catch (Exception e) {
                log.warn("Housekeeping of the embedded database failed (tried again in {}): {}", interval,
                        e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        log.debug("Embedded database housekeeping every {}; dead chunks reused after {} ms", interval,
                retentionMillis());
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
