package no.knutepunkt.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/** Writes RESULTS.md from the JSON and text the parts of a run left in RUN/results. */
public final class Report {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final StringBuilder md = new StringBuilder();

    private Report() {
    }

    public static void write(Path runDir, Path out, long startedEpoch, String command) throws IOException {
        Path results = runDir.resolve("results");
        Report r = new Report();
        r.build(results, startedEpoch, command);
        Files.writeString(out, r.md.toString());
        System.out.println("wrote " + out);
    }

    private static JsonNode read(Path file) {
        try {
            return Files.exists(file) ? JSON.readTree(file.toFile()) : MissingNode.getInstance();
        } catch (JacksonException e) {
            return MissingNode.getInstance();
        }
    }

    private static String text(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    // ------------------------------------------------------------------ Artemis

    /** Throughput from `artemis perf client --json`: received messages over the non-warm-up intervals. */
    record ArtemisPerf(double receivedPerSec, double sentPerSec, double peakReceivedPerSec, long totalReceived,
                       double seconds, JsonNode summary) {
    }

    static ArtemisPerf artemisPerf(JsonNode perf) {
        if (!perf.isArray() || perf.isEmpty()) {
            return null;
        }
        long prevTime = -1;
        long firstTime = -1;
        long lastTime = -1;
        long received = 0;
        long sent = 0;
        double peak = 0;
        JsonNode summary = MissingNode.getInstance();
        for (JsonNode n : perf) {
            if ("summary".equals(n.path("sampleType").asString())) {
                summary = n;
                continue;
            }
            long time = n.path("time").asLong();
            if (!n.path("warmup").asBoolean(false) && prevTime > 0) {
                if (firstTime < 0) {
                    firstTime = prevTime;
                }
                received += n.path("received").asLong();
                sent += n.path("sent").asLong();
                lastTime = time;
                peak = Math.max(peak, n.path("received").asLong() * 1000.0 / Math.max(1, time - prevTime));
            }
            prevTime = time;
        }
        if (firstTime < 0 || lastTime <= firstTime) {
            return null;
        }
        double seconds = (lastTime - firstTime) / 1000.0;
        return new ArtemisPerf(received / seconds, sent / seconds, peak, received, seconds, summary);
    }

    private static String xml(String brokerXml, String element) {
        Matcher m = Pattern.compile("^\\s*<" + element + ">([^<]*)</" + element + ">", Pattern.MULTILINE)
                .matcher(brokerXml);
        return m.find() ? m.group(1).trim() : "(not in broker.xml: the default)";
    }

    // ------------------------------------------------------------------ build

    private void build(Path results, long startedEpoch, String command) {
        JsonNode machine = read(results.resolve("machine.json"));
        JsonNode crypto = read(results.resolve("crypto.json"));
        JsonNode hub = read(results.resolve("hub.json"));
        JsonNode perfJson = read(results.resolve("artemis-perf.json"));
        ArtemisPerf artemis = artemisPerf(perfJson);
        String brokerXml = text(results.resolve("artemis-broker.xml"));
        String create = text(results.resolve("artemis-create.txt"));
        String artemisCmd = text(results.resolve("artemis-commands.txt"));
        String artemisError = text(results.resolve("artemis-error.txt"));
        long now = Instant.now().getEpochSecond();
        long runtime = now - startedEpoch;

        h1("Knutepunkt benchmark results");
        p("Run " + DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.ofEpochSecond(startedEpoch)
                .atOffset(ZoneOffset.UTC)) + " UTC with `" + command + "`"
                + (hub.path("quick").asBoolean(false) ? " (**quick smoke run**: short steps, small payloads; not for comparison)" : "")
                + "; total runtime " + (runtime / 60) + " min " + (runtime % 60) + " s.");
        if (!hub.isMissingNode()) {
            p("Hub: `" + hub.path("jar").asString() + "` (" + hub.path("jarBytes").asLong() + " bytes, sha256 "
                    + hub.path("jarSha256").asString().substring(0, Math.min(16, hub.path("jarSha256").asString().length()))
                    + "…). Everything below ran on this machine in the same run, one part after the other;"
                    + " the load generator and receiver share the 2 cores with the hub. How to read each figure:"
                    + " `bench/README.md`.");
        }

        h2("Machine");
        table(List.of("nproc", "CPU", "RAM", "OS", "java -version", "openssl"), List.of(List.of(
                machine.path("nproc").asString(), machine.path("cpuModel").asString(),
                machine.path("ramGiB").asString() + " GiB", machine.path("os").asString(),
                machine.path("javaVersion").asString().replace("\n", "<br>"), machine.path("openssl").asString())));

        double background = machine.path("backgroundCoresAtStart").asDouble(0);
        if (background > 0.25) {
            p("**Warning: the machine was not idle.** Other processes used " + num(background) + " cores just before the"
                    + " run (load average " + machine.path("loadavgAtStart").asString() + "); the `other` cores column of each"
                    + " step shows how much they took during it. Figures from such a run understate the hub and the raw parts.");
        } else {
            p("Machine idle before the run: other processes used " + num(background) + " cores (load average "
                    + machine.path("loadavgAtStart").asString() + ").");
        }

        // ---- summary
        double artemisRate = artemis == null ? Double.NaN : artemis.receivedPerSec();
        JsonNode ve = op(crypto, "verifyEncrypt");
        double bc1 = ve.path("threads1PerSecond").asDouble(Double.NaN);
        double bc2 = ve.path("threads2PerSecond").asDouble(Double.NaN);
        double sat = hub.path("a").path("saturationDeliveredPerSec").asDouble(Double.NaN);
        h2("Summary");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("Raw Artemis 2.40.0, persistent 2 KB, `artemis perf client` (msg/s received)", num(artemisRate)));
        rows.add(List.of("Raw Bouncy Castle, verify + encrypt per 2 KB message (msg/s, 1 thread / 2 threads)",
                num(bc1) + " / " + num(bc2)));
        rows.add(List.of("Hub, signed 2 KB pushed end to end: highest sustained delivered msg/s of the steps (a)", num(sat)));
        rows.add(List.of("**Hub ÷ raw Artemis**", pct(sat / artemisRate)));
        rows.add(List.of("**Hub ÷ raw BC verify+encrypt (2 threads)**", pct(sat / bc2)));
        JsonNode b = hub.path("b");
        if (!b.isMissingNode()) {
            rows.add(List.of("Latency send → push at " + num(b.path("offered").asDouble()) + " msg/s (half of saturation), p50 / p95 / p99 / max ms (b)",
                    lat(b.path("latencyMs"))));
        }
        JsonNode c = hub.path("c");
        if (!c.isMissingNode()) {
            rows.add(List.of("Inbox download + ack per second, " + c.path("downloadWorkers").asInt() + " clients (c)",
                    num(c.path("downloadAckPerSec").asDouble())));
        }
        JsonNode d = hub.path("d");
        if (!d.isMissingNode()) {
            rows.add(List.of("Distribution of " + kb(d.path("documentBytes").asLong()) + " to " + d.path("members").asInt()
                    + " members: seconds until all delivered or in inbox; data dir growth (d)",
                    d.has("allDeliveredOrInInboxSeconds") ? num(d.path("allDeliveredOrInInboxSeconds").asDouble()) + " s"
                            + (d.path("complete").asBoolean() ? "" : " (INCOMPLETE: " + (d.path("pushed").asLong()
                            + d.path("inInbox").asLong()) + " of " + d.path("members").asInt() + ")")
                            + "; " + mb(d.path("dataDirGrowthBytes").asLong())
                            : "failed: " + d.path("createStatus").asString() + " " + d.path("error").asString()));
        }
        JsonNode e = hub.path("e");
        if (!e.isMissingNode()) {
            rows.add(List.of(kb(e.path("payloadBytes").asLong()) + " payload through the hub on -Xmx256m (e)", bigSummary(e)));
        }
        JsonNode f = hub.path("f");
        if (!f.isMissingNode()) {
            rows.add(List.of("Others' throughput with one member answering in 1 s ÷ without (f)",
                    num(f.path("withSlow").path("fastDeliveredPerSec").asDouble()) + " / "
                            + num(f.path("withoutSlow").path("fastDeliveredPerSec").asDouble()) + " msg/s = "
                            + pct(f.path("ratio").asDouble())));
        }
        JsonNode disk = hub.path("disk");
        if (!disk.isMissingNode()) {
            rows.add(List.of("Disk per delivered 2 KB message (data dir growth ÷ messages delivered), over the warm-up, (a) and (b)",
                    num(disk.path("bytesPerDeliveredMessage").asDouble()) + " bytes"));
            JsonNode steady = disk.path("steady");
            if (!steady.isMissingNode()) {
                rows.add(List.of("Disk per delivered 2 KB message in steady state (growth over " + num(steady.path("measureSeconds").asDouble())
                                + " s at " + num(steady.path("rate").asDouble()) + " msg/s, after " + num(steady.path("settleSeconds").asDouble()) + " s to settle)",
                        num(steady.path("bytesPerDeliveredMessage").asDouble()) + " bytes"));
            }
        }
        JsonNode prof = hub.path("profile");
        if (!prof.isMissingNode()) {
            double jit = Machine.compilerCores(hub.path("a").path("profiledStepCpu").path("hubThreads"));
            rows.add(List.of("Where the hub's CPU goes at saturation (JFR samples by library, top 5)", topLibraries(prof, 5)
                    + " (hub " + num(hub.path("a").path("profiledStepCpu").path("hubCores").asDouble())
                    + " cores, of which JIT compiler threads " + num(jit) + ")"));
        }
        table(List.of("figure", "value"), rows);

