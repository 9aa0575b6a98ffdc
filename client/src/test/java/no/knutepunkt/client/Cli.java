package no.knutepunkt.client;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the client's entry point as a shell would, with the given environment, and keeps what it printed. */
final class Cli {
    /** The exit code, standard output and standard error of one run. */
    record Result(int code, String out, String err) {
    }

    private Cli() {
    }

    static Result run(Map<String, String> environment, String... args) {
        return run(Shell.of(environment), args);
    }

    /** In the given shell: a terminal or not, its clock, its waits. */
    static Result run(Shell shell, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = KnutepunktCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), shell);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** With no KNUTEPUNKT_HUB set. */
    static Result run(String... args) {
        return run(Map.of(), args);
    }
}
