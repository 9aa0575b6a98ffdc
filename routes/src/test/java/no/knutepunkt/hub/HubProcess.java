package no.knutepunkt.hub;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The hub as its packaged jar in a JVM of its own, for integration tests that kill it or limit its heap: started
 * on a port and data directory, healthy when {@link #start} returns, its output in {@code hub-NAME.log}.
 */
public final class HubProcess implements AutoCloseable {
    private final Process process;
    private final URI uri;
    private final Path log;

    private HubProcess(Process process, URI uri, Path log) {
        this.process = process;
        this.uri = uri;
        this.log = log;
    }

    /**
     * Starts the jar ({@code knutepunkt.jar} system property, set by failsafe) and waits until it is healthy.
     *
     * @param jvm  JVM options (e.g. {@code -Xmx256m})
     * @param args the hub's own arguments besides port and data directory
     */
    public static HubProcess start(Path dir, int port, String name, List<String> jvm, List<String> args)
            throws IOException {
        Path log = dir.resolve("hub-" + name + ".log");
        Process process = launch(dir, port, log, jvm, args);
        URI uri = URI.create("http://127.0.0.1:" + port);
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> process.isAlive()
                            && Multipart.get(uri, "/actuator/health", null, null).statusCode() == 200);
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new AssertionError("the hub did not start; its log:\n" + Files.readString(log), e);
        }
        return new HubProcess(process, uri, log);
    }

    /** How a hub that stopped by itself ended: its exit code and its output. */
    public record Ended(int exitCode, String log) {
    }

    /** Starts the jar as {@link #start} does and waits (at most two minutes) for it to end by itself. */
    public static Ended runToEnd(Path dir, int port, String name, List<String> args)
            throws IOException, InterruptedException {
        Path log = dir.resolve("hub-" + name + ".log");
        Process process = launch(dir, port, log, List.of(), args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the hub did not end; its log:\n" + Files.readString(log));
        }
        return new Ended(process.exitValue(), Files.readString(log));
    }

    private static Process launch(Path dir, int port, Path log, List<String> jvm, List<String> args)
            throws IOException {
        String jar = System.getProperty("knutepunkt.jar", "target/knutepunkt.jar");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar, "--server.port=" + port, "--knutepunkt.data-dir=" + dir.resolve("data")));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    public URI uri() {
        return uri;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, as a crash would: nothing is shut down in order. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the hub did not die");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /** A free port on this machine. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The username and password of a demo credentials file. */
    public static String[] credentials(Path file) throws IOException {
        Properties p = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            p.load(reader);
        }
        return new String[] {p.getProperty("username"), p.getProperty("password")};
    }
}