        // ---- Artemis
        h2("1. Raw Artemis");
        if (!artemisError.isBlank()) {
            p("**Failed:** " + artemisError.trim());
        }
        p("The broker's own distribution (`org.apache.activemq:apache-artemis:2.40.0:tar.gz:bin` from Maven Central),"
                + " `artemis create` on this disk, only the core acceptor on 127.0.0.1, then `artemis perf client`"
                + " (producers and consumers in one process, persistent, 2048-byte messages).");
        if (!artemisCmd.isBlank()) {
            code(artemisCmd.trim());
        }
        Matcher tune = Pattern.compile("Your system can make ([0-9.]+) writes per millisecond, your journal-buffer-timeout will be ([0-9]+)")
                .matcher(create);
        table(List.of("journal setting chosen by `artemis create`", "value"), List.of(
                List.of("journal-type", xml(brokerXml, "journal-type")),
                List.of("journal-buffer-timeout (ns)", xml(brokerXml, "journal-buffer-timeout")),
                List.of("auto-tune", tune.find() ? tune.group(1) + " writes/ms measured → timeout " + tune.group(2) + " ns" : "(not found)"),
                List.of("journal-datasync", xml(brokerXml, "journal-datasync")),
                List.of("journal-sync-transactional / -non-transactional", xml(brokerXml, "journal-sync-transactional")
                        + " / " + xml(brokerXml, "journal-sync-non-transactional")),
                List.of("journal-file-size", xml(brokerXml, "journal-file-size")),
                List.of("journal-min-files / journal-pool-files", xml(brokerXml, "journal-min-files") + " / "
                        + xml(brokerXml, "journal-pool-files")),
                List.of("journal-max-io", xml(brokerXml, "journal-max-io")),
                List.of("page-sync-timeout", xml(brokerXml, "page-sync-timeout"))));
        if (artemis != null) {
            JsonNode tt = artemis.summary().path("totalTransferTime");
            table(List.of("perf client", "value"), List.of(
                    List.of("received msg/s (mean over " + num(artemis.seconds()) + " s after warm-up)", num(artemis.receivedPerSec())),
                    List.of("sent msg/s", num(artemis.sentPerSec())),
                    List.of("best 1 s interval, received msg/s", num(artemis.peakReceivedPerSec())),
                    List.of("messages received after warm-up", Long.toString(artemis.totalReceived())),
                    List.of("transfer time p50 / p90 / p99 / max (ms)", ms(tt.path("50")) + " / " + ms(tt.path("90"))
                            + " / " + ms(tt.path("99")) + " / " + ms(tt.path("max"))),
                    List.of("result", artemis.summary().path("result").asString())));
        }

