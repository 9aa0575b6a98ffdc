package no.knutepunkt.hub.startup;

import no.knutepunkt.hub.KnutepunktApplication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringBootExceptionReporter;

/** Reports a {@link HubStartRefused} as its message on one ERROR line; other failures are left to Spring Boot. */
public class StartRefusedReporter implements SpringBootExceptionReporter {
    private static final Logger log = LoggerFactory.getLogger(KnutepunktApplication.class);

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HubStartRefused refused) {
                log.error(refused.getMessage());
                return true;
            }
        }
        return false;
    }
}
