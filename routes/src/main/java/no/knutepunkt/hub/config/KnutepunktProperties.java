package no.knutepunkt.hub.config;

import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    private final Hub hub = new Hub();
    private final Expiry expiry = new Expiry();
    private final Noark5 noark5 = new Noark5();
    private final Svarut svarut = new Svarut();
    private final Distributions distributions = new Distributions();
    private final Peppol peppol = new Peppol();
    private final Invoicing invoicing = new Invoicing();
    /** Per member orgnr: which connector delivers to it, and its endpoint for push connectors. */
    private Map<String, MemberRoute> routing = new LinkedHashMap<>();

    public Path getDataDir() {
        return dataDir;
    }

    public void setDataDir(Path dataDir) {
        this.dataDir = dataDir;
    }

    /** The identity directory: {@code knutepunkt.identities.dir}, or {@code DATA/demo}. */
    public Path identityDir() {
        return identities.getDir() != null ? identities.getDir() : dataDir.resolve("demo");
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

    public Hub getHub() {
        return hub;
    }

    public Expiry getExpiry() {
        return expiry;
    }

    public Noark5 getNoark5() {
        return noark5;
    }

    public Svarut getSvarut() {
        return svarut;
    }

    public Distributions getDistributions() {
        return distributions;
    }

    public Peppol getPeppol() {
        return peppol;
    }

    public Invoicing getInvoicing() {
        return invoicing;
    }

    /** The Peppol access point that transmits the invoices the hub issues; none by default. */
    public static class Peppol {
        /** The access point's API root; unset: no access point, and invoicing runs issue nothing. */
        private URI baseUrl;
        /** The hub's API key at the access point (a bearer token); blank for none. */
        private String apiKey = "";
        private Duration timeout = Duration.ofSeconds(30);

        public URI getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** Whether an access point is configured (an empty value, as from an unset variable, is none). */
        public boolean hasAccessPoint() {
            return baseUrl != null && !baseUrl.toString().isBlank();
        }

        public String getApiKey() {
            return apiKey;
        }

        public void setApiKey(String apiKey) {
            this.apiKey = apiKey;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /**
     * Invoicing of the base funding: who issues the invoices, how they are numbered and paid, and the funding
     * parameters of each year. Amounts are kroner with at most two decimals (exact, turned into øre).
     */
    public static class Invoicing {
        private final Issuer issuer = new Issuer();
        /** Invoice numbers are PREFIX + year + "-" + a four-digit sequence of the year, e.g. DV2021-0001. */
        private String numberPrefix = "DV";
        /** Days from issue to due date. */
        private int paymentDays = 30;
        /** Time to live of an invoice's message: how long the hub keeps trying the access point. */
        private Duration ttl = Duration.ofDays(14);
        /** The buyer's reference on every invoice, followed by the year, unless {@link #buyerReferences} names one. */
        private String buyerReference = "Digi Vestland grunnfinansiering";
        /** Per payer orgnr, the reference its finance department asked for. */
        private Map<String, String> buyerReferences = new LinkedHashMap<>();
        /** The funding parameters per year. */
        private Map<Integer, FundingYear> years = new LinkedHashMap<>();

        public Issuer getIssuer() {
            return issuer;
        }

        public String getNumberPrefix() {
            return numberPrefix;
        }

        public void setNumberPrefix(String numberPrefix) {
            this.numberPrefix = numberPrefix;
        }

        public int getPaymentDays() {
            return paymentDays;
        }

        public void setPaymentDays(int paymentDays) {
            this.paymentDays = paymentDays;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public String getBuyerReference() {
            return buyerReference;
        }

        public void setBuyerReference(String buyerReference) {
            this.buyerReference = buyerReference;
        }

        public Map<String, String> getBuyerReferences() {
            return buyerReferences;
        }

        public void setBuyerReferences(Map<String, String> buyerReferences) {
            this.buyerReferences = buyerReferences;
        }

        public Map<Integer, FundingYear> getYears() {
            return years;
        }

        public void setYears(Map<Integer, FundingYear> years) {
            this.years = years;
        }
    }

    /** The seller on the invoices: the host municipality of the secretariat. */
    public static class Issuer {
        private String orgnr;
        private String name;
        private String street;
        private String postalCode;
        private String city;
        /** The bank account to pay to (11 digits); real runs need it. */
        private String account;

        public String getOrgnr() {
            return orgnr;
        }

        public void setOrgnr(String orgnr) {
            this.orgnr = orgnr;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getStreet() {
            return street;
        }

        public void setStreet(String street) {
            this.street = street;
        }

        public String getPostalCode() {
            return postalCode;
        }

        public void setPostalCode(String postalCode) {
            this.postalCode = postalCode;
        }

        public String getCity() {
            return city;
        }

        public void setCity(String city) {
            this.city = city;
        }

        public String getAccount() {
            return account;
        }

        public void setAccount(String account) {
            this.account = account;
        }
    }

    /** The funding parameters of one year (seed §4). */
    public static class FundingYear {
        /** Fixed amount per member, kroner ("fast grunnbeløp"). */
        private BigDecimal fixedPerMember;
        /** Amount per inhabitant, kroner. */
        private BigDecimal perInhabitant;
        /** Maximum per member, kroner ("maksimumsgrense"). */
        private BigDecimal maxPerMember;
        /** Members that finance themselves outside the key (no invoice), with the percent of the total need each covers. */
        private Map<String, Integer> selfFinancing = new LinkedHashMap<>();
        /** The total need for base funding, kroner; optional, for the budget check. */
        private BigDecimal totalNeed;
        /** IT cooperations that pay one joint invoice for their members. */
        private List<JointPayer> jointPayers = new ArrayList<>();
        /** The hourly rate of resource use from the shared competence centre, kroner; optional. */
        private BigDecimal resourceRate;

        public BigDecimal getFixedPerMember() {
            return fixedPerMember;
        }

        public void setFixedPerMember(BigDecimal fixedPerMember) {
            this.fixedPerMember = fixedPerMember;
        }

        public BigDecimal getPerInhabitant() {
            return perInhabitant;
        }

        public void setPerInhabitant(BigDecimal perInhabitant) {
            this.perInhabitant = perInhabitant;
        }

        public BigDecimal getMaxPerMember() {
            return maxPerMember;
        }

        public void setMaxPerMember(BigDecimal maxPerMember) {
            this.maxPerMember = maxPerMember;
        }

        public Map<String, Integer> getSelfFinancing() {
            return selfFinancing;
        }

        public void setSelfFinancing(Map<String, Integer> selfFinancing) {
            this.selfFinancing = selfFinancing;
        }

        public BigDecimal getTotalNeed() {
            return totalNeed;
        }

        public void setTotalNeed(BigDecimal totalNeed) {
            this.totalNeed = totalNeed;
        }

        public List<JointPayer> getJointPayers() {
            return jointPayers;
        }

        public void setJointPayers(List<JointPayer> jointPayers) {
            this.jointPayers = jointPayers;
        }

        public BigDecimal getResourceRate() {
            return resourceRate;
        }

        public void setResourceRate(BigDecimal resourceRate) {
            this.resourceRate = resourceRate;
        }
    }

    /** An IT cooperation (the registry's it_cooperation) and the member that pays for all its members. */
    public static class JointPayer {
        private String itCooperation;
        private String payer;

        public String getItCooperation() {
            return itCooperation;
        }

        public void setItCooperation(String itCooperation) {
            this.itCooperation = itCooperation;
        }

        public String getPayer() {
            return payer;
        }

        public void setPayer(String payer) {
            this.payer = payer;
        }
    }

    /** How distributions make their messages: a batch of recipients at a time. */
    public static class Distributions {
        private int batchSize = 100;
        private Duration interval = Duration.ofSeconds(1);
        /** How many batches one tick makes at most while there is work (then it waits for the next tick). */
        private int batchesPerTick = 10;

        public int getBatchesPerTick() {
            return batchesPerTick;
        }

        public void setBatchesPerTick(int batchesPerTick) {
            this.batchesPerTick = batchesPerTick;
        }

        public int getBatchSize() {
            return batchSize;
        }

        public void setBatchSize(int batchSize) {
            this.batchSize = batchSize;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
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
        /** The largest signed payload a member system may send, in bytes (streamed, never held in memory). */
        private long maxPayloadBytes = 4L * 1024 * 1024 * 1024;
        /**
         * The largest document the secretariat may upload (distribution, agreement, project document), in bytes;
         * these are read into memory.
         */
        private long maxDocumentBytes = 10L * 1024 * 1024;
        /** Intake answers 429 while more deliveries than this wait for their connectors (0: never). */
        private int maxBacklog = 20_000;
        /** How often intake counts the backlog at most. */
        private Duration backlogCheckInterval = Duration.ofMillis(250);
        /** The Retry-After of a 429. */
        private Duration retryAfter = Duration.ofSeconds(2);
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

        public long getMaxDocumentBytes() {
            return maxDocumentBytes;
        }

        public void setMaxDocumentBytes(long maxDocumentBytes) {
            this.maxDocumentBytes = maxDocumentBytes;
        }

        public int getMaxBacklog() {
            return maxBacklog;
        }

        public void setMaxBacklog(int maxBacklog) {
            this.maxBacklog = maxBacklog;
        }

        public Duration getBacklogCheckInterval() {
            return backlogCheckInterval;
        }

        public void setBacklogCheckInterval(Duration backlogCheckInterval) {
            this.backlogCheckInterval = backlogCheckInterval;
        }

        public Duration getRetryAfter() {
            return retryAfter;
        }

        public void setRetryAfter(Duration retryAfter) {
            this.retryAfter = retryAfter;
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

    /** The hub as a party: the sender of its own notices (serverfeil, tidsavbrudd, archive receipts). */
    public static class Hub {
        /** The organisation number the hub sends as; its certificate names it. Not a member. */
        private String orgnr = "921000006";

        public String getOrgnr() {
            return orgnr;
        }

        public void setOrgnr(String orgnr) {
            this.orgnr = orgnr;
        }
    }

    public static class Expiry {
        /** How often deliveries whose time to live ran out are looked for. */
        private Duration sweepInterval = Duration.ofSeconds(30);

        public Duration getSweepInterval() {
            return sweepInterval;
        }

        public void setSweepInterval(Duration sweepInterval) {
            this.sweepInterval = sweepInterval;
        }
    }

    /** The Noark 5 connector's timeouts; the archive's base URL and arkivdel are per member (routing). */
    public static class Noark5 {
        private Duration timeout = Duration.ofSeconds(30);

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** The national SvarUt service, for members routed to the {@code svarut} connector. */
    public static class Svarut {
        private URI baseUrl = URI.create("https://svarut.ks.no");
        private String username = "";
        private String password = "";
        private Duration timeout = Duration.ofSeconds(60);
        /** Let SvarUt print and post a letter when the recipient does not read it digitally. */
        private boolean printFallback = false;

        public URI getBaseUrl() {
            return baseUrl;
        }

        public void setBaseUrl(URI baseUrl) {
            this.baseUrl = baseUrl;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public boolean isPrintFallback() {
            return printFallback;
        }

        public void setPrintFallback(boolean printFallback) {
            this.printFallback = printFallback;
        }
    }

    /** How deliveries reach one member. */
    public static class MemberRoute {
        private String connector = "inbox";
        private URI endpoint;
        /** For {@code noark5}: the systemID of the arkivdel new saksmapper go to. */
        private String arkivdel;
        /** For {@code noark5}: a bearer token for the archive's API, if it needs one. */
        private String token;

        public String getArkivdel() {
            return arkivdel;
        }

        public void setArkivdel(String arkivdel) {
            this.arkivdel = arkivdel;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

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