        // ---- BC
        h2("2. Raw Bouncy Castle (the platform's CmsSigner, CmsVerifier, CmsEnvelope)");
        if (crypto.isMissingNode()) {
            p("Not run.");
        } else {
            p("Payload " + crypto.path("payloadBytes").asInt() + " bytes; SignedData " + crypto.path("signedBytes").asInt()
                    + " bytes; EnvelopedData of the SignedData " + crypto.path("envelopedBytes").asInt()
                    + " bytes; RSA-2048 demo keys from DemoPki; " + crypto.path("secondsPerMeasurement").asString()
                    + " s per figure after a warm-up.");
            p("Platform classes from `" + crypto.path("platformJar").asString() + "` (modified "
                    + crypto.path("platformJarModified").asString() + ", sha256 "
                    + crypto.path("platformJarSha256").asString().substring(0, Math.min(16, crypto.path("platformJarSha256").asString().length()))
                    + "…): the figures are those of the platform code at the time of the run, not of the hub jar's copy.");
            List<List<String>> cr = new ArrayList<>();
            for (JsonNode o : crypto.path("operations")) {
                cr.add(List.of("`" + o.path("name").asString() + "`", o.path("what").asString(),
                        num(o.path("threads1PerSecond").asDouble()), num(o.path("threads1MicrosPerOp").asDouble()),
                        num(o.path("threads2PerSecond").asDouble()),
                        num(o.path("threads1OtherCores").asDouble()) + " / " + num(o.path("threads2OtherCores").asDouble())));
            }
            table(List.of("operation", "what", "1 thread /s", "µs per op (1 thread)", "2 threads /s",
                    "other processes' cores (1 / 2 threads)"), cr);
        }

