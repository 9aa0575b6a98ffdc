package no.knutepunkt.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The hub as a separate JVM: {@code java [jvm args] -jar JAR --prop=value ...}, its output in a log file. */
public final class HubProcess implements AutoCloseable {
    private final Process process;
    private final URI uri;
    private final Path log;
    private final Path dataDir;
    private final double startSeconds;

    private HubProcess(Process process, URI uri, Path log, Path dataDir, double startSeconds) {
        this.process = process;
        this.uri = uri;
        this.log = log;
        this.dataDir = dataDir;
        this.startSeconds = startSeconds;
    }

    public static HubProcess start(Path jar, Path dataDir, int port, List<String> jvmArgs, Map<String, String> props,
                                   Path log, Duration timeout) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
        cmd.add("--server.port=" + port);
        cmd.add("--server.address=127.0.0.1");
        cmd.add("--knutepunkt.data-dir=" + dataDir.toAbsolutePath());
        props.forEach((k, v) -> cmd.add("--" + k + "=" + v));
        Files.createDirectories(log.getParent());
        Files.writeString(log, String.join(" ", cmd) + "\n\n");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        URI uri = URI.create("http://127.0.0.1:" + port);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = t0 + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("the hub exited with " + p.exitValue() + " while starting; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri.resolve("/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return new HubProcess(p, uri, log, dataDir, (System.nanoTime() - t0) / 1e9);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new IOException("the hub did not become healthy within " + timeout + "; see " + log);
    }

    public URI uri() {
        return uri;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public Path dataDir() {
        return dataDir;
    }

    public double startSeconds() {
        return startSeconds;
    }

    /** CPU seconds used by the hub so far (utime + stime from /proc), or NaN. */
    public double cpuSeconds() {
        return Machine.processCpuSeconds(process.pid());
    }

    /**
     * JVM options that start a JFR recording with the profile settings when the hub starts (rather
     * than with jcmd later: starting JFR in a warm JVM instruments JDK classes and throws compiled
     * code away, which would put the JIT compiler into the measurement).
     */
    public static List<String> jfrOptions(String name, Path repository) {
        return List.of("-XX:FlightRecorderOptions=repository=" + repository.toAbsolutePath(),
                "-XX:StartFlightRecording=name=" + name + ",settings=profile,maxsize=2g,dumponexit=false");
    }

    /** Writes what the recording holds so far to {@code file} (jcmd JFR.dump). */
    public void jfrDump(String name, Path file) throws IOException, InterruptedException {
        jcmd("JFR.dump", "name=" + name, "filename=" + file.toAbsolutePath());
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(process.pid()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    public void stop() throws InterruptedException {
        stop(30);
    }

    /** SIGTERM, then SIGKILL after {@code graceSeconds}. */
    public void stop(int graceSeconds) throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
