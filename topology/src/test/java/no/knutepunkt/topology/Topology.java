package no.knutepunkt.topology;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import no.knutepunkt.platform.crypto.DemoPki;
import no.knutepunkt.platform.crypto.Pem;
import no.knutepunkt.platform.identity.PasswordHash;
import no.knutepunkt.platform.member.Orgnr;

/**
 * The production topology on this machine, without Docker: an Artemis primary and backup (replication, core
 * protocol) made from the Artemis distribution with the shipped {@code config/artemis/broker-*.xml}, the machine's
 * PostgreSQL (a fresh database), two hubs from the built jar with the {@code production} profile and the shipped
 * {@code config/application-production.yml}, and a WireMock receiver for every member (Fiks IO push) and the Peppol
 * access point. Everything listens on 127.0.0.1 on ports free at start; every process is stopped by {@link #close}
 * (and by a shutdown hook if the JVM ends first), and the database is dropped.
 */
final class Topology implements AutoCloseable {
    static final String PG_ADMIN_URL = System.getenv().getOrDefault("KNUTEPUNKT_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    static final String PG_USER = System.getenv().getOrDefault("KNUTEPUNKT_TEST_PG_USER", "postgres");
    static final String HUB_ORGNR = "921000006";
    static final String TOPOLOGY_IT = "Topologi IKT";
    static final int GENERATED_MEMBERS = 1000;

    final Path work;
    final Path artemisHome;
    final Path configDir;
    final String database;
    final Receiver receiver;
    final List<String> generated = new ArrayList<>();
    final List<String> allMembers = new ArrayList<>();
    final String brokerPassword = UUID.randomUUID().toString();
    final String clusterPassword = UUID.randomUUID().toString();
    final String[] secretariat = {"sekretariat", UUID.randomUUID().toString()};
    final String[] operator = {"operator", UUID.randomUUID().toString()};
    /** The API password of every member (also their password on the brokers' AMQP acceptors). */
    final String memberPassword = UUID.randomUUID().toString();
    /** Members of the registry whose deliveries are routed to the amqp connector: they subscribe to the brokers. */
    final List<String> amqpMembers = new ArrayList<>();
    final int primaryPort;
    final int backupPort;
    final int primaryAmqpPort;
    final int backupAmqpPort;
    Child primary;
    Child backup;
    final Hub[] hubs = new Hub[2];

    private Topology(Path work) throws IOException {
        this.work = work;
        this.artemisHome = Path.of(System.getProperty("artemis.home"));
        this.configDir = Path.of(System.getProperty("knutepunkt.config", "../config")).toAbsolutePath().normalize();
        this.database = "knutepunkt_topo_" + System.currentTimeMillis();
        this.receiver = new Receiver();
        this.primaryPort = freePort();
        this.backupPort = freePort();
        this.primaryAmqpPort = freePort();
        this.backupAmqpPort = freePort();
    }

    /** Builds and starts the whole topology; on any failure stops what was started. */
    static Topology start() throws Exception {
        Path runs = Path.of(System.getProperty("topology.work", "target/topology")).toAbsolutePath();
        // the logs and data of the latest run stay for reading; older ones go
        if (Files.isDirectory(runs)) {
            try (var old = Files.list(runs)) {
                for (Path dir : old.filter(p -> p.getFileName().toString().startsWith("run-")).toList()) {
                    deleteTree(dir);
                }
            }
        }
        Path work = runs.resolve("run-" + System.currentTimeMillis());
        Files.createDirectories(work);
        Topology t = new Topology(work);
        try {
            long started = System.nanoTime();
            t.createDatabase();
            t.writeMembersAndRouting();
            t.writeIdentities();
            t.createBrokers();
            t.primary = t.startBroker("primary");
            t.awaitLog(t.primary, "AMQ221007", Duration.ofSeconds(90));
            t.backup = t.startBroker("backup");
            t.awaitLog(t.backup, "AMQ221024", Duration.ofSeconds(90));
            t.hubs[0] = t.launchHub(1);
            t.hubs[1] = t.launchHub(2);
            for (Hub hub : t.hubs) {
                hub.awaitHealthy(Duration.ofSeconds(240));
            }
            System.out.printf("[topology] started in %.1f s: brokers 127.0.0.1:%d (primary) and :%d (backup), "
                            + "hubs %s and %s, receiver %s, database %s, %d members, work %s%n",
                    (System.nanoTime() - started) / 1e9, t.primaryPort, t.backupPort, t.hubs[0].uri, t.hubs[1].uri,
                    t.receiver.url(), t.database, t.allMembers.size(), work);
            return t;
        } catch (Throwable e) {
            t.close();
            throw e;
        }
    }

    // ---- PostgreSQL

    private void createDatabase() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
             Statement s = c.createStatement()) {
            s.execute("create database " + database);
        }
    }

    String databaseUrl() {
        return PG_ADMIN_URL.substring(0, PG_ADMIN_URL.lastIndexOf('/') + 1) + database;
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(databaseUrl(), PG_USER, "");
    }

    private void dropDatabase() {
        for (int attempt = 0; attempt < 10; attempt++) {
            try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "");
                 Statement s = c.createStatement()) {
                s.execute("drop database if exists " + database + " with (force)");
                return;
            } catch (SQLException e) {
                // PostgreSQL may be restarting (scenario 4): try again
                try {
                    TimeUnit.SECONDS.sleep(2);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        System.out.println("[topology] could not drop database " + database);
    }

    /** The machine's PostgreSQL, restarted (or stopped and started) with the command .ci/run uses. */
    static void pgctl(String action) throws IOException, InterruptedException {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).sorted().findFirst().orElseThrow();
        }
        Process p = new ProcessBuilder("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", action)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("pg_ctlcluster " + action + " failed: " + out);
        }
    }

    static boolean pgUp() {
        try (Connection c = DriverManager.getConnection(PG_ADMIN_URL, PG_USER, "")) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    // ---- members, routing and identities

    private void writeMembersAndRouting() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(configDir.resolve("members/vestland.csv")));
        Set<String> used = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                String orgnr = line.split(",", -1)[2];
                used.add(orgnr);
                allMembers.add(orgnr);
                if (amqpMembers.size() < 2) {
                    amqpMembers.add(orgnr);
                }
            }
        }
        int n = 0;
        for (int i = 0; generated.size() < GENERATED_MEMBERS; i++) {
            String orgnr = Orgnr.withCheckDigit(String.format("97%06d", 100000 + i)).orElse(null);
            if (orgnr == null || !used.add(orgnr)) {
                continue;
            }
            generated.add(orgnr);
            allMembers.add(orgnr);
            lines.add(String.format("%04d,Topologi %d,%s,Sunnhordland,%s,%d", 7000 + n, n, orgnr, TOPOLOGY_IT,
                    1000 + n));
            n++;
        }
        Files.write(work.resolve("members.csv"), lines);
        StringBuilder routing = new StringBuilder("knutepunkt:\n  routing:\n");
        for (String orgnr : allMembers) {
            routing.append("    \"").append(orgnr).append("\":\n");
            if (amqpMembers.contains(orgnr)) {
                routing.append("      connector: amqp\n");
            } else {
                routing.append("      connector: fiksio\n      endpoint: ").append(receiver.url()).append('\n');
            }
        }
        Files.writeString(work.resolve("routing.yml"), routing);
    }

    /**
     * The identity directory of production (certificates and password hashes, no private keys but the hub's): one
     * certificate shared by the generated members (the hub encrypts to it; nobody decrypts here), one password hash
     * shared by all members (bcrypt a thousand times would cost a minute).
     */
    private void writeIdentities() throws IOException {
        Path dir = work.resolve("identities");
        DemoPki pki = DemoPki.createCa("Knutepunkt topologi CA");
        Files.createDirectories(dir.resolve("hub"));
        Files.writeString(dir.resolve("ca.pem"), Pem.toPem(pki.caCertificate()));
        DemoPki.Issued hub = pki.issue("Knutepunkt hub", HUB_ORGNR);
        Files.writeString(dir.resolve("hub/key.pem"), Pem.toPem(hub.key()));
        Files.writeString(dir.resolve("hub/cert.pem"), Pem.toPem(hub.certificate()));
        String memberCert = Pem.toPem(pki.issue("Topologi medlem", "topologi").certificate());
        String memberHash = PasswordHash.of(memberPassword);
        for (String orgnr : allMembers) {
            Path m = Files.createDirectories(dir.resolve("members").resolve(orgnr));
            Files.writeString(m.resolve("cert.pem"), memberCert);
            Files.writeString(m.resolve("credentials.properties"),
                    "username=" + orgnr + "\npassword-hash=" + memberHash + "\n");
        }
        Files.writeString(dir.resolve("operator.properties"),
                "username=" + operator[0] + "\npassword-hash=" + PasswordHash.of(operator[1]) + "\n");
        Files.writeString(dir.resolve("secretariat.properties"),
                "username=" + secretariat[0] + "\npassword-hash=" + PasswordHash.of(secretariat[1]) + "\n");
    }

    // ---- brokers

    private void createBrokers() throws Exception {
        for (String role : List.of("primary", "backup")) {
            Path instance = work.resolve("artemis-" + role);
            List<String> command = List.of("bash", artemisHome.resolve("bin/artemis").toString(), "create",
                    "--silent", "--user", "knutepunkt", "--password", brokerPassword, "--role", "knutepunkt",
                    "--require-login", "--no-web", "--no-amqp-acceptor", "--no-mqtt-acceptor",
                    "--no-stomp-acceptor", "--no-hornetq-acceptor", "--no-autotune", "--host", "127.0.0.1",
                    instance.toString());
            Child create = Child.start("artemis-create-" + role, command, Map.of("JAVA_ARGS", "-Xmx128m"), work,
                    work.resolve("artemis-create-" + role + ".log"));
            await().atMost(Duration.ofSeconds(120)).until(() -> !create.isAlive());
            if (!Files.exists(instance.resolve("bin/artemis"))) {
                throw new AssertionError("artemis create failed: " + create.log());
            }
            // the shipped files, unchanged: hosts, ports and the cluster credentials come from the environment
            Files.copy(configDir.resolve("artemis/broker-" + role + ".xml"), instance.resolve("etc/broker.xml"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.copy(configDir.resolve("artemis/login.config"), instance.resolve("etc/login.config"),
                    StandardCopyOption.REPLACE_EXISTING);
            // the broker plugins (members' sign-in and security settings, settlements) and what they need
            Path brokerLib = Path.of(System.getProperty("broker.lib"));
            try (var jars = Files.list(brokerLib)) {
                List<Path> copied = jars.filter(j -> j.toString().endsWith(".jar")).toList();
                if (copied.stream().noneMatch(j -> j.getFileName().toString().startsWith("knutepunkt-broker-plugins"))) {
                    throw new AssertionError("no broker plugins in " + brokerLib + ": build broker-plugins first");
                }
                for (Path jar : copied) {
                    Files.copy(jar, instance.resolve("lib").resolve(jar.getFileName()),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    Child startBroker(String role) throws IOException {
        Path instance = work.resolve("artemis-" + role);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JAVA_ARGS", "-Xms64m -Xmx256m -XX:+UseSerialGC --add-opens java.base/jdk.internal.misc=ALL-UNNAMED");
        env.put("ARTEMIS_PRIMARY_HOST", "127.0.0.1");
        env.put("ARTEMIS_PRIMARY_PORT", String.valueOf(primaryPort));
        env.put("ARTEMIS_BACKUP_HOST", "127.0.0.1");
        env.put("ARTEMIS_BACKUP_PORT", String.valueOf(backupPort));
        env.put("ARTEMIS_ACCEPTOR_HOST", "127.0.0.1");
        env.put("ARTEMIS_CLUSTER_USER", "cluster");
        env.put("ARTEMIS_CLUSTER_PASSWORD", clusterPassword);
        env.put("ARTEMIS_PRIMARY_AMQP_PORT", String.valueOf(primaryAmqpPort));
        env.put("ARTEMIS_BACKUP_AMQP_PORT", String.valueOf(backupAmqpPort));
        env.put("KNUTEPUNKT_IDENTITIES_DIR", work.resolve("identities").toString());
        Path log = work.resolve("artemis-" + role + "-" + System.currentTimeMillis() + ".log");
        return Child.start("artemis-" + role, List.of("bash", instance.resolve("bin/artemis").toString(), "run"),
                env, instance, log);
    }

    void awaitLog(Child child, String text, Duration atMost) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .until(() -> child.log().contains(text) || !child.isAlive());
        } catch (RuntimeException e) {
            throw new AssertionError(child.name() + " did not log " + text + "; its log:\n" + tail(child.log()), e);
        }
        if (!child.log().contains(text)) {
            throw new AssertionError(child.name() + " ended; its log:\n" + tail(child.log()));
        }
    }

    String brokerUrl() {
        return "(tcp://127.0.0.1:" + primaryPort + ",tcp://127.0.0.1:" + backupPort + ")?ha=true&reconnectAttempts=-1";
    }

    /**
     * A member system's AMQP 1.0 URL of the pair: it fails over to whichever broker is active. It keeps its own two
     * addresses: the brokers advertise their cluster connectors (the core acceptors) in the AMQP open frame, which
     * Qpid JMS would otherwise put in their place. A receive that times out asks nothing of the broker (it would
     * wait for a broker while the client fails over).
     */
    String amqpFailoverUrl() {
        return "failover:(amqp://127.0.0.1:" + primaryAmqpPort + ",amqp://127.0.0.1:" + backupAmqpPort
                + ")?failover.maxReconnectAttempts=60&failover.maxReconnectDelay=2000"
                + "&failover.amqpOpenServerListAction=IGNORE&jms.receiveLocalOnly=true";
    }

    /** The AMQP port of the active broker (a passive backup opens no acceptors). */
    int activeAmqpPort() {
        for (int port : new int[] {primaryAmqpPort, backupAmqpPort}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                return port;
            } catch (IOException e) {
                // not this one
            }
        }
        throw new AssertionError("neither broker accepts AMQP connections");
    }

    // ---- hubs

    Hub launchHub(int number) throws IOException {
        int port = hubs[number - 1] != null ? hubs[number - 1].port : freePort();
        Path data = Files.createDirectories(work.resolve("hub-" + number));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KNUTEPUNKT_DATA_DIR", data.toString());
        env.put("KNUTEPUNKT_MEMBERS_FILE", "file:" + work.resolve("members.csv"));
        env.put("KNUTEPUNKT_IDENTITIES_DIR", work.resolve("identities").toString());
        env.put("KNUTEPUNKT_PEPPOL_BASE_URL", receiver.url());
        env.put("KNUTEPUNKT_PEPPOL_API_KEY", "topologi");
        env.put("KNUTEPUNKT_INVOICING_ACCOUNT", "15061234567");
        env.put("KNUTEPUNKT_PAYLOADS_DIR", Files.createDirectories(work.resolve("payloads")).toString());
        env.put("KNUTEPUNKT_DB_URL", databaseUrl());
        env.put("KNUTEPUNKT_DB_USER", PG_USER);
        env.put("KNUTEPUNKT_DB_PASSWORD", "");
        env.put("KNUTEPUNKT_BROKER_URL", brokerUrl());
        env.put("KNUTEPUNKT_BROKER_USER", "knutepunkt");
        env.put("KNUTEPUNKT_BROKER_PASSWORD", brokerPassword);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                "-jar", Path.of(System.getProperty("knutepunkt.jar")).toAbsolutePath().toString(),
                "--spring.profiles.active=production",
                "--spring.config.additional-location=optional:file:" + configDir + "/,file:"
                        + work.resolve("routing.yml"),
                "--server.address=127.0.0.1", "--server.port=" + port,
                // a message made but not yet on the broker when its hub died is sent by the other hub's sweep
                "--knutepunkt.outbox.sweep-interval=5s", "--knutepunkt.outbox.stale-after=20s",
                // the generated members are one IT cooperation with one payer: one invoice for them
                "--knutepunkt.invoicing.years.2021.joint-payers[0].it-cooperation=IKT Nordhordland",
                "--knutepunkt.invoicing.years.2021.joint-payers[0].payer=994631004",
                "--knutepunkt.invoicing.years.2021.joint-payers[1].it-cooperation=" + TOPOLOGY_IT,
                "--knutepunkt.invoicing.years.2021.joint-payers[1].payer=" + generated.get(0)));
        Path log = work.resolve("hub-" + number + "-" + System.currentTimeMillis() + ".log");
        Child child = Child.start("hub-" + number, command, env, data, log);
        Hub hub = new Hub(number, port, URI.create("http://127.0.0.1:" + port), child);
        hubs[number - 1] = hub;
        return hub;
    }

    /** One hub process and its HTTP address. */
    final class Hub {
        final int number;
        final int port;
        final URI uri;
        final Child process;

        Hub(int number, int port, URI uri, Child process) {
            this.number = number;
            this.port = port;
            this.uri = uri;
            this.process = process;
        }

        Api secretariat() {
            return new Api(uri, secretariat[0], secretariat[1]);
        }

        Api operator() {
            return new Api(uri, operator[0], operator[1]);
        }

        void awaitHealthy(Duration atMost) {
            try {
                await().atMost(atMost).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> !process.isAlive() || new Api(uri, null, null).status("/actuator/health") == 200);
            } catch (RuntimeException e) {
                throw new AssertionError("hub " + number + " did not become healthy; its log:\n"
                        + tail(process.log()), e);
            }
            if (!process.isAlive()) {
                throw new AssertionError("hub " + number + " ended; its log:\n" + tail(process.log()));
            }
        }

        @Override
        public String toString() {
            return "hub-" + number + " (" + uri + ", pid " + process.pid() + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static String tail(String log) {
        return log.length() > 20_000 ? "..." + log.substring(log.length() - 20_000) : log;
    }

    static int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port != 5672 && port != 1883 && port != 4222 && port != 6379 && port != 5432 && port != 3306) {
                    return port;
                }
            }
        }
    }

    @Override
    public void close() {
        for (Hub hub : hubs) {
            if (hub != null) {
                stop(hub.process);
            }
        }
        stop(backup);
        stop(primary);
        receiver.close();
        if (!pgUp()) {
            try {
                pgctl("start");
            } catch (Exception e) {
                System.out.println("[topology] could not start PostgreSQL again: " + e);
            }
        }
        dropDatabase();
    }

    private static void stop(Child child) {
        if (child != null) {
            try {
                child.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