        // ---- hub
        h2("3. The hub");
        if (hub.isMissingNode()) {
            p("Not run.");
            return;
        }
        p("Packaged jar started as its own JVM (default heap, `-XX:+DebugNonSafepoints` for the profile) with a fresh"
                + " data directory (embedded Artemis + H2), " + hub.path("registryMembers").asInt()
                + " members (the 43 of Vestland + synthetic ones), members " + join(hub.path("pushMembers"))
                + " routed to `fiksio` push at the bench's receiver (127.0.0.1:" + hub.path("receiverPort").asInt()
                + "), the rest on the inbox. Started (healthy) in " + num(hub.path("hubStartSeconds").asDouble())
                + " s, demo identities included. Senders: " + hub.path("senders").size() + " members, "
                + hub.path("presignedPayloads").asInt() + " payloads signed before the timed phase in "
                + num(hub.path("presignSeconds").asDouble()) + " s (SignedData " + hub.path("signedBytes").asInt()
                + " bytes), reused with a new klientMeldingId each send. " + warmup(hub.path("warmup")));
        if (hub.has("error")) {
            p("**The hub part stopped with an error:** `" + hub.path("error").asString() + "` (see the run's output and"
                    + " `bench/target/run/hub.log`); what it measured before is below.");
        }
        JsonNode a = hub.path("a");
        if (!a.isMissingNode()) {
            h3("(a) Throughput steps, signed 2 KB, push delivery");
            p("Open loop: each step sends at the offered rate for " + num(a.path("stepSeconds").asDouble())
                    + " s whatever the hub answers; accepted/s = 202 answers inside the step's window ÷ its length;"
                    + " delivered/s = pushes arriving at the receiver inside the window ÷ its length; latency = push arrival"
                    + " − the moment the message was due (its step's messages, after the drain); sustained/s = the step's"
                    + " delivered messages ÷ (last arrival − step start), which is the hub's capacity when it falls behind;"
                    + " cores = CPU seconds ÷ wall seconds of the hub JVM, the bench JVM (load generator + receiver) and every"
                    + " other process on the machine, during the window. Goes up the rates until one saturates (if the"
                    + " first one does, halves it until one does not), then runs one step half-way between the last good"
                    + " and the first saturated rate. Between steps the hub's backlog drains.");
            List<List<String>> st = new ArrayList<>();
            for (JsonNode s : a.path("steps")) {
                st.add(List.of(num(s.path("offered").asDouble()), num(s.path("acceptedPerSec").asDouble()),
                        num(s.path("deliveredPerSec").asDouble()), num(s.path("sustainedPerSec").asDouble()),
                        s.path("status429").asString(),
                        s.path("errors").asString() + (s.path("skippedAtClientCap").asLong() > 0
                                ? " (+" + s.path("skippedAtClientCap").asLong() + " not sent)" : ""),
                        lat(s.path("latencyMs")), num(s.path("intakeMs").path("p50").asDouble()) + " / "
                                + num(s.path("intakeMs").path("p99").asDouble()),
                        num(s.path("drain").path("seconds").asDouble()) + (s.path("drain").path("undelivered").asLong() > 0
                                ? " (" + s.path("drain").path("undelivered").asLong() + " left)" : ""),
                        cores(s.path("cpu")),
                        s.path("saturated").asBoolean() ? "**yes**: " + s.path("saturatedBecause").asString() : "no"));
            }
            table(List.of("offered msg/s", "accepted/s", "delivered/s", "sustained/s", "429", "errors",
                    "latency p50/p95/p99/max ms", "202 answer p50/p99 ms", "drain s", "cores hub/bench/other", "saturated"), st);
            for (JsonNode s : a.path("steps")) {
                if (s.has("firstError")) {
                    p("First error at " + num(s.path("offered").asDouble()) + " msg/s: `" + s.path("firstError").asString() + "`");
                    break;
                }
            }
            p("Saturation (highest sustained delivered/s of the steps): **" + num(sat) + " msg/s**.");
        }
        if (!b.isMissingNode()) {
            h3("(b) Latency at half of saturation");
            table(List.of("offered", "accepted/s", "delivered/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "cores hub/bench/other"),
                    List.of(List.of(num(b.path("offered").asDouble()), num(b.path("acceptedPerSec").asDouble()),
                            num(b.path("deliveredPerSec").asDouble()), num(b.path("latencyMs").path("p50").asDouble()),
                            num(b.path("latencyMs").path("p95").asDouble()), num(b.path("latencyMs").path("p99").asDouble()),
                            num(b.path("latencyMs").path("max").asDouble()), b.path("errors").asString(), cores(b.path("cpu")))));
            p("Measured over " + b.path("latencyMs").path("count").asInt() + " messages (send → push arrival; the 202"
                    + " answer took p50 " + num(b.path("intakeMs").path("p50").asDouble()) + " ms, p99 "
                    + num(b.path("intakeMs").path("p99").asDouble()) + " ms).");
        }
        if (!disk.isMissingNode()) {
            h3("Disk per delivered message");
            p("Data directory after start: " + mb(disk.path("bytesAfterStart").asLong()) + " " + parts(disk.path("partsAfterStart"))
                    + "; after the warm-up, (a) and (b): " + mb(disk.path("bytesAfterLoad").asLong()) + " "
                    + parts(disk.path("partsAfterLoad")) + ", for " + disk.path("deliveredMessages").asLong()
                    + " delivered messages: **" + num(disk.path("bytesPerDeliveredMessage").asDouble())
                    + " bytes per message** (the signed payload is " + hub.path("signedBytes").asInt()
                    + " bytes). Artemis journal files are preallocated (10 MB each), so its share moves in steps.");
            JsonNode steady = disk.path("steady");
            if (!steady.isMissingNode()) {
                p("H2 writes a new chunk of changed pages at each commit and keeps a dead chunk for its retention time"
                        + " before it reuses the space; the hub's housekeeping (every second) syncs the file, sets that time to"
                        + " 3 s instead of H2's 45 s, and rewrites (at most 50 ms a round) the live rows of mostly-dead chunks"
                        + " so that they come free. Growth after a settling period, at a"
                        + " steady rate: "
                        + num(steady.path("rate").asDouble()) + " msg/s for " + num(steady.path("settleSeconds").asDouble())
                        + " s to settle, then " + num(steady.path("measureSeconds").asDouble()) + " s measured: "
                        + mb(steady.path("bytesBefore").asLong()) + " " + parts(steady.path("partsBefore")) + " → "
                        + mb(steady.path("bytesAfter").asLong()) + " " + parts(steady.path("partsAfter")) + " for "
                        + steady.path("deliveredMessages").asLong() + " delivered messages: **"
                        + num(steady.path("bytesPerDeliveredMessage").asDouble()) + " bytes per message** (latency p50/p99 "
                        + num(steady.path("latencyMs").path("p50").asDouble()) + " / "
                        + num(steady.path("latencyMs").path("p99").asDouble()) + " ms).");
            }
        }
        if (!c.isMissingNode()) {
            h3("(c) Inbox: download + acknowledge");
            p(c.path("messages").asInt() + " messages sent at " + num(c.path("sendRate").asDouble()) + " msg/s to "
                    + c.path("inboxMembers").asInt() + " inbox members (" + c.path("accepted").asInt() + " accepted);"
                    + " all listed in their inboxes " + num(c.path("allInInboxSeconds").asDouble()) + " s after the first send"
                    + (c.path("notListedInInbox").asLong() > 0 ? " (" + c.path("notListedInInbox").asLong() + " never listed)" : "")
                    + ". Then " + c.path("downloadWorkers").asInt() + " clients, each GET /api/v1/inbox/{id} then DELETE:");
            table(List.of("downloaded + acked", "seconds", "per second", "download p50/p95/p99/max ms", "ack p50/p95/p99/max ms",
                    "bytes per download", "failed", "cores hub/bench/other"), List.of(List.of(
                    c.path("downloadedAndAcked").asString(), num(c.path("downloadSeconds").asDouble()),
                    "**" + num(c.path("downloadAckPerSec").asDouble()) + "**", lat(c.path("downloadMs")), lat(c.path("ackMs")),
                    c.path("downloadedBytesPerMessage").asString(), c.path("failed").asString()
                            + (c.path("firstFailure").isEmpty() ? "" : " " + c.path("firstFailure").toString()),
                    cores(c.path("cpu")))));
        }
        if (!d.isMissingNode()) {
            h3("(d) Distribution to every member");
            if (d.has("allDeliveredOrInInboxSeconds")) {
                table(List.of("figure", "value"), List.of(
                        List.of("document", kb(d.path("documentBytes").asLong()) + " (type no.knutepunkt.v1.fil, maal alle)"),
                        List.of("recipients (push / inbox)", d.path("members").asInt() + " (" + d.path("pushMembers").asInt()
                                + " / " + (d.path("members").asInt() - d.path("pushMembers").asInt()) + ")"),
                        List.of("POST /distributions answered", d.path("createStatus").asString() + " after "
                                + num(d.path("createSeconds").asDouble()) + " s"),
                        List.of("all messages made (no PENDING; polled every 0.5 s)", num(d.path("allMessagesMadeSeconds").asDouble()) + " s"),
                        List.of("**all delivered (push) or listed in the inbox**", num(d.path("allDeliveredOrInInboxSeconds").asDouble())
                                + " s" + (d.path("complete").asBoolean() ? "" : " — INCOMPLETE: pushed " + d.path("pushed").asLong()
                                + ", in inbox " + d.path("inInbox").asLong())),
                        List.of("recipients per second / payload MB/s", num(d.path("recipientsPerSec").asDouble()) + " / "
                                + num(d.path("payloadMBPerSec").asDouble())),
                        List.of("final counts", d.path("finalCounts").toString()),
                        List.of("data dir growth", mb(d.path("dataDirGrowthBytes").asLong()) + " (" + num(d.path("growthPerRecipientBytes").asDouble() / 1024)
                                + " KB per recipient); after: " + parts(d.path("dataDirParts")))));
                p("Inbox arrival is seen by polling each inbox member's GET /api/v1/inbox (2 pollers, round robin), so"
                        + " its time is an upper bound by up to one polling round. Before the distribution is posted the"
                        + " pollers sign in once as each inbox member (untimed, " + num(d.path("signInSeconds").asDouble())
                        + " s): a member's first sign-in checks its bcrypt hash (70–140 ms here), which the hub then"
                        + " remembers for 5 minutes, so the rounds time the distribution and not the hash checks.");
            } else {
                p("**Failed:** POST /api/v1/distributions answered " + d.path("createStatus").asString() + ": `"
                        + d.path("error").asString() + "`");
            }
        }
        if (!e.isMissingNode()) {
            h3("(e) " + kb(e.path("payloadBytes").asLong()) + " through the hub on -Xmx256m");
            List<List<String>> er = new ArrayList<>();
            er.add(List.of("signed with", e.path("signedWith").asString("-")));
            er.add(List.of("signing", num(e.path("signSeconds").asDouble()) + " s (" + num(e.path("signMBPerSec").asDouble()) + " MB/s), SignedData "
                    + mb(e.path("signedBytes").asLong())));
            er.add(List.of("upload (POST /api/v1/messages, streamed from the file)",
                    (e.has("status") ? "HTTP " + e.path("status").asInt() : "no answer: " + e.path("sendException").asString())
                            + " after " + num(e.path("uploadSeconds").asDouble()) + " s"
                            + (e.has("uploadMBPerSec") ? " (" + num(e.path("uploadMBPerSec").asDouble()) + " MB/s)" : "")));
            if (e.has("responseBody")) {
                er.add(List.of("answer body", "`" + e.path("responseBody").asString() + "`"));
            }
            er.add(List.of("delivered (pushed, streamed to disk at the receiver)", e.path("delivered").asBoolean()
                    ? "yes, " + num(e.path("sendToPushEndSeconds").asDouble()) + " s from upload start ("
                    + num(e.path("endToEndMBPerSec").asDouble()) + " MB/s end to end), " + mb(e.path("receivedBytes").asLong())
                    : "**no**" + (e.has("deliveryError") ? ": " + e.path("deliveryError").asString() : "")));
            if (e.has("decryptSeconds")) {
                er.add(List.of("openssl cms -decrypt / -verify", num(e.path("decryptSeconds").asDouble()) + " s / "
                        + num(e.path("verifySeconds").asDouble()) + " s"
                        + (e.has("opensslError") ? ", error: " + e.path("opensslError").asString() : "")));
                er.add(List.of("**original bytes back**", e.path("digestMatches").asBoolean() ? "yes (SHA-256 equal)" : "**NO**"));
            }
            if (e.has("signedInputValid")) {
                er.add(List.of("the SignedData sent is valid (`openssl cms -verify` of the file, checked after the failure)",
                        e.path("signedInputValid").asBoolean() ? "yes" : "**no**: " + e.path("signedInputProblem").asString()));
            }
            er.add(List.of("hub alive afterwards / OutOfMemoryError in its log", e.path("hubAliveAfter").asString("-") + " / "
                    + e.path("outOfMemoryInLog").asString("-")));
            table(List.of("step", "result"), er);
        }
        if (!f.isMissingNode()) {
            h3("(f) One slow member");
            p("Phase 1: " + num(f.path("rateToFastMembers").asDouble()) + " msg/s to " + (hub.path("pushMembers").size() - 1)
                    + " push members. Phase 2: the same, plus " + num(f.path("rateToSlowMember").asDouble())
                    + " msg/s to " + f.path("slowMember").asString() + ", whose endpoint answers after "
                    + f.path("slowDelayMs").asInt() + " ms. " + num(f.path("seconds").asDouble()) + " s each.");
            List<List<String>> fr = new ArrayList<>();
            for (String phase : List.of("withoutSlow", "withSlow")) {
                JsonNode ph = f.path(phase);
                fr.add(List.of(phase.equals("withSlow") ? "with the slow member" : "without", num(ph.path("fastDeliveredPerSec").asDouble()),
                        lat(ph.path("fastLatencyMs")), num(ph.path("slowDeliveredPerSec").asDouble()),
                        cores(ph.path("cpu"))));
            }
            table(List.of("phase", "others delivered/s", "others' latency p50/p95/p99/max ms", "slow member delivered/s",
                    "cores hub/bench/other"), fr);
            p("Ratio (others with ÷ without): **" + pct(f.path("ratio").asDouble()) + "**. The slow member's backlog"
                    + " drained " + num(f.path("slowBacklogDrainSeconds").asDouble()) + " s after its endpoint was made fast again.");
        }
        if (!prof.isMissingNode()) {
            h3("Profile: where the hub's CPU goes at saturation");
            p("JFR (`settings=profile`, recording since the hub started, dumped with `jcmd`) over the " + num(a.path("profiledStep").asDouble())
                    + " msg/s step window (" + prof.path("from").asString() + " – " + prof.path("to").asString() + "): "
                    + prof.path("executionSamples").asInt() + " execution samples; hub JVM "
                    + pct(prof.path("cpuJvmOfMachine").asDouble()) + " of the machine, machine total "
                    + pct(prof.path("cpuMachineTotal").asDouble()) + "; " + prof.path("gcCount").asInt() + " GCs, "
                    + num(prof.path("gcPauseMs").asDouble()) + " ms of pauses. The recording: `bench/target/run/hub-profile.jfr`"
                    + " (`jfr print --events jdk.ExecutionSample`, `jfr summary`, or JDK Mission Control).");
            JsonNode threadCpu = a.path("profiledStepCpu").path("hubThreads");
            if (threadCpu.size() > 0) {
                p("**Hub CPU by thread** over the same window (from /proc, so JIT compiler and GC threads show too;"
                        + " hub total " + num(a.path("profiledStepCpu").path("hubCores").asDouble()) + " cores, other processes "
                        + num(a.path("profiledStepCpu").path("otherCores").asDouble()) + " cores):");
                List<List<String>> tr = new ArrayList<>();
                for (JsonNode t : threadCpu) {
                    tr.add(List.of("`" + t.path("name").asString() + "`", num(t.path("cores").asDouble())));
                }
                table(List.of("thread (15-char OS name, digits as #)", "cores"), tr);
                double jit = Machine.compilerCores(threadCpu);
                double hubCores = a.path("profiledStepCpu").path("hubCores").asDouble();
                if (hubCores > 0 && jit / hubCores > 0.15) {
                    p("The JIT compiler threads took " + num(jit) + " of the hub's " + num(hubCores) + " cores ("
                            + pct(jit / hubCores) + "): the hub was still being compiled during the step, after the"
                            + " warm-up of " + hub.path("warmup").path("accepted").asInt() + " messages. The execution"
                            + " samples below cover the Java threads only.");
                }
            }
            p("**By library** (each sample charged to the first non-JDK frame from the top of its stack, so JDK"
                    + " collections/IO/locks count for the library that called them):");
            table(List.of("library", "samples", "%"), rowsOf(prof.path("byLibrary")));
            p("**Inclusive** (share of samples with the component anywhere on the stack):");
            table(List.of("component", "samples", "%"), rowsOf(prof.path("inclusiveByComponent")));
            p("**Hub methods, inclusive** (share of samples under each no.knutepunkt method):");
            table(List.of("method", "samples", "%"), rowsOf(prof.path("hubMethodsInclusive")));
            p("**Top methods, self** (the frame on top of the stack):");
            table(List.of("method", "samples", "%"), rowsOf(prof.path("topSelfMethods")));
            p("**Threads**:");
            table(List.of("thread (digits as #)", "samples", "%"), rowsOf(prof.path("threads")));
            p("**Allocation** (jdk.ObjectAllocationSample weight, " + mb(prof.path("allocationSampledBytes").asLong())
                    + " sampled) by library:");
            table(List.of("library", "bytes", "%"), rowsOfLong(prof.path("allocationByLibrary")));
        }
        h2("Ratios");
        table(List.of("ratio", "value"), List.of(
                List.of("hub msg/s ÷ raw Artemis msg/s", num(sat) + " ÷ " + num(artemisRate) + " = **" + pct(sat / artemisRate) + "**"),
                List.of("hub msg/s ÷ raw BC verify+encrypt msg/s (2 threads)", num(sat) + " ÷ " + num(bc2) + " = **" + pct(sat / bc2) + "**"),
                List.of("hub msg/s ÷ raw BC verify+encrypt msg/s (1 thread)", num(sat) + " ÷ " + num(bc1) + " = " + pct(sat / bc1))));
        h2("Durations of the parts");
        List<List<String>> dur = new ArrayList<>();
        String artemisSeconds = text(results.resolve("artemis-seconds.txt")).trim();
        dur.add(List.of("raw Artemis (create, start, perf, stop)", artemisSeconds.isEmpty() ? "not run" : artemisSeconds + " s"));
        dur.add(List.of("raw Bouncy Castle", crypto.has("seconds") ? num(crypto.path("seconds").asDouble()) + " s" : "not run"));
        dur.add(List.of("hub scenarios (starts, (a)–(f), profile summary)",
                hub.has("seconds") ? num(hub.path("seconds").asDouble()) + " s" : "not run"));
        dur.add(List.of("whole run, build included", runtime + " s"));
        table(List.of("part", "wall time"), dur);
    }

