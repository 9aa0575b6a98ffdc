package no.knutepunkt.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Aggregates a JFR recording (settings=profile) over a time window: CPU samples
 * (jdk.ExecutionSample) by component, by method and by hub method; allocation samples; GC pauses;
 * CPU load. The same figures {@code jfr print --events jdk.ExecutionSample} gives, counted.
 */
public final class JfrSummary {
    /** Class-name prefix → component; first match wins. */
    private static final String[][] RULES = {
        {"org.h2.", "H2 database"},
        {"org.bouncycastle.", "Bouncy Castle"},
        {"sun.security.", "JDK crypto/security"}, {"com.sun.crypto.", "JDK crypto/security"},
        {"javax.crypto.", "JDK crypto/security"}, {"java.security.", "JDK crypto/security"},
        {"org.apache.activemq.", "Artemis"},
        {"org.apache.camel.", "Camel"},
        {"org.apache.catalina.", "Tomcat"}, {"org.apache.coyote.", "Tomcat"}, {"org.apache.tomcat.", "Tomcat"},
        {"com.fasterxml.jackson.", "Jackson (JSON)"}, {"tools.jackson.", "Jackson (JSON)"},
        {"org.springframework.security.", "Spring Security"},
        {"org.springframework.jms.", "Spring JMS"},
        {"org.springframework.jdbc.", "Spring JDBC/TX"}, {"org.springframework.transaction.", "Spring JDBC/TX"},
        {"org.springframework.", "Spring (other)"},
        {"com.zaxxer.hikari.", "HikariCP"},
        {"org.flywaydb.", "Flyway"},
        {"io.netty.", "Netty"},
        {"no.knutepunkt.", "Hub code (no.knutepunkt)"},
        {"ch.qos.logback.", "Logging"}, {"org.slf4j.", "Logging"}, {"org.apache.logging.", "Logging"},
        {"org.jboss.logging.", "Logging"},
        {"jdk.internal.net.http.", "JDK HttpClient"}, {"java.net.http.", "JDK HttpClient"},
        {"com.sun.org.apache.xerces.", "XML"}, {"com.sun.org.apache.xml.", "XML"},
        {"com.sun.org.apache.xpath.", "XML"}, {"javax.xml.", "XML"}, {"org.xml.", "XML"}, {"jdk.xml.", "XML"},
        {"jakarta.", "Jakarta APIs"},
        {"io.micrometer.", "Micrometer"},
        {"org.apache.commons.", "Apache Commons"},
        {"java.util.zip.", "JDK zip"},
        {"java.io.", "JDK I/O"}, {"java.nio.", "JDK I/O"}, {"sun.nio.", "JDK I/O"},
        {"java.net.", "JDK net"}, {"sun.net.", "JDK net"},
        {"java.util.concurrent.", "JDK concurrency"},
        {"java.", "JDK core"}, {"jdk.", "JDK core"}, {"sun.", "JDK core"}, {"com.sun.", "JDK core"},
    };
    /** Components charged to their nearest caller in the "by library" view. */
    private static final Set<String> GENERIC = Set.of("JDK core", "JDK I/O", "JDK net", "JDK concurrency", "JDK zip");

    private JfrSummary() {
    }

    static String component(String className) {
        for (String[] rule : RULES) {
            if (className.startsWith(rule[0])) {
                return rule[1];
            }
        }
        return "other (" + packageOf(className) + ")";
    }

