package no.knutepunkt.hub.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The housekeeping against a real H2 file with the hub's settings ({@code WRITE_DELAY=0}) and an interval of 100 ms
 * instead of 1 s so that the test need not wait: the same work twice, with and without it.
 */
class EmbeddedDatabaseHousekeepingTest {
    private static final int COMMITS = 1500;

    @TempDir
    Path dir;

    @Test
    void theDatabaseFileStopsGrowingWhenHousekeepingRewritesSparseChunks() throws Exception {
        long without = growthOfSecondRound(dir.resolve("without"), false);
        long with = growthOfSecondRound(dir.resolve("with"), true);
        System.out.printf("file growth over the second %d commits: %d bytes without housekeeping, %d with%n",
                COMMITS, without, with);
        assertThat(without).isGreaterThan(COMMITS * 10_000L);
        assertThat(with).isLessThan(without / 4);
    }

    @Test
    void eachRoundSyncsTheFileAndLetsH2ReuseDeadChunksAfterThreeRounds() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("r") + ";WRITE_DELAY=0";
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        EmbeddedDatabaseHousekeeping keeper = new EmbeddedDatabaseHousekeeping(source, url, Duration.ofMillis(200),
                Duration.ofMillis(50));
        try (Connection c = source.getConnection()) {
            assertThat(EmbeddedDatabaseHousekeeping.store(c).getRetentionTime()).isEqualTo(45_000);
            keeper.compact();
            assertThat(EmbeddedDatabaseHousekeeping.store(c).getRetentionTime()).isEqualTo(600);
        }
    }

    @Test
    void itLeavesOtherDatabasesAlone() {
        DataSource none = new JdbcDataSource();
        assertThat(new EmbeddedDatabaseHousekeeping(none, "jdbc:postgresql://127.0.0.1:5432/test", Duration.ofSeconds(1), Duration.ofMillis(50))
                .applies()).isFalse();
        assertThat(new EmbeddedDatabaseHousekeeping(none, "jdbc:h2:mem:x", Duration.ofSeconds(1), Duration.ofMillis(50)).applies()).isFalse();
        assertThat(new EmbeddedDatabaseHousekeeping(none, "jdbc:h2:file:/tmp/x", Duration.ZERO, Duration.ofMillis(50)).applies()).isFalse();
        assertThat(new EmbeddedDatabaseHousekeeping(none, "jdbc:h2:file:/tmp/x", Duration.ofSeconds(1), Duration.ofMillis(50)).applies())
                .isTrue();
    }

    /** Runs the work once, lets housekeeping rewrite its aged chunks, then measures the file over a second run. */
    private long growthOfSecondRound(Path db, boolean housekeeping) throws Exception {
        String url = "jdbc:h2:file:" + db.resolve("k") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";
        JdbcDataSource source = new JdbcDataSource();
        source.setURL(url);
        EmbeddedDatabaseHousekeeping keeper = new EmbeddedDatabaseHousekeeping(source, url, Duration.ofMillis(100), Duration.ofMillis(50));
        Path file = db.resolve("k.mv.db");
        try (Connection c = source.getConnection()) {
            try (Statement st = c.createStatement()) {
                st.execute("create table melding (id varchar(36) primary key, at timestamp, status varchar(16),"
                        + " data bytea)");
                st.execute("create index melding_status_ix on melding (status, at)");
            }
            work(c);
            if (housekeeping) {
                rewriteOnceAged(keeper);
            }
            long before = Files.size(file);
            for (int i = 0; i < 5; i++) {
                work(c, COMMITS / 5);
                if (housekeeping) {
                    rewriteOnceAged(keeper);
                }
            }
            return Files.size(file) - before;
        }
    }

    /**
     * Waits until the chunks just written are older than the retention time and housekeeping rewrites them, then
     * runs nine more rounds, as the hub's timer would in the next seconds.
     */
    private static void rewriteOnceAged(EmbeddedDatabaseHousekeeping keeper) throws SQLException {
        await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(10)).until(keeper::compact);
        for (int round = 0; round < 9; round++) {
            keeper.compact();
        }
    }

    private static void work(Connection c) throws SQLException {
        work(c, COMMITS);
    }

    /** Commits that each add a row with a 3.6 KB payload and update an earlier one, as intake and delivery do. */
    private static void work(Connection c, int commits) throws SQLException {
        byte[] data = new byte[3600];
        new Random(1).nextBytes(data);
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("insert into melding values (?, current_timestamp, 'QUEUED', ?)");
             PreparedStatement update = c.prepareStatement("update melding set status = 'DELIVERED', at = current_timestamp"
                     + " where status = 'QUEUED' and id < ?")) {
            for (int i = 0; i < commits; i++) {
                String id = String.format("%016x", System.nanoTime()) + UUID.randomUUID().toString().substring(0, 16);
                insert.setString(1, id);
                insert.setBytes(2, data);
                insert.executeUpdate();
                update.setString(1, id);
                update.executeUpdate();
                c.commit();
            }
        } finally {
            c.setAutoCommit(true);
        }
    }
}
