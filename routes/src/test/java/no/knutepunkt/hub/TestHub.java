package no.knutepunkt.hub;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import no.knutepunkt.client.HubClient;
import no.knutepunkt.client.MemberIdentity;
import no.knutepunkt.client.MessageOpener;
import no.knutepunkt.platform.crypto.CmsSigner;
import no.knutepunkt.platform.crypto.DemoPki;
import no.knutepunkt.platform.crypto.Pem;
import org.apache.camel.CamelContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real hub for a test: the application started as its jar would be, on a random port, with its
 * own data directory (embedded Artemis, demo identities) and either the real PostgreSQL (a schema
 * of its own) or the embedded H2 default.
 */
public final class TestHub implements AutoCloseable {
    public static final String PG_URL = System.getenv().getOrDefault("KNUTEPUNKT_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String PG_USER = System.getenv().getOrDefault("KNUTEPUNKT_TEST_PG_USER", "postgres");

    /** Bergen, Kinn, Etne, Sveio: four members of the default registry. */
    public static final String A = "994601008";
    public static final String B = "994602004";
    public static final String C = "994611003";
    public static final String D = "994612018";

    private final Path dataDir;
    private final Map<String, String> properties;
    private ConfigurableApplicationContext context;

    private TestHub(Path dataDir, Map<String, String> properties) {
        this.dataDir = dataDir;
        this.properties = properties;
    }

    /** A hub on the real PostgreSQL, in a fresh schema. */
    public static TestHub postgres(Path dataDir, Map<String, String> extra) {
        String schema = "kp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", PG_URL + "?currentSchema=" + schema);
        p.put("spring.datasource.username", PG_USER);
        p.put("spring.datasource.password", "");
        p.put("spring.flyway.schemas", schema);
        p.put("spring.flyway.create-schemas", "true");
        p.putAll(extra);
        return new TestHub(dataDir, p);
    }

    /** A hub on the real PostgreSQL reached through another local port (a {@link TcpProxy}), in a fresh schema. */
    public static TestHub postgresVia(int port, Path dataDir, Map<String, String> extra) {
        TestHub hub = postgres(dataDir, extra);
        hub.properties.put("spring.datasource.url", hub.properties.get("spring.datasource.url")
                .replace("127.0.0.1:5432", "127.0.0.1:" + port));
        return hub;
    }

    /** A hub with the embedded defaults only (H2 and Artemis under the data directory). */
    public static TestHub embedded(Path dataDir, Map<String, String> extra) {
        return new TestHub(dataDir, new LinkedHashMap<>(extra));
    }

    public TestHub start() {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        args.add("--knutepunkt.data-dir=" + dataDir);
        args.add("--logging.level.org.apache.activemq=WARN");
        args.add("--logging.level.org.apache.camel=WARN");
        properties.forEach((k, v) -> args.add("--" + k + "=" + v));
        context = new SpringApplicationBuilder(KnutepunktApplication.class).run(args.toArray(String[]::new));
        return this;
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    public CamelContext camel() {
        return context.getBean(CamelContext.class);
    }

    public JdbcTemplate jdbc() {
        return context.getBean(JdbcTemplate.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path memberDir(String orgnr) {
        return dataDir.resolve("demo").resolve("members").resolve(orgnr);
    }

    public Path caFile() {
        return dataDir.resolve("demo").resolve("ca.pem");
    }

    /**
     * The demo CA of a data directory, made by a first start of a hub with the embedded defaults (which makes the
     * demo identities), to issue further certificates as an operator registers them (a key rotation).
     */
    public static DemoPki demoCa(Path dataDir) {
        embedded(dataDir, Map.of()).start().close();
        Path demo = dataDir.resolve("demo");
        return DemoPki.open(Pem.readPrivateKey(demo.resolve("ca-key.pem")), Pem.readCertificate(demo.resolve("ca.pem")));
    }

    public MemberIdentity identity(String orgnr) {
        try {
            return MemberIdentity.load(memberDir(orgnr), caFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public HubClient client(String orgnr) {
        MemberIdentity me = identity(orgnr);
        return new HubClient(uri(), me.username(), me.password());
    }

    /** Credentials of a staff role ("operator" or "secretariat"). */
    public String[] staff(String role) {
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(dataDir.resolve("demo").resolve(role + ".properties"))) {
            p.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new String[] {p.getProperty("username"), p.getProperty("password")};
    }

    public byte[] sign(String orgnr, byte[] payload) {
        MemberIdentity me = identity(orgnr);
        return new CmsSigner(me.key(), me.certificate()).sign(payload);
    }

    public MessageOpener opener(String orgnr) {
        return new MessageOpener(identity(orgnr));
    }

    public int count(String sql, Object... args) {
        Integer n = jdbc().queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    /** Drops a test schema from PostgreSQL (called by tests after the hub stopped). */
    public void dropSchema() {
        String schema = properties.get("spring.flyway.schemas");
        if (schema == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(PG_URL, PG_USER, "")) {
            c.createStatement().execute("drop schema if exists " + schema + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
