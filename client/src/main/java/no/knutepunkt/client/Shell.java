package no.knutepunkt.client;

import java.io.Console;
import java.io.File;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the client takes from where it runs besides its two streams: the environment variables, whether standard
 * output is a terminal (a progress line is then rewritten in place) and how many columns it has (0: not known),
 * the clock (a dead letter's age), and how it waits between two questions to the hub.
 */
record Shell(Map<String, String> environment, boolean terminal, int columns, Clock clock, Pause pause) {
    /** Waits; tests give one that only counts. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private static final Pause SLEEP = duration -> Thread.sleep(duration.toMillis());

    /** Output that is not a terminal, with the given environment, the system clock, and real waits. */
    static Shell of(Map<String, String> environment) {
        return new Shell(environment, false, 0, Clock.systemUTC(), SLEEP);
    }

    /** The process's own: its environment, and whether its standard output is a terminal, and how wide. */
    static Shell system() {
        Map<String, String> environment = System.getenv();
        boolean terminal = isTerminal();
        return new Shell(environment, terminal, terminal ? columns(environment) : 0, Clock.systemUTC(), SLEEP);
    }

    /**
     * True when standard input and output are a terminal: {@link System#console()} on Java 17 (it is null when
     * either is redirected), and {@code Console.isTerminal()} where there is one (Java 22 and later give a console
     * for redirected streams too).
     */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException java17) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The terminal's width: $COLUMNS if the shell exports it, else what {@code stty size} says; 0 if neither. */
    private static int columns(Map<String, String> environment) {
        int columns = positive(environment.get("COLUMNS"));
        if (columns > 0) {
            return columns;
        }
        try {
            Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!stty.waitFor(1, TimeUnit.SECONDS)) {
                stty.destroy();
                return 0;
            }
            String[] size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip()
                    .split("\\s+");
            return size.length == 2 ? positive(size[1]) : 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } catch (Exception noStty) {
            return 0;
        }
    }

    private static int positive(String value) {
        try {
            int n = value == null ? 0 : Integer.parseInt(value.strip());
            return Math.max(n, 0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
