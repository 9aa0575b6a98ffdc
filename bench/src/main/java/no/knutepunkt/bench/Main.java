package no.knutepunkt.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The bench's entry point (bench/run calls it): {@code machine}, {@code crypto}, {@code hub},
 * {@code report}, and {@code jfr FILE [FROM TO]} to summarise any recording.
 */
public final class Main {
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** Ports the machine's other services use; the bench never takes them. */
    private static final Set<Integer> RESERVED = Set.of(5672, 1883, 4222, 6379, 5432, 3306, 15672, 25672, 4369);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            return;
        }
        Args a = new Args(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "machine" -> write(Path.of(a.required("--out")), Machine.describe());
            case "crypto" -> {
                long t0 = System.nanoTime();
                ObjectNode r = CryptoBench.run(a.flag("--quick"));
                r.put("seconds", Stats.round((System.nanoTime() - t0) / 1e9));
                write(Path.of(a.required("--out")), r);
            }
            case "hub" -> {
                Path runDir = Path.of(a.required("--run-dir")).toAbsolutePath();
                boolean quick = a.flag("--quick");
                Set<String> only = new LinkedHashSet<>();
                for (String s : a.get("--only", "").split(",")) {
                    if (!s.isBlank()) {
                        only.add(s.trim());
                    }
                }
                HubBench.Options o = new HubBench.Options(quick, Path.of(a.required("--jar")), only, runDir,
                        Path.of(a.get("--root", ".")).toAbsolutePath(),
                        Double.parseDouble(a.get("--saturation", "NaN")),
                        Integer.parseInt(a.get("--big-mb", quick ? "64" : "1024")),
                        Integer.parseInt(a.get("--registry", quick ? "60" : "357")),
                        port(Integer.parseInt(a.get("--hub-port", "18480"))),
                        port(Integer.parseInt(a.get("--receiver-port", "18481"))));
                ObjectNode r = new HubBench(o).run();
                write(runDir.resolve("results/hub.json"), r);
            }
            case "report" -> Report.write(Path.of(a.required("--run-dir")), Path.of(a.required("--out")),
                    Long.parseLong(a.get("--started", Long.toString(Instant.now().getEpochSecond()))),
                    a.get("--command", "bash bench/run"));
            case "quiet" -> {
                // wait until other processes leave the machine alone (best effort, bounded)
                double max = Double.parseDouble(a.get("--max-seconds", "120"));
                double threshold = Double.parseDouble(a.get("--threshold", "0.25"));
                long t0 = System.nanoTime();
                double busy;
                while ((busy = Machine.backgroundCores(3)) > threshold && (System.nanoTime() - t0) / 1e9 < max) {
                    System.out.printf("  other processes use %.2f cores; waiting for a quiet machine (%.0f s so far)%n",
                            busy, (System.nanoTime() - t0) / 1e9);
                }
                System.out.printf("  other processes: %.2f cores%s%n", busy, busy > threshold ? " (gave up waiting)" : "");
            }
            case "jfr" -> {
                Instant from = args.length > 3 ? Instant.parse(args[2]) : null;
                Instant to = args.length > 3 ? Instant.parse(args[3]) : null;
                System.out.println(JSON.writerWithDefaultPrettyPrinter()
                        .writeValueAsString(JfrSummary.summarize(Path.of(args[1]), from, to)));
            }
            default -> usage();
        }
    }

    private static void usage() {
        System.err.println("usage: machine --out F | crypto [--quick] --out F | hub --jar J --run-dir D [--root R]"
                + " [--quick] [--only a,b,...] [--saturation N] [--big-mb N] [--registry N] | report --run-dir D"
                + " --out F [--started EPOCH] [--command C] | jfr FILE [FROM TO]");
        System.exit(2);
    }

    /** The port if it is free on 127.0.0.1, else a free ephemeral one (never a reserved service port). */
    static int port(int wanted) throws IOException {
        if (!RESERVED.contains(wanted)) {
            try (ServerSocket s = new ServerSocket(wanted, 1, InetAddress.getLoopbackAddress())) {
                return wanted;
            } catch (IOException taken) {
                // fall through
            }
        }
        while (true) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!RESERVED.contains(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            }
        }
    }

    static void write(Path file, ObjectNode node) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    /** --name value and --flag arguments. */
    static final class Args {
        private final String[] args;

        Args(String[] args) {
            this.args = args;
        }

        boolean flag(String name) {
            return Arrays.asList(args).contains(name);
        }

        String get(String name, String fallback) {
            for (int i = 0; i < args.length - 1; i++) {
                if (args[i].equals(name)) {
                    return args[i + 1];
                }
            }
            return fallback;
        }

        String required(String name) {
            String v = get(name, null);
            if (v == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return v;
        }
    }
}
