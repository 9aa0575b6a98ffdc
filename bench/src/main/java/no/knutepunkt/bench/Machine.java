package no.knutepunkt.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** What the machine is, and CPU and disk accounting from /proc and the file system. */
public final class Machine {
    private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux

    private Machine() {
    }

    public static ObjectNode describe() {
        ObjectNode m = JsonNodeFactory.instance.objectNode();
        m.put("nproc", Runtime.getRuntime().availableProcessors());
        m.put("cpuModel", grep(Path.of("/proc/cpuinfo"), "model name"));
        String mem = grep(Path.of("/proc/meminfo"), "MemTotal");
        try {
            long kb = Long.parseLong(mem.replaceAll("[^0-9]", ""));
            m.put("ramGiB", Stats.round(kb / 1024.0 / 1024.0));
        } catch (NumberFormatException e) {
            m.put("ramGiB", mem);
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("javaVersion", run(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version")));
        m.put("openssl", run(List.of("openssl", "version")));
        m.put("backgroundCoresAtStart", backgroundCores(3));
        m.put("loadavgAtStart", run(List.of("cat", "/proc/loadavg")));
        return m;
    }

    static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            return "unavailable: " + e.getMessage();
        }
    }

    private static String grep(Path file, String key) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(key)).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** utime + stime of a process, in seconds, or NaN. */
    public static double processCpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of this JVM. */
    public static double selfCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Busy and total CPU seconds of the whole machine (all cores) from /proc/stat. */
    public static double[] machineCpuSeconds() {
        try {
            String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = first.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += v;
                }
            }
            return new double[] {(total - idle) / CLOCK_TICKS, total / CLOCK_TICKS};
        } catch (IOException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** Cores busy on the whole machine over {@code seconds} (other processes, before the bench starts anything). */
    public static double backgroundCores(double seconds) {
        double[] m0 = machineCpuSeconds();
        double self0 = selfCpuSeconds();
        long t0 = System.nanoTime();
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] m1 = machineCpuSeconds();
        return Stats.round(Math.max(0, ((m1[0] - m0[0]) - (selfCpuSeconds() - self0)) / wall));
    }

    /** Bytes in a directory tree (apparent sizes of regular files). */
    public static long treeBytes(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Bytes per top-level entry of a directory. */
    public static ObjectNode treeBreakdown(Path dir) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (!Files.isDirectory(dir)) {
            return n;
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.sorted().forEach(p -> n.put(p.getFileName().toString(),
                    Files.isDirectory(p) ? treeBytes(p) : sizeOf(p)));
        } catch (IOException e) {
            n.put("error", e.getMessage());
        }
        return n;
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU ticks per thread of a process: tid → {name, ticks}. */
    public static Map<String, Object[]> threadTicks(long pid) {
        Map<String, Object[]> out = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (Stream<Path> s = Files.list(tasks)) {
            s.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    out.put(t.getFileName().toString(), new Object[] {name, Long.parseLong(f[11]) + Long.parseLong(f[12])});
                } catch (IOException | RuntimeException gone) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException | RuntimeException e) {
            // no such process
        }
        return out;
    }

    /** Cores used per thread group (names with digits as #) between two snapshots. */
    public static ArrayNode threadGroups(Map<String, Object[]> before, Map<String, Object[]> after, double wallSeconds) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, v) -> {
            Object[] b = before.get(tid);
            long delta = (Long) v[1] - (b == null ? 0 : (Long) b[1]);
            if (delta > 0) {
                groups.merge(((String) v[0]).replaceAll("\\d+", "#"), delta, Long::sum);
            }
        });
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(15)
                .forEach(e -> {
                    ObjectNode r = rows.addObject();
                    r.put("name", e.getKey());
                    r.put("cores", Stats.round(e.getValue() / CLOCK_TICKS / wallSeconds));
                });
        return rows;
    }

    /** The cores of the JIT compiler threads (C1 and C2) in a {@link #threadGroups} answer. */
    public static double compilerCores(JsonNode groups) {
        double jit = 0;
        for (JsonNode t : groups) {
            if (t.path("name").asString().contains("CompilerThre")) {
                jit += t.path("cores").asDouble();
            }
        }
        return jit;
    }

    /** A CPU window: hub, this JVM, and the whole machine, in cores used on average. */
    public static final class CpuWindow {
        private final HubProcess hub;
        private final long t0 = System.nanoTime();
        private final double hub0;
        private final double self0;
        private final double[] machine0;

        private final Map<String, Object[]> threads0;

        public CpuWindow(HubProcess hub) {
            this.hub = hub;
            this.threads0 = hub == null ? null : threadTicks(hub.pid());
            this.hub0 = hub == null ? Double.NaN : hub.cpuSeconds();
            this.self0 = selfCpuSeconds();
            this.machine0 = machineCpuSeconds();
        }

        public ObjectNode end() {
            double wall = (System.nanoTime() - t0) / 1e9;
            double[] m = machineCpuSeconds();
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("hubCores", Stats.round((hub == null ? Double.NaN : hub.cpuSeconds() - hub0) / wall));
            n.put("benchCores", Stats.round((selfCpuSeconds() - self0) / wall));
            n.put("machineBusyCores", Stats.round((m[0] - machine0[0]) / wall));
            // clock-tick rounding can make the difference slightly negative on an idle machine
            n.put("otherCores", Stats.round(Math.max(0, n.path("machineBusyCores").asDouble()
                    - n.path("benchCores").asDouble() - (hub == null ? 0 : n.path("hubCores").asDouble()))));
            if (threads0 != null && hub != null) {
                n.set("hubThreads", threadGroups(threads0, threadTicks(hub.pid()), wall));
            }
            return n;
        }
    }
}
