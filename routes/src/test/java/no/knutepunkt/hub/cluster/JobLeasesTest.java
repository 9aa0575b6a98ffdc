package no.knutepunkt.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import no.knutepunkt.hub.TestHub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Job leases between hub instances on one database, on the embedded H2 and on the real PostgreSQL: one instance
 * holds a job at a time, renews it at each tick, lets go when it stops, and another takes over once a dead holder's
 * lease has run out.
 */
class JobLeasesTest {
    private static final Duration LEASE = Duration.ofMillis(800);
    private final List<Runnable> cleanup = new ArrayList<>();

    static Stream<String> databases() {
        return Stream.of("h2", "postgresql");
    }

    @AfterEach
    void clean() {
        cleanup.forEach(Runnable::run);
    }

    private JdbcClient database(String kind) throws IOException {
        DriverManagerDataSource ds;
        if (kind.equals("h2")) {
            ds = new DriverManagerDataSource("jdbc:h2:mem:leases-" + UUID.randomUUID()
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        } else {
            String schema = "kp_lease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            JdbcClient admin = JdbcClient.create(new DriverManagerDataSource(TestHub.PG_URL, TestHub.PG_USER, ""));
            admin.sql("create schema " + schema).update();
            cleanup.add(() -> admin.sql("drop schema " + schema + " cascade").update());
            ds = new DriverManagerDataSource(TestHub.PG_URL + "?currentSchema=" + schema, TestHub.PG_USER, "");
        }
        JdbcClient jdbc = JdbcClient.create(ds);
        try (InputStream migration = getClass().getResourceAsStream("/db/migration/V10__job_lease.sql")) {
            String sql = new String(migration.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^--.*$", "");
            jdbc.sql(sql.strip().replaceAll(";$", "")).update();
        }
        return jdbc;
    }

    private static JobLeases instance(JdbcClient jdbc, String name) {
        return new JobLeases(jdbc, new ClusterProperties(name, LEASE));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void oneInstanceHoldsAJobAndRenewsItAtEachTick(String kind) throws IOException {
        JdbcClient jdbc = database(kind);
        JobLeases one = instance(jdbc, "hub-1");
        JobLeases two = instance(jdbc, "hub-2");

        assertThat(one.hold("distribution")).isTrue();
        assertThat(two.hold("distribution")).isFalse();
        // each job has its own lease
        assertThat(two.hold("expiry")).isTrue();
        assertThat(one.hold("expiry")).isFalse();

        // the holder renews before the lease runs out, for several lease lengths: the other never gets it
        await().during(LEASE.multipliedBy(3)).atMost(LEASE.multipliedBy(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> one.hold("distribution") && !two.hold("distribution"));
        assertThat(one.leases()).extracting(JobLeases.Lease::job, JobLeases.Lease::holder)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("distribution", "hub-1"),
                        org.assertj.core.groups.Tuple.tuple("expiry", "hub-2"));
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anotherInstanceTakesOverOnceADeadHoldersLeaseRunsOut(String kind) throws IOException {
        JdbcClient jdbc = database(kind);
        JobLeases dead = instance(jdbc, "hub-1");
        JobLeases alive = instance(jdbc, "hub-2");
        assertThat(dead.hold("outbox-sweep")).isTrue();
        long start = System.nanoTime();

        // hub-1 stops renewing (killed): hub-2 is refused until the lease has run out, then takes the job
        assertThat(alive.hold("outbox-sweep")).isFalse();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> alive.hold("outbox-sweep"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(LEASE.minusMillis(100));
        assertThat(dead.hold("outbox-sweep")).as("the old holder, back, finds the job taken").isFalse();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aKilledInstanceOfThisHostIsTakenOverAtOnceByItsRestart(String kind) throws Exception {
        JdbcClient jdbc = database(kind);
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        JobLeases restarted = new JobLeases(jdbc, new ClusterProperties("", Duration.ofHours(1)));
        assertThat(restarted.instance()).startsWith(host + ":");

        // the killed hub's lease would last an hour; its process is gone, so the restart takes the job at once
        assertThat(new JobLeases(jdbc, new ClusterProperties(host + ":" + gone.pid(), Duration.ofHours(1)))
                .hold("distribution")).isTrue();
        assertThat(restarted.hold("distribution")).isTrue();

        // an instance of this host that is alive (pid 1), one of another host, and a configured name keep theirs
        for (String holder : List.of(host + ":1", "elsewhere:" + gone.pid(), "hub-b")) {
            assertThat(new JobLeases(jdbc, new ClusterProperties(holder, Duration.ofHours(1)))
                    .hold("expiry-" + holder)).isTrue();
            assertThat(restarted.hold("expiry-" + holder)).as(holder).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aStoppingInstanceLetsGoOfItsLeasesAtOnce(String kind) throws IOException {
        JdbcClient jdbc = database(kind);
        JobLeases stopping = instance(jdbc, "hub-1");
        JobLeases other = instance(jdbc, "hub-2");
        assertThat(stopping.hold("retention")).isTrue();
        assertThat(other.hold("retention")).isFalse();

        stopping.destroy();

        assertThat(other.hold("retention")).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void instancesRacingForANewJobGetItOnce(String kind) throws Exception {
        JdbcClient jdbc = database(kind);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Boolean>> racers = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                JobLeases leases = instance(jdbc, "hub-" + i);
                racers.add(() -> leases.hold("invoicing"));
            }
            long holders = 0;
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                holders += f.get() ? 1 : 0;
            }
            assertThat(holders).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void withoutTheDatabaseNoInstanceRunsTheJobAndNothingIsThrown(String kind) {
        JdbcClient unreachable = JdbcClient.create(new DriverManagerDataSource(kind.equals("h2")
                ? "jdbc:h2:mem:leases-missing;IFEXISTS=TRUE" : "jdbc:postgresql://127.0.0.1:1/none", "x", ""));
        assertThat(instance(unreachable, "hub-1").hold("distribution")).isFalse();
    }
}