    // ------------------------------------------------------------------ helpers

    private static String cores(JsonNode cpu) {
        return num(cpu.path("hubCores").asDouble()) + " / " + num(cpu.path("benchCores").asDouble()) + " / "
                + num(cpu.path("otherCores").asDouble());
    }

    private static JsonNode op(JsonNode crypto, String name) {
        for (JsonNode o : crypto.path("operations")) {
            if (name.equals(o.path("name").asString())) {
                return o;
            }
        }
        return MissingNode.getInstance();
    }

    private static String bigSummary(JsonNode e) {
        if (e.path("delivered").asBoolean(false)) {
            return "delivered in " + num(e.path("sendToPushEndSeconds").asDouble()) + " s (" + num(e.path("endToEndMBPerSec").asDouble())
                    + " MB/s), upload " + num(e.path("uploadSeconds").asDouble()) + " s; original bytes back: "
                    + (e.path("digestMatches").asBoolean() ? "yes" : "**NO**");
        }
        return "**failed**: " + (e.has("status") ? "HTTP " + e.path("status").asInt() + " `" + e.path("responseBody").asString()
                 + "`" : e.path("sendException").asString("no answer"))
                + " after " + num(e.path("uploadSeconds").asDouble()) + " s"
                + (e.path("outOfMemoryInLog").asBoolean() ? "; OutOfMemoryError in the hub's log" : "")
                + (e.path("hubAliveAfter").asBoolean(true) ? "" : "; the hub died");
    }

