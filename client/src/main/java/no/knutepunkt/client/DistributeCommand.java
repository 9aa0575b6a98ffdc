package no.knutepunkt.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/**
 * distribute: registers a distribution of a document (secretariat) and follows it until the hub has made every
 * recipient's message. The hub's view of a distribution counts a message waiting in its recipient's inbox as
 * QUEUED, like one still on its way to a connector, so "done" here is what the API can tell: no recipient is
 * PENDING (its message not made yet) any more.
 */
@Command(name = "distribute", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Distribute FILE to members (secretariat): the hub signs it once and sends one message per"
                + " recipient, from the hub's orgnr, with klientKorrelasjonsId = the key.",
                "Then it follows the distribution every second until the hub has made every recipient's message,"
                        + " with a progress bar (a line rewritten in place on a terminal, a line per change"
                        + " otherwise), and ends with a line 'done: ...'.",
                "The bar counts messages made against recipients, and says how many are delivered (DELIVERED,"
                        + " ACKNOWLEDGED), ended (FAILED, EXPIRED, CANCELLED, REJECTED) and queued: the hub's answer"
                        + " counts a message waiting in its recipient's inbox as QUEUED, like one still on its way,"
                        + " so the two cannot be told apart and are not waited for.",
                "A key the hub knows already answers with that distribution: nothing new is sent.",
                "With --no-wait it prints the distribution's id and returns."},
        footer = {"", "Exit codes: 0 done (or registered, with --no-wait); 1 refused by the hub, hub not reachable,"
                + " or the distribution was cancelled while it was followed; 2 usage."})
final class DistributeCommand implements Callable<Integer> {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final String PENDING = "PENDING";
    static final List<String> DELIVERED = List.of("DELIVERED", "ACKNOWLEDGED");
    static final List<String> ENDED = List.of("FAILED", "EXPIRED", "CANCELLED", "REJECTED");

    @Mixin
    private StaffLogin login;

    @Option(names = "--key", paramLabel = "NOEKKEL", required = true,
            description = "the distribution's key (noekkel), chosen by you: the same key again sends nothing new")
    private String key;

    @Option(names = "--type", paramLabel = "MELDINGTYPE", required = true,
            description = "a request type with a payload, e.g. no.ks.fiks.arkiv.v1.arkivering.arkivmelding.opprett")
    private String type;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "To (one of):%n")
    private To to;

    @Option(names = "--filename", paramLabel = "NAME",
            description = "the file name the recipients get (default: FILE's name); a Fiks Arkiv type needs the one"
                    + " its type gives, e.g. arkivmelding.xml")
    private String filename;

    @Option(names = "--ttl", paramLabel = "MS", description = "time to live of each message in milliseconds"
            + " (default: the hub's)")
    private Long ttl;

    @Option(names = "--no-wait", description = "print the distribution's id once the hub has registered it, and return")
    private boolean noWait;

    @Parameters(paramLabel = "FILE", description = "the document to distribute")
    private Path file;

    /** Who the distribution goes to: exactly one. */
    static final class To {
        @Option(names = "--all", required = true, description = "every member")
        private boolean all;

        @Option(names = "--region", paramLabel = "REGION", required = true,
                description = "the members of a region, e.g. Sunnhordland")
        private String region;

        @Option(names = "--it-cooperation", paramLabel = "NAME", required = true,
                description = "the members of an IT cooperation, e.g. 'IKT Nordhordland'")
        private String itCooperation;

        @Option(names = "--to", paramLabel = "ORGNR", required = true, split = ",",
                description = "these members, several separated by commas")
        private List<String> orgnrs;

        HubClient.Target target() {
            return new HubClient.Target(all ? Boolean.TRUE : null, region, itCooperation, orgnrs);
        }
    }

    @Override
    public Integer call() throws Exception {
        PathChecks.readableFile(file, "file");
        HubClient hub = login.hub();
        byte[] document = Files.readAllBytes(file);
        HubClient.Registered registered = hub.distribute(new HubClient.Distribution(key, type,
                filename != null ? filename : file.getFileName().toString(), to.target(), ttl), document);
        JsonNode distribution = registered.distribution();
        String id = distribution.path("id").asString();
        String before = "distribution " + id + " with key " + key + " was registered before, by "
                + distribution.path("createdBy").asString() + " at " + distribution.path("createdAt").asString()
                + ": nothing new was sent";
        if (noWait) {
            if (!registered.created()) {
                login.err().println(before);
            }
            login.out().println(id);
            return 0;
        }
        login.out().println(registered.created()
                ? "distribution " + id + " registered (key " + key + ", to " + distribution.path("maal").asString()
                        + "): " + distribution.path("recipients").asInt() + " recipients"
                : before + "; following it");
        Counts counts = follow(hub, id, distribution);
        if (counts.cancelled()) {
            login.err().println("distribution " + id + " was cancelled: " + counts.made() + " of " + counts.recipients()
                    + " messages made (" + counts.summary() + ")");
            return 1;
        }
        login.out().println("done: " + counts.made() + " of " + counts.recipients() + " messages made; "
                + counts.summary());
        return 0;
    }

    /** Shows the progress, asking the hub every second, until no message is left to make or it is cancelled. */
    private Counts follow(HubClient hub, String id, JsonNode first) throws Exception {
        Shell shell = login.cli().shell();
        ProgressLine progress = new ProgressLine(login.out(), shell);
        try {
            Counts counts = Counts.of(first);
            progress.show(counts.made(), counts.recipients(), counts.line(), counts.shortLine());
            while (!counts.finished()) {
                shell.pause().pause(INTERVAL);
                counts = Counts.of(hub.distribution(id));
                progress.show(counts.made(), counts.recipients(), counts.line(), counts.shortLine());
            }
            return counts;
        } finally {
            progress.end();
        }
    }

    /** A distribution's recipients by their message's status, as the hub counts them. */
    record Counts(String state, int recipients, Map<String, Integer> byStatus) {
        static Counts of(JsonNode distribution) {
            Map<String, Integer> byStatus = new TreeMap<>();
            distribution.path("counts").properties().forEach(e -> byStatus.put(e.getKey(), e.getValue().asInt()));
            return new Counts(distribution.path("state").asString(), distribution.path("recipients").asInt(), byStatus);
        }

        int made() {
            return recipients - count(List.of(PENDING));
        }

        boolean cancelled() {
            return "CANCELLED".equals(state);
        }

        /** Nothing more to wait for: every message is made, or no more will be. */
        boolean finished() {
            return made() >= recipients || cancelled();
        }

        String line() {
            return shortLine() + " (" + summary() + ")";
        }

        /** The line for a narrow terminal. */
        String shortLine() {
            return made() + "/" + recipients + " messages made";
        }

        /** "3 delivered, 1 ended (FAILED 1), 9 queued or in an inbox": the messages made, by what became of them. */
        String summary() {
            int delivered = count(DELIVERED);
            int ended = count(ENDED);
            StringBuilder detail = new StringBuilder();
            for (String status : ENDED) {
                if (byStatus.getOrDefault(status, 0) > 0) {
                    detail.append(detail.isEmpty() ? " (" : ", ").append(status).append(' ')
                            .append(byStatus.get(status));
                }
            }
            return delivered + " delivered, " + ended + " ended" + (detail.isEmpty() ? "" : detail + ")") + ", "
                    + (made() - delivered - ended) + " queued or in an inbox";
        }

        private int count(List<String> statuses) {
            return statuses.stream().mapToInt(s -> byStatus.getOrDefault(s, 0)).sum();
        }
    }
}
