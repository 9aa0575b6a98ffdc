package no.knutepunkt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import no.knutepunkt.platform.crypto.CmsSigner;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub scenarios (a)–(f): the packaged hub started as its own JVM with a fresh data directory,
 * the receiver standing in for the members' Fiks IO endpoints, and the open-loop load generator.
 */
public final class HubBench {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int PAYLOAD_BYTES = 2048;
    private final Options o;
    private final ObjectNode result = JsonNodeFactory.instance.objectNode();
    private Registry registry;
    private Receiver receiver;
    private HubProcess hub;
    private LoadGen load;
    private List<String> push;
    private List<LoadGen.Sender> senders;
    private double saturation = Double.NaN;
    private Path profileFile;
    private Instant profileFrom;
    private Instant profileTo;

    /** Command-line options of {@code hub}. */
    public record Options(boolean quick, Path jar, Set<String> only, Path runDir, Path root, double saturation,
                          int bigMb, int registrySize, int hubPort, int receiverPort) {
        boolean wants(String s) {
            return only.isEmpty() || only.contains(s);
        }
    }

    public HubBench(Options o) {
        this.o = o;
    }

    public ObjectNode run() throws Exception {
        long t0 = System.nanoTime();
        result.put("jar", o.jar().toAbsolutePath().toString());
        result.put("jarBytes", Files.size(o.jar()));
        result.put("jarSha256", sha256(o.jar()));
        result.put("quick", o.quick());
        registry = new Registry(o.root().resolve("config/members/vestland.csv"), o.registrySize());
        Path csv = o.runDir().resolve("members.csv");
        Files.writeString(csv, registry.csv);
        result.put("registryMembers", registry.all().size());
        push = registry.vestland.subList(35, 43);
        List<String> senderIds = registry.vestland.subList(1, 11);
        result.set("pushMembers", JSON.valueToTree(push));
        result.set("senders", JSON.valueToTree(senderIds));

        Map<String, String> props = new LinkedHashMap<>();
        props.put("knutepunkt.members.file", "file:" + csv.toAbsolutePath());
        props.put("logging.level.org.apache.activemq.audit", "WARN");
        receiver = new Receiver(o.receiverPort(), 128);
        for (String m : push) {
            props.put("knutepunkt.routing." + m + ".connector", "fiksio");
            props.put("knutepunkt.routing." + m + ".endpoint", "http://127.0.0.1:" + receiver.port());
        }
        result.put("receiverPort", receiver.port());
        result.put("hubPort", o.hubPort());

        boolean mainHub = Stream.of("a", "b", "c", "d", "f").anyMatch(o::wants);
        Path mainData = o.runDir().resolve("hub-data");
        try {
            if (mainHub) {
                List<String> jvm = new ArrayList<>(List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:+DebugNonSafepoints"));
                if (o.wants("a")) {
                    Files.createDirectories(o.runDir().resolve("jfr-repository"));
                    jvm.addAll(HubProcess.jfrOptions("bench", o.runDir().resolve("jfr-repository")));
                }
                hub = HubProcess.start(o.jar(), mainData, o.hubPort(), jvm, props,
                        o.runDir().resolve("hub.log"), Duration.ofMinutes(5));
                result.put("hubStartSeconds", Stats.round(hub.startSeconds()));
                log("hub started in %.1f s (pid %d, %d members)", hub.startSeconds(), hub.pid(), registry.all().size());
                long diskBefore = Machine.treeBytes(mainData);
                ObjectNode diskBeforeParts = Machine.treeBreakdown(mainData);
                load = new LoadGen(hub.uri(), receiver);
                senders = presign(mainData.resolve("demo"), senderIds);
                warmup();
                if (o.wants("a")) {
                    scenarioA();
                }
                if (Double.isNaN(saturation)) {
                    saturation = Double.isNaN(o.saturation()) ? 100 : o.saturation();
                    result.put("saturationAssumed", saturation);
                }
                if (o.wants("b")) {
                    scenarioB();
                }
                if (o.wants("a") || o.wants("b")) {
                    waitIdle(o.quick() ? 20 : 60);
                    diskPerMessage(mainData, diskBefore, diskBeforeParts);
                    if (o.wants("b")) {
                        steadyDisk(mainData);
                    }
                }
                if (o.wants("c")) {
                    scenarioC(mainData);
                }
                if (o.wants("f")) {
                    scenarioF();
                }
                if (o.wants("d")) {
                    scenarioD(mainData);
                }
                hub.stop();
                result.put("mainHubStillAliveAtEnd", true);
            }
            if (o.wants("e")) {
                scenarioE(props, mainHub ? mainData : null);
            }
        } catch (Exception e) {
            result.put("error", e.toString());
            log("FAILED: %s", e);
            e.printStackTrace(System.out);
        } finally {
            if (hub != null) {
                hub.stop();
            }
            if (load != null) {
                load.close();
            }
            receiver.close();
        }
        if (profileFile != null && Files.exists(profileFile)) {
            log("summarising the profile %s", profileFile);
            result.set("profile", JfrSummary.summarize(profileFile, profileFrom, profileTo));
        }
        result.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
        return result;
    }

    // ---------------------------------------------------------------- setup

    private List<LoadGen.Sender> presign(Path demo, List<String> ids) throws IOException {
        long t0 = System.nanoTime();
        int pool = o.quick() ? 4 : 16;
        Random random = new Random(7);
        List<LoadGen.Sender> list = new ArrayList<>();
        for (String id : ids) {
            Ident ident = Ident.member(demo, id);
            CmsSigner signer = new CmsSigner(ident.key(), ident.cert());
            List<byte[]> signed = new ArrayList<>();
            for (int i = 0; i < pool; i++) {
                signed.add(signer.sign(textPayload(random)));
            }
            list.add(new LoadGen.Sender(ident, signed));
        }
        result.put("presignedPayloads", pool * ids.size());
        result.put("presignSeconds", Stats.round((System.nanoTime() - t0) / 1e9));
        result.put("signedBytes", list.get(0).signed().get(0).length);
        return list;
    }

    /** 2048 bytes of printable text, different each time. */
    private static byte[] textPayload(Random random) {
        byte[] b = new byte[PAYLOAD_BYTES];
        String alphabet = "abcdefghijklmnopqrstuvwxyzæøå ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789.,\n";
        byte[] chars = alphabet.replaceAll("[æøå]", "e").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) {
            b[i] = chars[random.nextInt(chars.length)];
        }
        return b;
    }

