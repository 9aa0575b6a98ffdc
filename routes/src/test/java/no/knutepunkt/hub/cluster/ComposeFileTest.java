package no.knutepunkt.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose.yml} as a new user would start it, where no Docker engine runs to try it: every file it
 * mounts exists and can be read by whichever user the images run as (the hub's uid 10001, Artemis', PostgreSQL's,
 * WireMock's), every configuration file the hubs are told to load is there, and the brokers' XML gives the user
 * the hubs log in as the rights to send and consume.
 */
class ComposeFileTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String BROKER_LIB = "./broker-plugins/target/broker-lib";
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader in = Files.newBufferedReader(ROOT.resolve("docker-compose.yml"), StandardCharsets.UTF_8)) {
            Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            services = (Map<String, Map<String, Object>>) compose.get("services");
        }
    }

    @Test
    void itRunsTheProductionTopology() {
        assertThat(services).containsOnlyKeys("postgres", "artemis-primary", "artemis-backup", "wiremock", "hub-1",
                "hub-2");
        for (String hub : List.of("hub-1", "hub-2")) {
            Map<String, Object> env = environment(hub);
            assertThat(env.get("KNUTEPUNKT_BROKER_URL").toString())
                    .as("%s fails over between the pair", hub)
                    .contains("tcp://artemis-primary:61616").contains("tcp://artemis-backup:61616").contains("ha=true");
            assertThat(env.get("KNUTEPUNKT_DB_URL").toString()).startsWith("jdbc:postgresql://postgres:5432/");
        }
    }

    @Test
    void everyMountedFileExistsAndAnyUserMayReadIt() throws IOException {
        List<String> checked = new ArrayList<>();
        for (var service : services.entrySet()) {
            for (Mount mount : mounts(service.getValue())) {
                if (!mount.source().startsWith("./")) {
                    continue; // a named volume
                }
                if (mount.source().equals(BROKER_LIB)) {
                    // made by the build (mvn package), not shipped: checked by theBrokersLoadThePluginsOfTheAmqpSubscription
                    continue;
                }
                if (mount.source().equals("./identities")) {
                    // made by the user from the README's steps, not shipped: the README must say how, for uid 10001
                    assertThat(Files.readString(ROOT.resolve("README.md")))
                            .contains("cp -r data/demo identities").contains("chown -R 10001:10001 identities");
                    continue;
                }
                Path source = ROOT.resolve(mount.source()).normalize();
                assertThat(source).as("%s mounts %s", service.getKey(), mount.source()).exists();
                try (Stream<Path> files = Files.walk(source)) {
                    for (Path file : files.toList()) {
                        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                        assertThat(perms).as("%s (mounted into %s) is readable by others", file, service.getKey())
                                .contains(PosixFilePermission.OTHERS_READ);
                        if (Files.isDirectory(file)) {
                            assertThat(perms).as("%s may be entered by others", file)
                                    .contains(PosixFilePermission.OTHERS_EXECUTE);
                        }
                    }
                }
                checked.add(service.getKey() + ": " + mount.source());
            }
        }
        assertThat(checked).contains("hub-1: ./config/routing.yml", "artemis-primary: ./config/artemis/broker-primary.xml",
                "artemis-backup: ./config/artemis/broker-backup.xml", "wiremock: ./config/wiremock");
    }

    @Test
    void everyConfigurationFileTheHubsLoadIsThere() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(dockerfile).contains("COPY config/ /opt/knutepunkt/config/").contains("--uid 10001")
                .contains("USER knutepunkt");
        for (String hub : List.of("hub-1", "hub-2")) {
            List<Mount> mounts = mounts(services.get(hub));
            Map<String, Object> env = environment(hub);
            for (String location : env.get("SPRING_CONFIG_ADDITIONAL_LOCATION").toString().split(",")) {
                if (location.startsWith("optional:")) {
                    assertThat(location).as("only the image's own config folder may be optional")
                            .isEqualTo("optional:file:/opt/knutepunkt/config/");
                    continue;
                }
                String path = location.substring("file:".length());
                assertThat(mounts).as("%s loads %s, so it must be mounted", hub, path)
                        .anyMatch(m -> m.target().equals(path) && Files.isRegularFile(ROOT.resolve(m.source())));
            }
            String members = env.get("KNUTEPUNKT_MEMBERS_FILE").toString().substring("file:".length());
            assertThat(members).startsWith("/opt/knutepunkt/config/");
            assertThat(ROOT.resolve("config").resolve(members.substring("/opt/knutepunkt/config/".length())))
                    .as("the members file %s is copied into the image from config/", members).isRegularFile();
        }
    }

    @Test
    void theBrokersGiveTheHubsUserTheRightsItNeeds() throws Exception {
        for (String broker : List.of("artemis-primary", "artemis-backup")) {
            Mount xml = mounts(services.get(broker)).stream().filter(m -> m.target().endsWith("/broker.xml"))
                    .findFirst().orElseThrow();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(ROOT.resolve(xml.source()).toFile());
            // the security settings come from the broker plugin (Artemis takes settings or a plugin, not both)
            NodeList plugins = doc.getElementsByTagNameNS("*", "security-setting-plugin");
            assertThat(plugins.getLength()).as("%s has its security settings plugin", broker).isEqualTo(1);
            Map<String, String> options = new java.util.HashMap<>();
            NodeList settings = ((Element) plugins.item(0)).getElementsByTagNameNS("*", "setting");
            for (int i = 0; i < settings.getLength(); i++) {
                Element setting = (Element) settings.item(i);
                options.put(setting.getAttribute("name"), resolve(setting.getAttribute("value"), environment(broker)));
            }
            // the image makes ARTEMIS_USER with artemis create's default role, amq
            assertThat(options.get("hubRole")).isEqualTo("amq");
            Path noMembers = Files.createTempDirectory("identities");
            Files.createDirectories(noMembers.resolve("members"));
            options.put("identities", noMembers.toString());
            var roles = ((org.apache.activemq.artemis.core.server.SecuritySettingPlugin) Class
                    .forName(((Element) plugins.item(0)).getAttribute("class-name")).getDeclaredConstructor()
                    .newInstance()).init(options).getSecurityRoles();
            List<String> granted = new ArrayList<>();
            for (var role : roles.get("knutepunkt.#")) {
                if (role.getName().equals("amq")) {
                    for (var check : org.apache.activemq.artemis.core.security.CheckType.values()) {
                        if (check.hasRole(role)) {
                            granted.add(check.name());
                        }
                    }
                }
            }
            assertThat(granted).as("%s grants the hubs' role", broker)
                    .contains("SEND", "CONSUME", "CREATE_ADDRESS", "CREATE_DURABLE_QUEUE");
            assertThat(environment(broker)).containsKeys("ARTEMIS_USER", "ARTEMIS_PASSWORD");
            assertThat(environment(broker).get("ARTEMIS_USER"))
                    .isEqualTo(environment("hub-1").get("KNUTEPUNKT_BROKER_USER"));
        }
    }

    /**
     * The AMQP subscription on the production brokers: each broker opens an AMQP acceptor (published), loads the
     * broker plugins the build puts in broker-plugins/target/broker-lib (on its class path through
     * ARTEMIS_EXTRA_LIBS), signs members in with login.config against the hubs' identity folder (mounted
     * read-only, named by KNUTEPUNKT_IDENTITIES_DIR), and names plugin classes that exist.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theBrokersLoadThePluginsOfTheAmqpSubscription() throws Exception {
        for (String broker : List.of("artemis-primary", "artemis-backup")) {
            Map<String, Object> env = environment(broker);
            List<Mount> mounts = mounts(services.get(broker));
            assertThat(mounts).as("%s mounts the broker plugins", broker)
                    .contains(new Mount(BROKER_LIB, env.get("ARTEMIS_EXTRA_LIBS").toString()));
            assertThat(mounts).as("%s mounts the hubs' identity folder", broker)
                    .contains(new Mount("./identities", env.get("KNUTEPUNKT_IDENTITIES_DIR").toString()));
            assertThat(services.get(broker).get("volumes").toString()).contains("./identities:"
                    + env.get("KNUTEPUNKT_IDENTITIES_DIR") + ":ro");
            assertThat(mounts).as("%s signs members in", broker).contains(new Mount("./config/artemis/login.config",
                    "/var/lib/artemis-instance/etc-override/login.config"));
            String login = Files.readString(ROOT.resolve("config/artemis/login.config"));
            assertThat(login).contains("PropertiesLoginModule sufficient")
                    .contains(no.knutepunkt.broker.MemberLoginModule.class.getName() + " sufficient");

            Mount xml = mounts.stream().filter(m -> m.target().endsWith("/broker.xml")).findFirst().orElseThrow();
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document doc = factory.newDocumentBuilder().parse(ROOT.resolve(xml.source()).toFile());
            String amqp = null;
            NodeList acceptors = doc.getElementsByTagNameNS("*", "acceptor");
            for (int i = 0; i < acceptors.getLength(); i++) {
                String url = acceptors.item(i).getTextContent();
                if (url.contains("protocols=AMQP")) {
                    amqp = resolve(url, env);
                }
            }
            assertThat(amqp).as("%s has an AMQP acceptor", broker).isNotNull();
            String port = amqp.replaceAll("^tcp://[^:]+:(\\d+)\\?.*$", "$1");
            assertThat((List<Object>) services.get(broker).get("ports")).as("%s publishes its AMQP port", broker)
                    .anyMatch(p -> p.toString().endsWith(":" + port));
            List<String> classes = new ArrayList<>();
            for (String tag : List.of("security-setting-plugin", "broker-plugin")) {
                NodeList plugins = doc.getElementsByTagNameNS("*", tag);
                for (int i = 0; i < plugins.getLength(); i++) {
                    classes.add(((Element) plugins.item(i)).getAttribute("class-name"));
                }
            }
            assertThat(classes).containsExactlyInAnyOrder(
                    no.knutepunkt.broker.MemberSecuritySettings.class.getName(),
                    no.knutepunkt.broker.Settlements.class.getName());
        }
        // the build makes the folder: the plugins and what they need (the hubs' PasswordHash, bcrypt)
        String pom = Files.readString(ROOT.resolve("broker-plugins/pom.xml"));
        assertThat(pom).contains("${project.build.directory}/broker-lib").contains("copy-dependencies");
        Path lib = ROOT.resolve(BROKER_LIB);
        if (Files.isDirectory(lib)) {
            try (Stream<Path> jars = Files.list(lib)) {
                assertThat(jars.map(j -> j.getFileName().toString()).toList())
                        .anyMatch(j -> j.startsWith("knutepunkt-broker-plugins"))
                        .anyMatch(j -> j.startsWith("knutepunkt-platform"))
                        .anyMatch(j -> j.startsWith("spring-security-crypto"))
                        .noneMatch(j -> j.startsWith("artemis-"));
            }
        }
    }

    /** Artemis' {@code ${NAME}} and {@code ${NAME:default}} in broker.xml, from the container's environment. */
    private static String resolve(String value, Map<String, Object> environment) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9_.]+)(?::([^}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object set = environment.get(m.group(1));
            String replacement = set != null ? set.toString() : m.group(2);
            assertThat(replacement).as("%s is set in the compose file or has a default", m.group(1)).isNotNull();
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private record Mount(String source, String target) {
    }

    @SuppressWarnings("unchecked")
    private static List<Mount> mounts(Map<String, Object> service) {
        List<Mount> mounts = new ArrayList<>();
        for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
            String[] parts = volume.toString().split(":");
            mounts.add(new Mount(parts[0], parts[1]));
        }
        return mounts;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environment(String service) {
        return (Map<String, Object>) services.get(service).getOrDefault("environment", Map.of());
    }
}
