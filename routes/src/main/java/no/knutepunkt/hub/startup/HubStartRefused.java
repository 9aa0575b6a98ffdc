package no.knutepunkt.hub.startup;

import org.springframework.boot.ExitCodeGenerator;

/**
 * A reason the hub does not start that its message says in full: reported as one ERROR line without a stack trace
 * ({@link StartRefusedReporter}), and the process ends with exit code 1.
 */
public class HubStartRefused extends RuntimeException implements ExitCodeGenerator {
    public HubStartRefused(String message) {
        super(message);
    }

    @Override
    public int getExitCode() {
        return 1;
    }
}
