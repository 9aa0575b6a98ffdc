package no.knutepunkt.hub.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything under {@code knutepunkt.*}; defaults are the embedded demo setup. */
@ConfigurationProperties("knutepunkt")
public class KnutepunktProperties {
    /** Where the embedded broker, the embedded database and the demo identities live. */
    private Path dataDir = Path.of("data");
    private final Members members = new Members();
    private final Identities identities = new Identities();
    private final Intake intake = new Intake();
    private final Inbox inbox = new Inbox();
    private final Fiksio fiksio = new Fiksio();
    private final Outbox outbox = new Outbox();
    private final Redelivery redelivery = new Redelivery();
    /** Per member orgnr: which connector delivers to it, and its endpoint for push connectors. */
    private Map<String, MemberRoute> routing = new LinkedHashMap<>();

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    public Members getMembers() {
        return members;
    }

    public Identities getIdentities() {
        return identities;
    }

    public Intake getIntake() {
        return intake;
    }

    public Inbox getInbox() {
        return inbox;
    }

    public Fiksio getFiksio() {
        return fiksio;
    }

    public Outbox getOutbox() {
        return outbox;
    }

    public Redelivery getRedelivery() {
        return redelivery;
    }

    public Map<String, MemberRoute> getRouting() {
        return routing;
    }

    public void setRouting(Map<String, MemberRoute> routing) {
        this.routing = routing;
    }

    public static class Members {
        /** The registry CSV: a Spring resource location ({@code classpath:...} or {@code file:...}). */
        private String file = "classpath:members/vestland.csv";
        /** The regions a member may belong to. */
        private Set<String> regions = new LinkedHashSet<>(List.of("Bergen", "Bergensregionen", "Nordhordland",
                "Sunnhordland", "Hardanger/Voss", "Sogn/Sunnfjord", "Nordfjord"));

        public String getFile() {
            return file;
        }

        public void setFile(String file) {
            this.file = file;
        }

        public Set<String> getRegions() {
            return regions;
        }

        public void setRegions(Set<String> regions) {
            this.regions = regions;
        }
    }

    public static class Identities {
        /** The identity directory; empty means {@code DATA/demo}. */
        private Path dir;
        /** Make missing demo identities (CA, hub, members, staff) on start. Off in production. */
        private boolean generateDemo = true;

        public Path getDir() {
            return dir;
        }

        public void setDir(Path dir) {
            this.dir = dir;
        }

        public boolean isGenerateDemo() {
            return generateDemo;
        }

        public void setGenerateDemo(boolean generateDemo) {
            this.generateDemo = generateDemo;
        }
    }

    public static class Intake {
        /** The largest signed payload accepted, in bytes. */
        private long maxPayloadBytes = 10L * 1024 * 1024;
        /** The largest metadata part accepted, in bytes. */
        private int maxMetadataBytes = 64 * 1024;
        /** The most recipients one message may have. */
        private int maxRecipients = 1000;
        /** Time to live of a message whose metadata gives none. */
        private Duration defaultTtl = Duration.ofDays(2);

        public long getMaxPayloadBytes() {
            return maxPayloadBytes;
        }

        public void setMaxPayloadBytes(long maxPayloadBytes) {
            this.maxPayloadBytes = maxPayloadBytes;
        }

        public int getMaxMetadataBytes() {
            return maxMetadataBytes;
        }

        public void setMaxMetadataBytes(int maxMetadataBytes) {
            this.maxMetadataBytes = maxMetadataBytes;
        }

        public int getMaxRecipients() {
            return maxRecipients;
        }

        public void setMaxRecipients(int maxRecipients) {
            this.maxRecipients = maxRecipients;
        }

        public Duration getDefaultTtl() {
            return defaultTtl;
        }

        public void setDefaultTtl(Duration defaultTtl) {
            this.defaultTtl = defaultTtl;
        }
    }

    public static class Inbox {
        /** How long a download locks a message before it shows in the inbox again. */
        private Duration lockDuration = Duration.ofMinutes(5);

        public Duration getLockDuration() {
            return lockDuration;
        }

        public void setLockDuration(Duration lockDuration) {
            this.lockDuration = lockDuration;
        }
    }

    public static class Fiksio {
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(30);

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }
    }

    public static class Outbox {
        /** How often the sweeper looks for accepted deliveries that never reached the broker. */
        private Duration sweepInterval = Duration.ofSeconds(30);
        /** How old such a delivery must be before it is enqueued again. */
        private Duration staleAfter = Duration.ofMinutes(1);

        public Duration getSweepInterval() {
            return sweepInterval;
        }

        public void setSweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
        }

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }
    }

    /** How deliveries reach one member. */
    public static class MemberRoute {
        private String connector = "inbox";
        private URI endpoint;

        public String getConnector() {
            return connector;
        }

        public void setConnector(String connector) {
            this.connector = connector;
        }

        public URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(URI endpoint) {
            this.endpoint = endpoint;
        }
    }

    /**
     * How the embedded broker retries a delivery that failed transiently (eFormidling's
     * 20 s, ×3, capped at 1 h), and after how many attempts it gives up to the dead-letter queue.
     * An external broker takes the same values from its own broker.xml.
     */
    public static class Redelivery {
        private Duration initialDelay = Duration.ofSeconds(20);
        private double multiplier = 3.0;
        private Duration maxDelay = Duration.ofHours(1);
        private int maxAttempts = 8;

        public Duration getInitialDelay() {
            return initialDelay;
        }

        public void setInitialDelay(Duration initialDelay) {
            this.initialDelay = initialDelay;
        }

        public double getMultiplier() {
            return multiplier;
        }

        public void setMultiplier(double multiplier) {
            this.multiplier = multiplier;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }
}