    /**
     * Warms the hub up in closed-loop rounds until its JIT compiler is done: a hub that runs for days has compiled
     * its hot code, so a step measured while the compiler threads still take a good share of the two cores measures
     * the start, not the hub. Each round sends for {@code roundSeconds} with 8 requests outstanding and waits for
     * the deliveries; the warm-up ends after the first round (from {@code minSeconds} on) whose compiler threads
     * used under {@value #JIT_QUIET_CORES} cores, or at {@code maxSeconds}.
     */
    private void warmup() throws InterruptedException {
        double roundSeconds = o.quick() ? 5 : 15;
        double minSeconds = o.quick() ? 5 : 45;
        double maxSeconds = o.quick() ? 5 : 240;
        int concurrency = 8;
        log("warm-up: closed loop, %d requests outstanding, rounds of %.0f s until the JIT compiler uses under %.2f"
                + " cores (%.0f–%.0f s)", concurrency, roundSeconds, JIT_QUIET_CORES, minSeconds, maxSeconds);
        ObjectNode w = result.putObject("warmup");
        w.put("concurrency", concurrency);
        w.put("roundSeconds", roundSeconds);
        w.put("jitQuietCores", JIT_QUIET_CORES);
        ArrayNode rounds = w.putArray("rounds");
        long t0 = System.nanoTime();
        int accepted = 0;
        long errors = 0;
        double sent = 0;
        for (int round = 1; ; round++) {
            Map<String, Object[]> threads0 = Machine.threadTicks(hub.pid());
            long r0 = System.nanoTime();
            LoadGen.Step s = load.runClosed("warmup" + round, concurrency, roundSeconds, roundSeconds,
                    Integer.MAX_VALUE, senders, push);
            load.awaitAnswers(s, Duration.ofSeconds(30));
            ObjectNode d = drain(s, o.quick() ? 20 : 60);
            double wall = (System.nanoTime() - r0) / 1e9;
            double jit = Machine.compilerCores(Machine.threadGroups(threads0, Machine.threadTicks(hub.pid()), wall));
            sent += (s.end - s.start) / 1e9;
            accepted += s.accepted.size();
            errors += s.errors();
            ObjectNode r = rounds.addObject();
            r.put("accepted", s.accepted.size());
            r.put("seconds", Stats.round(wall));
            r.put("jitCores", Stats.round(jit));
            r.set("drain", d);
            if (s.firstError.get() != null && !w.has("firstError")) {
                w.put("firstError", s.firstError.get());
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            log("warm-up round %d: %d messages, JIT compiler %.2f cores", round, s.accepted.size(), jit);
            if ((elapsed >= minSeconds && jit < JIT_QUIET_CORES) || elapsed >= maxSeconds) {
                w.put("jitQuiet", jit < JIT_QUIET_CORES);
                break;
            }
        }
        w.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
        w.put("sendingSeconds", Stats.round(sent));
        w.put("accepted", accepted);
        w.put("errors", errors);
    }

    /** The warm-up ends once the JIT compiler threads use fewer cores than this over a round. */
    static final double JIT_QUIET_CORES = 0.05;

    // ---------------------------------------------------------------- (a) throughput steps + profile

    private void scenarioA() throws Exception {
        double[] rates = o.quick() ? new double[] {100, 200, 400, 800}
                : new double[] {100, 200, 400, 800, 1200, 1600, 2400, 3200};
        double seconds = o.quick() ? 5 : 15;
        ObjectNode a = result.putObject("a");
        a.put("stepSeconds", seconds);
        a.put("recipients", "the " + push.size() + " push members, round robin; senders: " + senders.size()
                + " members, round robin");
        ArrayNode steps = a.putArray("steps");
        profileFile = o.runDir().resolve("hub-profile.jfr");
        boolean profiling = true; // the recording runs since the hub started
        long t0 = System.nanoTime();
        ObjectNode profiled = null;
        List<ObjectNode> done = new ArrayList<>();
        int drainMax = o.quick() ? 8 : 20;
        Double lastGood = null;
        Double firstSaturated = null;
        // up the rates until one saturates
        for (double rate : rates) {
            ObjectNode step = step(rate, seconds, drainMax, done);
            if (step.path("saturated").asBoolean()) {
                firstSaturated = rate;
                profiled = step;
                break;
            }
            lastGood = rate;
        }
        // the first rate already saturates: halve it until one does not
        if (lastGood == null && firstSaturated != null) {
            for (double rate = firstSaturated / 2; rate >= 20; rate /= 2) {
                if (!step(rate, seconds, drainMax, done).path("saturated").asBoolean()) {
                    lastGood = rate;
                    break;
                }
                firstSaturated = rate;
            }
        }
        // one step half-way between the last good rate and the first saturated one
        if (lastGood != null && firstSaturated != null && firstSaturated / lastGood > 1.2) {
            double mid = Math.round((lastGood + firstSaturated) / 2 / 5) * 5.0;
            step(mid, seconds, drainMax, done);
        }
        if (profiled == null) {
            profiled = done.get(done.size() - 1);
        }
        double best = done.stream().mapToDouble(n -> n.path("sustainedPerSec").asDouble()).max().orElse(0);
        done.sort(java.util.Comparator.comparingDouble(n -> n.path("offered").asDouble()));
        done.forEach(steps::add);
        if (profiling) {
            try {
                hub.jfrDump("bench", profileFile);
                profileFrom = Instant.parse(profiled.path("windowStart").asString());
                profileTo = Instant.parse(profiled.path("drainEnd").asString());
                a.set("profiledStepCpu", profiled.path("cpuWithDrain"));
                a.put("profiledStep", profiled.path("offered").asDouble());
            } catch (IOException e) {
                a.put("profileError", e.getMessage());
                profileFile = null;
            }
        } else {
            profileFile = null;
        }
        saturation = best;
        a.put("saturationDeliveredPerSec", Stats.round(best));
        a.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
    }

    /** One step of (a), logged, then the hub's backlog drains. */
    private ObjectNode step(double rate, double seconds, int drainMax, List<ObjectNode> done) throws InterruptedException {
        ObjectNode step = runMeasuredStep("a" + (int) rate, rate, seconds, push, drainMax);
        done.add(step);
        boolean saturated = step.path("saturated").asBoolean();
        log("  step %5.0f msg/s: accepted %.0f/s, delivered %.0f/s (sustained %.0f/s), p99 %.0f ms, hub %.2f cores,"
                        + " others %.2f cores%s", rate,
                step.path("acceptedPerSec").asDouble(), step.path("deliveredPerSec").asDouble(),
                step.path("sustainedPerSec").asDouble(), step.path("latencyMs").path("p99").asDouble(),
                step.path("cpu").path("hubCores").asDouble(), step.path("cpu").path("otherCores").asDouble(),
                saturated ? "  <- saturated (" + step.path("saturatedBecause").asString() + ")" : "");
        waitIdle(o.quick() ? 15 : 30);
        Thread.sleep(1000);
        return step;
    }

    /** One open-loop step to push members, with throughput, latency, CPU, and the drain after it. */
    private ObjectNode runMeasuredStep(String label, double rate, double seconds, List<String> to, int drainMax)
            throws InterruptedException {
        long arrivals0 = receiver.arrivals.get();
        Instant wallStart = Instant.now();
        long nanoStart = System.nanoTime();
        Machine.CpuWindow cpu = new Machine.CpuWindow(hub);
        LoadGen.Step s = load.run(label, rate, seconds, senders, to, 4096);
        long deliveredWindow = receiver.arrivals.get() - arrivals0;
        ObjectNode cpuJson = cpu.end();
        Instant wallEnd = wallStart.plusNanos(System.nanoTime() - nanoStart);
        load.awaitAnswers(s, Duration.ofSeconds(60));
        ObjectNode drain = drain(s, drainMax);
        ObjectNode cpuWithDrain = cpu.end();
        Instant drainEnd = wallStart.plusNanos(System.nanoTime() - nanoStart);
        long lastArrival = s.start;
        long deliveredOfStep = 0;
        for (String klient : s.accepted.keySet()) {
            Long t = load.arrival(s, klient);
            if (t != null) {
                deliveredOfStep++;
                lastArrival = Math.max(lastArrival, t);
            }
        }
        if (drain.path("undelivered").asLong() > 0) {
            lastArrival = System.nanoTime();
        }
        ObjectNode step = JsonNodeFactory.instance.objectNode();
        step.put("offered", rate);
        step.put("seconds", seconds);
        step.put("windowStart", wallStart.toString());
        step.put("windowEnd", wallEnd.toString());
        step.put("drainEnd", drainEnd.toString());
        step.put("deliveredOfStep", deliveredOfStep);
        step.put("sustainedPerSec", Stats.round(deliveredOfStep / Math.max(seconds, (lastArrival - s.start) / 1e9)));
        step.set("cpuWithDrain", cpuWithDrain);
        step.put("sent", s.sent.sum());
        step.put("accepted", s.accepted.size());
        step.put("acceptedPerSec", Stats.round(s.acceptedInWindow.sum() / seconds));
        step.put("deliveredPerSec", Stats.round(deliveredWindow / seconds));
        step.put("status429", s.tooMany.sum());
        step.put("errors", s.errors());
        step.put("skippedAtClientCap", s.skipped.sum());
        ObjectNode statuses = step.putObject("statuses");
        s.byStatus.forEach((k, v) -> statuses.put(Integer.toString(k), v.sum()));
        if (s.firstError.get() != null) {
            step.put("firstError", s.firstError.get());
        }
        step.set("drain", drain);
        step.set("latencyMs", latencies(s, null).toJson(1e-6));
        step.set("intakeMs", Stats.summarize(new ArrayList<>(s.intakeNanos)).toJson(1e-6));
        step.set("cpu", cpuJson);
        String why = null;
        double p99 = step.path("latencyMs").path("p99").asDouble(0);
        if (step.path("deliveredPerSec").asDouble() < 0.9 * rate || step.path("sustainedPerSec").asDouble() < 0.9 * rate) {
            why = "delivered < 90 % of offered";
        } else if (step.path("acceptedPerSec").asDouble() < 0.9 * rate) {
            why = "accepted < 90 % of offered";
        } else if (p99 > 5000) {
            why = "p99 latency > 5 s";
        } else if (drain.path("undelivered").asLong() > Math.max(1, s.accepted.size() / 100)) {
            why = "messages still undelivered after the drain";
        } else if (s.errors() > 0 || s.skipped.sum() > 0) {
            why = "errors";
        }
        step.put("saturated", why != null);
        if (why != null) {
            step.put("saturatedBecause", why);
        }
        return step;
    }

    /** send → push arrival of the step's delivered messages (only those whose recipient is in {@code to}). */
    private Stats.Summary latencies(LoadGen.Step s, Set<String> to) {
        List<Long> l = new ArrayList<>();
        for (String klient : s.accepted.keySet()) {
            if (to != null && !to.contains(s.recipientOf.get(klient))) {
                continue;
            }
            Long arrived = load.arrival(s, klient);
            Long due = s.intended.get(klient);
            if (arrived != null && due != null) {
                l.add(arrived - due);
            }
        }
        return Stats.summarize(l);
    }

    /** Waits until every accepted message of the step reached the receiver, at most {@code maxSeconds}. */
    private ObjectNode drain(LoadGen.Step s, double maxSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        long lastProgress = t0;
        long lastCount = -1;
        long undelivered;
        while (true) {
            undelivered = s.accepted.keySet().stream().filter(k -> !load.delivered(s, k)).count();
            long now = System.nanoTime();
            if (undelivered == 0 || now - t0 > maxSeconds * 1e9) {
                break;
            }
            if (undelivered != lastCount) {
                lastCount = undelivered;
                lastProgress = now;
            } else if (now - lastProgress > 10e9) {
                break; // nothing moved for 10 s
            }
            Thread.sleep(100);
        }
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
        d.put("undelivered", undelivered);
        return d;
    }

    /** Waits until no push has arrived for 2 s (the hub's backlog is done), at most {@code maxSeconds}. */
    private double waitIdle(double maxSeconds) throws InterruptedException {
        long t0 = System.nanoTime();
        long last = receiver.arrivals.get();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - t0 < maxSeconds * 1e9) {
            Thread.sleep(250);
            long now = receiver.arrivals.get();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > 2e9) {
                break;
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    // ---------------------------------------------------------------- (b) latency at half saturation

    private void scenarioB() throws InterruptedException {
        double idle = waitIdle(o.quick() ? 20 : 60);
        double rate = Math.max(5, Math.round(saturation / 2));
        double seconds = o.quick() ? 6 : 20;
        log("(b) latency at %.0f msg/s (half of %.0f) for %.0f s", rate, saturation, seconds);
        ObjectNode step = runMeasuredStep("b", rate, seconds, push, o.quick() ? 15 : 30);
        step.put("waitedForIdleSeconds", Stats.round(idle));
        result.set("b", step);
        log("  p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms", step.path("latencyMs").path("p50").asDouble(),
                step.path("latencyMs").path("p95").asDouble(), step.path("latencyMs").path("p99").asDouble(),
                step.path("latencyMs").path("max").asDouble());
    }

    // ---------------------------------------------------------------- disk per message

    private void diskPerMessage(Path data, long before, ObjectNode beforeParts) {
        long after = Machine.treeBytes(data);
        long delivered = receiver.arrivals.get();
        ObjectNode d = result.putObject("disk");
        d.put("bytesAfterStart", before);
        d.put("bytesAfterLoad", after);
        d.set("partsAfterStart", beforeParts);
        d.set("partsAfterLoad", Machine.treeBreakdown(data));
        d.put("deliveredMessages", delivered);
        d.put("bytesPerDeliveredMessage", delivered == 0 ? Double.NaN : Stats.round((after - before) / (double) delivered));
        log("disk: %d → %d bytes for %d delivered messages: %.0f bytes/message", before, after, delivered,
                d.path("bytesPerDeliveredMessage").asDouble());
    }

    /**
     * Disk per message once the database has settled: H2 keeps every chunk it wrote for a retention time
     * (the hub's housekeeping sets it to 3 s) before it reuses the space, so growth over a short burst counts the
     * chunks of that window, not what stays. Runs at half of saturation for a settling period, then measures the data directory's growth
     * over a further period against the messages delivered in it.
     */
    private void steadyDisk(Path data) throws InterruptedException {
        double rate = Math.max(5, Math.round(saturation / 2));
        double settle = o.quick() ? 10 : 60;
        double measure = o.quick() ? 10 : 40;
        log("disk in steady state: %.0f msg/s, %.0f s to settle, then %.0f s measured", rate, settle, measure);
        runMeasuredStep("disk-settle", rate, settle, push, o.quick() ? 15 : 30);
        long before = Machine.treeBytes(data);
        ObjectNode beforeParts = Machine.treeBreakdown(data);
        long arrivals0 = receiver.arrivals.get();
        ObjectNode step = runMeasuredStep("disk-measure", rate, measure, push, o.quick() ? 15 : 30);
        long after = Machine.treeBytes(data);
        long delivered = receiver.arrivals.get() - arrivals0;
        ObjectNode d = (ObjectNode) result.path("disk");
        ObjectNode steady = d.putObject("steady");
        steady.put("rate", rate);
        steady.put("settleSeconds", settle);
        steady.put("measureSeconds", measure);
        steady.put("bytesBefore", before);
        steady.put("bytesAfter", after);
        steady.set("partsBefore", beforeParts);
        steady.set("partsAfter", Machine.treeBreakdown(data));
        steady.put("deliveredMessages", delivered);
        steady.put("bytesPerDeliveredMessage", delivered == 0 ? Double.NaN
                : Stats.round((after - before) / (double) delivered));
        steady.set("latencyMs", step.path("latencyMs"));
        log("disk in steady state: %d → %d bytes for %d delivered messages: %.0f bytes/message", before, after,
                delivered, steady.path("bytesPerDeliveredMessage").asDouble());
    }

    // ---------------------------------------------------------------- (c) inbox download + ack

    private void scenarioC(Path data) throws Exception {
        waitIdle(o.quick() ? 10 : 30);
        List<String> members = registry.synthetic.size() >= 20
                ? registry.synthetic.subList(0, o.quick() ? 10 : 20)
                : registry.vestland.subList(11, 21);
        double rate = Math.max(20, Math.min(saturation / 2, 400));
        // at most 50 per member (an inbox listing shows 100) and about 20 s of sending
        int perMember = (int) Math.max(10, Math.min(o.quick() ? 20 : 50, rate * (o.quick() ? 8 : 20) / members.size()));
        int total = members.size() * perMember;
        log("(c) inbox: %d messages to %d inbox members at %.0f msg/s, then download + ack", total, members.size(), rate);
        ObjectNode c = result.putObject("c");
        c.put("inboxMembers", members.size());
        c.put("messages", total);
        c.put("sendRate", rate);
        long t0 = System.nanoTime();
        LoadGen.Step s = load.run("c", rate, total / rate, senders, members, 4096);
        load.awaitAnswers(s, Duration.ofSeconds(60));
        c.put("accepted", s.accepted.size());
        c.put("sendErrors", s.errors());
        if (s.firstError.get() != null) {
            c.put("firstError", s.firstError.get());
        }
        // which message waits in which inbox
        Map<String, Set<String>> expected = new ConcurrentHashMap<>();
        s.accepted.forEach((klient, melding) -> expected
                .computeIfAbsent(s.recipientOf.get(klient), k -> ConcurrentHashMap.newKeySet()).add(melding));
        Map<String, Ident> idents = new LinkedHashMap<>();
        for (String m : members) {
            idents.put(m, Ident.member(data.resolve("demo"), m));
        }
        HttpClient http = load.http();
        long deadline = System.nanoTime() + (long) ((o.quick() ? 60 : 120) * 1e9);
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        expected.forEach((m, ids) -> missing.put(m, ConcurrentHashMap.newKeySet()));
        expected.forEach((m, ids) -> missing.get(m).addAll(ids));
        while (System.nanoTime() < deadline && missing.values().stream().anyMatch(x -> !x.isEmpty())) {
            for (var e : missing.entrySet()) {
                if (e.getValue().isEmpty()) {
                    continue;
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/inbox"))
                        .header("Authorization", idents.get(e.getKey()).authorization()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    for (JsonNode m : JSON.readTree(r.body())) {
                        e.getValue().remove(m.path("meldingId").asString());
                    }
                }
            }
            Thread.sleep(200);
        }
        long notListed = missing.values().stream().mapToLong(Set::size).sum();
        c.put("allInInboxSeconds", Stats.round((System.nanoTime() - t0) / 1e9));
        c.put("notListedInInbox", notListed);
        // timed: download + ack, 8 workers
        ConcurrentLinkedQueue<String[]> work = new ConcurrentLinkedQueue<>();
        expected.forEach((m, ids) -> ids.forEach(id -> work.add(new String[] {m, id})));
        int workers = 8;
        List<Long> getNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Long> ackNanos = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        Map<String, String> firstFailure = new ConcurrentHashMap<>();
        double limit = o.quick() ? 20 : 60;
        long end = System.nanoTime() + (long) (limit * 1e9);
        CountDownLatch done = new CountDownLatch(workers);
        Machine.CpuWindow cpu = new Machine.CpuWindow(hub);
        long d0 = System.nanoTime();
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                try {
                    String[] item;
                    while (System.nanoTime() < end && (item = work.poll()) != null) {
                        String auth = idents.get(item[0]).authorization();
                        URI uri = hub.uri().resolve("/api/v1/inbox/" + item[1]);
                        long g0 = System.nanoTime();
                        HttpResponse<InputStream> got = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", auth).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                        long n;
                        try (InputStream in = got.body()) {
                            n = in.transferTo(OutputStream.nullOutputStream());
                        }
                        long g1 = System.nanoTime();
                        if (got.statusCode() != 200) {
                            failed.incrementAndGet();
                            firstFailure.putIfAbsent("download", got.statusCode() + "");
                            continue;
                        }
                        bytes.addAndGet(n);
                        HttpResponse<String> ack = http.send(HttpRequest.newBuilder(uri)
                                .header("Authorization", auth).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                        long a1 = System.nanoTime();
                        if (ack.statusCode() / 100 != 2) {
                            failed.incrementAndGet();
                            firstFailure.putIfAbsent("ack", ack.statusCode() + " " + LoadGen.abbreviate(ack.body()));
                            continue;
                        }
                        getNanos.add(g1 - g0);
                        ackNanos.add(a1 - g1);
                        ok.incrementAndGet();
                    }
                } catch (Exception e) {
                    firstFailure.putIfAbsent("exception", e.toString());
                } finally {
                    done.countDown();
                }
            }, "inbox-" + w);
            t.start();
        }
        done.await();
        double elapsed = (System.nanoTime() - d0) / 1e9;
        c.put("downloadWorkers", workers);
        c.put("downloadedAndAcked", ok.get());
        c.put("failed", failed.get());
        c.set("firstFailure", JSON.valueToTree(firstFailure));
        c.put("downloadSeconds", Stats.round(elapsed));
        c.put("downloadAckPerSec", Stats.round(ok.get() / elapsed));
        c.put("downloadedBytesPerMessage", ok.get() == 0 ? 0 : bytes.get() / ok.get());
        c.set("downloadMs", Stats.summarize(new ArrayList<>(getNanos)).toJson(1e-6));
        c.set("ackMs", Stats.summarize(new ArrayList<>(ackNanos)).toJson(1e-6));
        c.set("cpu", cpu.end());
        log("  all in inboxes after %.1f s; %d downloaded + acked in %.1f s: %.0f/s", c.path("allInInboxSeconds").asDouble(),
                ok.get(), elapsed, ok.get() / elapsed);
    }

    // ---------------------------------------------------------------- (f) one slow member

    private void scenarioF() throws Exception {
        waitIdle(o.quick() ? 10 : 30);
        List<String> fast = push.subList(0, push.size() - 1);
        String slow = push.get(push.size() - 1);
        double rate = Math.max(10, Math.round(saturation / 2));
        double slowRate = Math.max(1, rate / push.size());
        double seconds = o.quick() ? 5 : 15;
        log("(f) %.0f msg/s to %d fast members, then the same plus %.1f msg/s to %s answering in 1 s", rate,
                fast.size(), slowRate, slow);
        ObjectNode f = result.putObject("f");
        f.put("rateToFastMembers", rate);
        f.put("rateToSlowMember", Stats.round(slowRate));
        f.put("slowMember", slow);
        f.put("slowDelayMs", 1000);
        f.put("seconds", seconds);
        ObjectNode without = phaseF("f1", rate, seconds, fast, null, 0);
        f.set("withoutSlow", without);
        waitIdle(o.quick() ? 10 : 20);
        receiver.delays.put(slow, 1000);
        ObjectNode with = phaseF("f2", rate, seconds, fast, slow, slowRate);
        receiver.delays.remove(slow);
        f.set("withSlow", with);
        double ratio = with.path("fastDeliveredPerSec").asDouble() / without.path("fastDeliveredPerSec").asDouble();
        f.put("ratio", Stats.round(ratio));
        log("  fast members: %.0f/s without, %.0f/s with the slow member: ratio %.2f",
                without.path("fastDeliveredPerSec").asDouble(), with.path("fastDeliveredPerSec").asDouble(), ratio);
        f.put("slowBacklogDrainSeconds", Stats.round(waitIdle(o.quick() ? 20 : 60)));
    }

    private ObjectNode phaseF(String label, double rate, double seconds, List<String> fast, String slow,
                              double slowRate) throws Exception {
        long fast0 = fast.stream().mapToLong(receiver::count).sum();
        long slow0 = slow == null ? 0 : receiver.count(slow);
        Machine.CpuWindow cpu = new Machine.CpuWindow(hub);
        LoadGen.Step[] slowStep = new LoadGen.Step[1];
        Thread slowThread = null;
        if (slow != null) {
            slowThread = new Thread(() -> {
                try {
                    slowStep[0] = load.run(label + "s", slowRate, seconds, senders, List.of(slow), 4096);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            slowThread.start();
        }
        LoadGen.Step s = load.run(label, rate, seconds, senders, fast, 4096);
        long fastWindow = fast.stream().mapToLong(receiver::count).sum() - fast0;
        long slowWindow = slow == null ? 0 : receiver.count(slow) - slow0;
        ObjectNode cpuJson = cpu.end();
        if (slowThread != null) {
            slowThread.join();
        }
        load.awaitAnswers(s, Duration.ofSeconds(60));
        ObjectNode d = drain(s, o.quick() ? 10 : 20);
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("fastAccepted", s.accepted.size());
        p.put("fastDeliveredPerSec", Stats.round(fastWindow / seconds));
        p.put("slowDeliveredPerSec", Stats.round(slowWindow / seconds));
        if (slowStep[0] != null) {
            p.put("slowAccepted", slowStep[0].accepted.size());
        }
        p.put("errors", s.errors());
        p.set("fastLatencyMs", latencies(s, Set.copyOf(fast)).toJson(1e-6));
        p.set("fastDrain", d);
        p.set("cpu", cpuJson);
        return p;
    }

    // ---------------------------------------------------------------- (d) distribution to every member

    /** One GET /api/v1/inbox per authorization, two at a time, untimed: the hub remembers the sign-ins. */
    private void signIn(Collection<String> authorizations) throws InterruptedException {
        ConcurrentLinkedQueue<String> todo = new ConcurrentLinkedQueue<>(authorizations);
        HttpClient http = load.http();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                String a;
                while ((a = todo.poll()) != null) {
                    try {
                        http.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/inbox")).header("Authorization", a)
                                .GET().build(), HttpResponse.BodyHandlers.discarding());
                    } catch (IOException e) {
                        // the timed polling below reports what does not work
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "dist-sign-in-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    private void scenarioD(Path data) throws Exception {
        waitIdle(o.quick() ? 10 : 30);
        int docBytes = o.quick() ? 256 * 1024 : 1024 * 1024;
        List<String> members = registry.all();
        log("(d) distribution of %d KB to all %d members", docBytes / 1024, members.size());
        ObjectNode d = result.putObject("d");
        d.put("documentBytes", docBytes);
        d.put("members", members.size());
        d.put("pushMembers", push.size());
        Ident secretariat = Ident.staff(data.resolve("demo"), "secretariat");
        Map<String, String> auth = new LinkedHashMap<>();
        for (String m : members) {
            if (!push.contains(m)) {
                auth.put(m, Ident.member(data.resolve("demo"), m).authorization());
            }
        }
        // Each member's first sign-in checks its bcrypt hash (70–140 ms here); the hub then remembers it for 5
        // minutes. Member systems sign in all the time, so the pollers sign in once before the distribution and
        // (d) times the distribution, not 349 bcrypt checks.
        long s0 = System.nanoTime();
        signIn(auth.values());
        d.put("signInSeconds", Stats.round((System.nanoTime() - s0) / 1e9));
        byte[] doc = new byte[docBytes];
        new Random(11).nextBytes(doc);
        String key = "bench-" + System.currentTimeMillis();
        String metadata = "{\"noekkel\":\"" + key + "\",\"meldingType\":\"" + LoadGen.TYPE
                + "\",\"filnavn\":\"dokument.bin\",\"maal\":{\"alle\":true}}";
        byte[] body = concat(LoadGen.prefix(metadata), doc, LoadGen.suffix());
        long before = Machine.treeBytes(data);
        HttpClient http = load.http();
        long t0 = System.nanoTime();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/distributions"))
                .header("Authorization", secretariat.authorization())
                .header("Content-Type", "multipart/form-data; boundary=" + LoadGen.boundary())
                .timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        d.put("createStatus", created.statusCode());
        d.put("createSeconds", Stats.round((System.nanoTime() - t0) / 1e9));
        if (created.statusCode() / 100 != 2) {
            d.put("error", LoadGen.abbreviate(created.body()));
            log("  refused: %d %s", created.statusCode(), created.body());
            return;
        }
        String id = JSON.readTree(created.body()).path("id").asString();
        // arrival: pushes at the receiver; inbox members by polling their inboxes (2 pollers)
        Map<String, Long> arrived = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> toPoll = new ConcurrentLinkedQueue<>(auth.keySet());
        double limit = o.quick() ? 90 : 240;
        long deadline = t0 + (long) (limit * 1e9);
        List<Thread> pollers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline && arrived.size() < auth.size()) {
                    String m = toPoll.poll();
                    if (m == null) {
                        sleep(50);
                        continue;
                    }
                    try {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/inbox"))
                                .header("Authorization", auth.get(m)).GET().build(), HttpResponse.BodyHandlers.ofString());
                        long now = System.nanoTime();
                        boolean found = false;
                        if (r.statusCode() == 200) {
                            for (JsonNode e : JSON.readTree(r.body())) {
                                if (key.equals(e.path("klientKorrelasjonsId").asString())) {
                                    found = true;
                                }
                            }
                        }
                        if (found) {
                            arrived.put(m, now);
                        } else {
                            toPoll.add(m);
                        }
                    } catch (Exception e) {
                        toPoll.add(m);
                        sleep(100);
                    }
                }
            }, "dist-poll-" + i);
            t.start();
            pollers.add(t);
        }
        Double allMade = null;
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(hub.uri().resolve("/api/v1/distributions/" + id))
                    .header("Authorization", secretariat.authorization()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                last = JSON.readTree(r.body());
                if (allMade == null && last.path("counts").path("PENDING").asInt(0) == 0) {
                    allMade = (System.nanoTime() - t0) / 1e9;
                }
            }
            long pushed = push.stream().filter(m -> receiver.byKorrelasjon.containsKey(key + "/" + m)).count();
            if (pushed == push.size() && arrived.size() == auth.size()) {
                break;
            }
            Thread.sleep(500);
        }
        for (Thread t : pollers) {
            t.join();
        }
        long lastArrival = arrived.values().stream().mapToLong(Long::longValue).max().orElse(t0);
        long pushedCount = 0;
        for (String m : push) {
            Long t = receiver.byKorrelasjon.get(key + "/" + m);
            if (t != null) {
                pushedCount++;
                lastArrival = Math.max(lastArrival, t);
            }
        }
        long done = pushedCount + arrived.size();
        double seconds = (lastArrival - t0) / 1e9;
        d.put("allMessagesMadeSeconds", allMade == null ? Double.NaN : Stats.round(allMade));
        d.put("pushed", pushedCount);
        d.put("inInbox", arrived.size());
        d.put("complete", done == members.size());
        d.put("allDeliveredOrInInboxSeconds", Stats.round(seconds));
        d.put("recipientsPerSec", Stats.round(done / seconds));
        d.put("payloadMBPerSec", Stats.round(done * (double) docBytes / 1e6 / seconds));
        if (last != null) {
            d.set("finalCounts", last.path("counts"));
        }
        waitIdle(10);
        long after = Machine.treeBytes(data);
        d.put("dataDirBytesBefore", before);
        d.put("dataDirBytesAfter", after);
        d.put("dataDirGrowthBytes", after - before);
        d.put("growthPerRecipientBytes", Stats.round((after - before) / (double) members.size()));
        d.set("dataDirParts", Machine.treeBreakdown(data));
        log("  %d/%d delivered or in inbox after %.1f s (%.0f recipients/s); data dir grew %.1f MB", done,
                members.size(), seconds, done / seconds, (after - before) / 1e6);
    }

    // ---------------------------------------------------------------- (e) 1 GB through a 256 MB hub

    private void scenarioE(Map<String, String> baseProps, Path mainData) throws Exception {
        long bytes = (long) o.bigMb() * 1024 * 1024;
        ObjectNode e = result.putObject("e");
        e.put("payloadBytes", bytes);
        e.put("hubHeap", "-Xmx256m");
        Path dir = o.runDir().resolve("big");
        Files.createDirectories(dir);
        Path data = o.runDir().resolve("hub-big-data");
        if (mainData != null && Files.isDirectory(mainData.resolve("demo"))) {
            copyTree(mainData.resolve("demo"), data.resolve("demo")); // same identities, fresh broker and database
        }
        Map<String, String> props = new LinkedHashMap<>(baseProps);
        props.put("knutepunkt.intake.max-payload-bytes", "2000000000");
        String senderId = registry.vestland.get(1);
        String to = push.get(0);
        e.put("sender", senderId);
        e.put("recipient", to);
        log("(e) %d MB payload, hub on -Xmx256m", o.bigMb());
        Path original = dir.resolve("original.bin");
        Path signed = dir.resolve("signed.p7m");
        Path received = dir.resolve("received.p7m");
        Path decrypted = dir.resolve("decrypted.der");
        Path verified = dir.resolve("verified.bin");
        try {
            long t = System.nanoTime();
            String originalSha = writeRandom(original, bytes);
            e.put("makeSeconds", Stats.round((System.nanoTime() - t) / 1e9));
            hub = HubProcess.start(o.jar(), data, o.hubPort(), List.of("-Xmx256m"), props,
                    o.runDir().resolve("hub-big.log"), Duration.ofMinutes(5));
            e.put("hubStartSeconds", Stats.round(hub.startSeconds()));
            Path demo = data.resolve("demo");
            Ident sender = Ident.member(demo, senderId);
            Path memberDir = demo.resolve("members").resolve(senderId);

            t = System.nanoTime();
            String how = signStreaming(sender, memberDir, original, signed);
            double signSeconds = (System.nanoTime() - t) / 1e9;
            e.put("signedWith", how);
            e.put("signSeconds", Stats.round(signSeconds));
            e.put("signMBPerSec", Stats.round(bytes / 1e6 / signSeconds));
            e.put("signedBytes", Files.size(signed));
            log("  signed in %.1f s with %s", signSeconds, how);

            Receiver.Capture capture = receiver.captureTo(received);
            String klient = "big-" + System.currentTimeMillis();
            String metadata = "{\"avsender\":\"" + senderId + "\",\"mottakere\":[\"" + to + "\"],\"meldingType\":\""
                    + LoadGen.TYPE + "\",\"klientMeldingId\":\"" + klient + "\",\"filnavn\":\"stor.bin\"}";
            HttpRequest request = HttpRequest.newBuilder(hub.uri().resolve("/api/v1/messages"))
                    .timeout(Duration.ofMinutes(o.quick() ? 3 : 8))
                    .header("Authorization", sender.authorization())
                    .header("Content-Type", "multipart/form-data; boundary=" + LoadGen.boundary())
                    .POST(HttpRequest.BodyPublishers.concat(
                            HttpRequest.BodyPublishers.ofByteArray(LoadGen.prefix(metadata)),
                            HttpRequest.BodyPublishers.ofFile(signed),
                            HttpRequest.BodyPublishers.ofByteArray(LoadGen.suffix()))).build();
            long s0 = System.nanoTime();
            HttpResponse<String> response = null;
            try {
                response = load == null || load.http() == null
                        ? HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                                .send(request, HttpResponse.BodyHandlers.ofString())
                        : load.http().send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException ex) {
                e.put("sendException", ex.toString());
            }
            double uploadSeconds = (System.nanoTime() - s0) / 1e9;
            e.put("uploadSeconds", Stats.round(uploadSeconds));
            if (response != null) {
                e.put("status", response.statusCode());
                e.put("responseBody", LoadGen.abbreviate(response.body()));
                e.put("uploadMBPerSec", Stats.round(Files.size(signed) / 1e6 / uploadSeconds));
            }
            log("  upload: %s after %.1f s", response == null ? e.path("sendException").asString()
                    : response.statusCode() + " " + LoadGen.abbreviate(response.body()), uploadSeconds);
            if (response == null || response.statusCode() != 202) {
                // was it our input? check the SignedData the way a recipient would
                String check = openssl(dir, "cms", "-verify", "-binary", "-inform", "DER", "-in", signed.toString(),
                        "-CAfile", demo.resolve("ca.pem").toString(), "-out", "/dev/null");
                e.put("signedInputValid", check == null);
                if (check != null) {
                    e.put("signedInputProblem", check);
                }
            }
            if (response != null && response.statusCode() == 202) {
                long waitUntil = System.nanoTime() + (long) ((o.quick() ? 120 : 300) * 1e9);
                Receiver.Captured got = null;
                while (System.nanoTime() < waitUntil && hub.alive()) {
                    try {
                        got = capture.done.get(1, TimeUnit.SECONDS);
                        break;
                    } catch (java.util.concurrent.TimeoutException notYet) {
                        // keep waiting
                    }
                }
                if (got == null) {
                    e.put("delivered", false);
                    e.put("deliveryError", hub.alive() ? "no push arrived within the time limit" : "the hub died");
                } else {
                    double total = (got.endNanos() - s0) / 1e9;
                    e.put("delivered", true);
                    e.put("sendToPushEndSeconds", Stats.round(total));
                    e.put("pushSeconds", Stats.round((got.endNanos() - got.startNanos()) / 1e9));
                    e.put("receivedBytes", got.bytes());
                    e.put("endToEndMBPerSec", Stats.round(bytes / 1e6 / total));
                    log("  pushed to the receiver %.1f s after the upload began", total);
                    t = System.nanoTime();
                    Path recipientDir = demo.resolve("members").resolve(to);
                    String dec = openssl(dir, "cms", "-decrypt", "-binary", "-inform", "DER", "-in", received.toString(),
                            "-inkey", recipientDir.resolve("key.pem").toString(),
                            "-recip", recipientDir.resolve("cert.pem").toString(), "-out", decrypted.toString());
                    e.put("decryptSeconds", Stats.round((System.nanoTime() - t) / 1e9));
                    t = System.nanoTime();
                    String ver = dec != null ? null : openssl(dir, "cms", "-verify", "-binary", "-inform", "DER",
                            "-in", decrypted.toString(), "-CAfile", demo.resolve("ca.pem").toString(),
                            "-out", verified.toString());
                    e.put("verifySeconds", Stats.round((System.nanoTime() - t) / 1e9));
                    if (dec != null || ver != null) {
                        e.put("opensslError", dec != null ? dec : ver);
                        e.put("digestMatches", false);
                    } else {
                        boolean match = originalSha.equals(sha256(verified));
                        e.put("digestMatches", match);
                        log("  openssl decrypt + verify: %s", match ? "the original bytes" : "DIFFERENT bytes");
                    }
                }
            } else {
                e.put("delivered", false);
            }
        } finally {
            receiver.stopCapture();
            if (hub != null) {
                e.put("hubAliveAfter", hub.alive());
                hub.stop(10);
                e.put("outOfMemoryInLog", grep(hub.log(), "OutOfMemoryError"));
                hub = null;
            }
            for (Path p : List.of(original, signed, received, decrypted, verified)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Signs a file streaming: the platform's streaming signer if it has one, else openssl. */
    private String signStreaming(Ident sender, Path memberDir, Path in, Path out) throws Exception {
        Method streaming = null;
        try {
            streaming = CmsSigner.class.getMethod("sign", InputStream.class, OutputStream.class);
        } catch (NoSuchMethodException none) {
            // the platform has no streaming signer (yet)
        }
        String fallback = "";
        if (streaming != null) {
            try {
                CmsSigner signer = new CmsSigner(sender.key(), sender.cert());
                try (InputStream i = Files.newInputStream(in); OutputStream o2 = Files.newOutputStream(out)) {
                    streaming.invoke(signer, i, o2);
                }
                return "CmsSigner.sign(InputStream, OutputStream)";
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                fallback = " (the platform's streaming signer failed: " + cause + ")";
            }
        }
        String err = openssl(out.getParent(), "cms", "-sign", "-binary", "-stream", "-nodetach", "-outform", "DER",
                "-md", "sha256", "-signer", memberDir.resolve("cert.pem").toString(),
                "-inkey", memberDir.resolve("key.pem").toString(), "-in", in.toString(), "-out", out.toString());
        if (err != null) {
            throw new IOException("openssl cms -sign failed: " + err);
        }
        return "openssl cms -sign -binary -stream -nodetach -outform DER" + fallback;
    }

    /** Runs openssl; null on success, else its output. */
    private static String openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() == 0 ? null : LoadGen.abbreviate(out);
    }

    private static String writeRandom(Path file, long bytes) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        SplittableRandom random = new SplittableRandom(2024);
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = bytes; left > 0; ) {
                for (int i = 0; i < chunk.length; i += 8) {
                    long v = random.nextLong();
                    for (int j = 0; j < 8; j++) {
                        chunk[i + j] = (byte) (v >>> (8 * j));
                    }
                }
                int n = (int) Math.min(chunk.length, left);
                out.write(chunk, 0, n);
                digest.update(chunk, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(chunk)) >= 0) {
                digest.update(chunk, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean grep(Path file, String text) {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            return lines.anyMatch(l -> l.contains(text));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        // keep the owner-only permissions of the originals on the directories too
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isDirectory(p)) {
                    Files.setPosixFilePermissions(to.resolve(from.relativize(p).toString()),
                            Files.getPosixFilePermissions(p));
                }
            }
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void log(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(format, args));
        System.out.flush();
    }
}