    private static String topLibraries(JsonNode prof, int n) {
        List<String> parts = new ArrayList<>();
        for (JsonNode r : prof.path("byLibrary")) {
            if (parts.size() >= n) {
                break;
            }
            parts.add(r.path("name").asString() + " " + num(r.path("pct").asDouble()) + " %");
        }
        return String.join(", ", parts);
    }

    private static List<List<String>> rowsOf(JsonNode rows) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            out.add(List.of("`" + r.path("name").asString() + "`", r.path("samples").asString(), num(r.path("pct").asDouble())));
        }
        return out;
    }

    private static List<List<String>> rowsOfLong(JsonNode rows) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode r : rows) {
            out.add(List.of("`" + r.path("name").asString() + "`", mb(r.path("bytes").asLong()), num(r.path("pct").asDouble())));
        }
        return out;
    }

    private static String parts(JsonNode parts) {
        List<String> p = new ArrayList<>();
        parts.properties().forEach(e -> p.add(e.getKey() + " " + mb(e.getValue().asLong())));
        return "(" + String.join(", ", p) + ")";
    }

    private static String join(JsonNode array) {
        List<String> p = new ArrayList<>();
        array.forEach(n -> p.add(n.asString()));
        return String.join(", ", p);
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    static String pct(double ratio) {
        if (Double.isNaN(ratio) || Double.isInfinite(ratio)) {
            return "n/a";
        }
        return num(ratio * 100) + " %";
    }

    private static String ms(JsonNode micros) {
        return micros.isMissingNode() ? "n/a" : num(micros.asDouble() / 1000);
    }

    private static String lat(JsonNode l) {
        if (l.path("count").asInt(0) == 0) {
            return "n/a";
        }
        return num(l.path("p50").asDouble()) + " / " + num(l.path("p95").asDouble()) + " / " + num(l.path("p99").asDouble())
                + " / " + num(l.path("max").asDouble());
    }

    private static String mb(long bytes) {
        return num(bytes / 1e6) + " MB";
    }

    private static String kb(long bytes) {
        if (bytes >= 1L << 30) {
            return num(bytes / (double) (1L << 30)) + " GiB";
        }
        return bytes >= 1024 * 1024 ? num(bytes / 1048576.0) + " MiB" : num(bytes / 1024.0) + " KiB";
    }

    private void h1(String s) {
        md.append("# ").append(s).append("\n\n");
    }

    private void h2(String s) {
        md.append("## ").append(s).append("\n\n");
    }

    private void h3(String s) {
        md.append("### ").append(s).append("\n\n");
    }

    private void p(String s) {
        md.append(s).append("\n\n");
    }

    private void code(String s) {
        md.append("```\n").append(s).append("\n```\n\n");
    }

    private void table(List<String> headers, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        headers.forEach(h -> md.append(" --- |"));
        md.append("\n");
        for (List<String> r : rows) {
            md.append("| ").append(String.join(" | ", r.stream().map(c -> c.replace("\n", " ").replace("|", "\\|")).toList())).append(" |\n");
        }
        md.append("\n");
    }

    /** The warm-up paragraph: its rounds and what the JIT compiler used in each. */
    static String warmup(JsonNode w) {
        StringBuilder rounds = new StringBuilder();
        for (JsonNode r : w.path("rounds")) {
            rounds.append(rounds.isEmpty() ? "" : ", ").append(r.path("accepted").asInt()).append(" msgs / JIT ")
                    .append(num(r.path("jitCores").asDouble()));
        }
        return "Warm-up (closed loop, " + w.path("concurrency").asInt() + " requests outstanding, rounds of "
                + num(w.path("roundSeconds").asDouble()) + " s each followed by its drain, until a round in which the"
                + " JIT compiler threads used under " + num(w.path("jitQuietCores").asDouble()) + " cores): "
                + w.path("accepted").asInt() + " messages in " + num(w.path("seconds").asDouble()) + " s, "
                + w.path("rounds").size() + " rounds (" + rounds + " cores); "
                + (w.path("jitQuiet").asBoolean() ? "the compiler was quiet at the end."
                        : "**the compiler was still busy when the warm-up's time ran out.**");
    }
}