    static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? className : className.substring(0, dot);
    }

    private static String method(RecordedFrame f) {
        if (f.getMethod() == null || f.getMethod().getType() == null) {
            return "?";
        }
        // lambda and proxy classes carry addresses and hash codes that differ from run to run
        String type = f.getMethod().getType().getName().replaceAll("\\$\\$Lambda\\$?[^.]*(\\.\\d+)?", "\\$\\$Lambda");
        return type + "." + f.getMethod().getName();
    }

    private static String className(RecordedFrame f) {
        return f.getMethod() == null || f.getMethod().getType() == null ? "?" : f.getMethod().getType().getName();
    }

    /** The summary of the samples between {@code from} and {@code to} (null: the whole recording). */
    public static ObjectNode summarize(Path file, Instant from, Instant to) throws IOException {
        Map<String, Integer> selfComponent = new HashMap<>();
        Map<String, Integer> ownerComponent = new HashMap<>();
        Map<String, Integer> inclusiveComponent = new HashMap<>();
        Map<String, Integer> selfMethod = new HashMap<>();
        Map<String, Integer> hubNearest = new HashMap<>();
        Map<String, Integer> hubInclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Long> allocOwner = new HashMap<>();
        Map<String, Long> allocClass = new HashMap<>();
        int samples = 0;
        long allocTotal = 0;
        int gcCount = 0;
        double gcPauseMs = 0;
        double cpuJvm = 0;
        double cpuMachine = 0;
        int cpuEvents = 0;
        try (RecordingFile recording = new RecordingFile(file)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent e = recording.readEvent();
                Instant at = e.getStartTime();
                if ((from != null && at.isBefore(from)) || (to != null && at.isAfter(to))) {
                    continue;
                }
                String type = e.getEventType().getName();
                switch (type) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace st = e.getStackTrace();
                        if (st == null || st.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        List<RecordedFrame> frames = st.getFrames();
                        String top = className(frames.get(0));
                        inc(selfComponent, component(top));
                        inc(selfMethod, method(frames.get(0)));
                        inc(ownerComponent, owner(frames));
                        Set<String> comps = new HashSet<>();
                        Set<String> hub = new HashSet<>();
                        String nearestHub = null;
                        for (RecordedFrame f : frames) {
                            String c = className(f);
                            comps.add(component(c));
                            if (c.startsWith("no.knutepunkt.") && !c.contains("$$Lambda") && !c.contains("$$SpringCGLIB")) {
                                hub.add(method(f));
                                if (nearestHub == null) {
                                    nearestHub = method(f);
                                }
                            }
                        }
                        comps.forEach(c -> inc(inclusiveComponent, c));
                        hub.forEach(m -> inc(hubInclusive, m));
                        inc(hubNearest, nearestHub == null ? "(no hub frame on the stack)" : nearestHub);
                        String thread = e.getThread("sampledThread") == null ? "?"
                                : e.getThread("sampledThread").getJavaName();
                        inc(threads, thread == null ? "?" : thread.replaceAll("\\d+", "#"));
                    }
                    case "jdk.ObjectAllocationSample" -> {
                        long weight = e.getLong("weight");
                        allocTotal += weight;
                        RecordedStackTrace st = e.getStackTrace();
                        String owner = st == null ? "?" : owner(st.getFrames());
                        allocOwner.merge(owner, weight, Long::sum);
                        String cls = e.getClass("objectClass") == null ? "?" : e.getClass("objectClass").getName();
                        allocClass.merge(cls, weight, Long::sum);
                    }
                    case "jdk.GarbageCollection" -> {
                        gcCount++;
                        gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
                    }
                    case "jdk.CPULoad" -> {
                        cpuJvm += e.getFloat("jvmUser") + e.getFloat("jvmSystem");
                        cpuMachine += e.getFloat("machineTotal");
                        cpuEvents++;
                    }
                    default -> {
                    }
                }
            }
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("file", file.toString());
        out.put("from", from == null ? "" : from.toString());
        out.put("to", to == null ? "" : to.toString());
        out.put("executionSamples", samples);
        out.set("byLibrary", table(ownerComponent, samples, 20));
        out.set("selfByComponent", table(selfComponent, samples, 20));
        out.set("inclusiveByComponent", table(inclusiveComponent, samples, 20));
        out.set("topSelfMethods", table(selfMethod, samples, 25));
        out.set("nearestHubMethod", table(hubNearest, samples, 20));
        out.set("hubMethodsInclusive", table(hubInclusive, samples, 20));
        out.set("threads", table(threads, samples, 12));
        out.put("allocationSampledBytes", allocTotal);
        out.set("allocationByLibrary", tableLong(allocOwner, allocTotal, 12));
        out.set("allocationByClass", tableLong(allocClass, allocTotal, 12));
        out.put("gcCount", gcCount);
        out.put("gcPauseMs", Stats.round(gcPauseMs));
        out.put("cpuJvmOfMachine", cpuEvents == 0 ? Double.NaN : Stats.round(cpuJvm / cpuEvents));
        out.put("cpuMachineTotal", cpuEvents == 0 ? Double.NaN : Stats.round(cpuMachine / cpuEvents));
        return out;
    }

    /** The component of the first frame (from the top) that is not generic JDK code. */
    static String owner(List<RecordedFrame> frames) {
        String first = null;
        for (RecordedFrame f : frames) {
            String c = component(className(f));
            if (first == null) {
                first = c;
            }
            if (!GENERIC.contains(c)) {
                return c;
            }
        }
        return first == null ? "?" : first + " (no library frame)";
    }

    private static void inc(Map<String, Integer> m, String k) {
        m.merge(k, 1, Integer::sum);
    }

    private static ArrayNode table(Map<String, Integer> m, int total, int limit) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).forEach(e -> {
                    ObjectNode r = rows.addObject();
                    r.put("name", e.getKey());
                    r.put("samples", e.getValue());
                    r.put("pct", total == 0 ? 0 : Stats.round(100.0 * e.getValue() / total));
                });
        return rows;
    }

    private static ArrayNode tableLong(Map<String, Long> m, long total, int limit) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        m.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).forEach(e -> {
                    ObjectNode r = rows.addObject();
                    r.put("name", e.getKey());
                    r.put("bytes", e.getValue());
                    r.put("pct", total == 0 ? 0 : Stats.round(100.0 * e.getValue() / total));
                });
        return rows;
    }
}
