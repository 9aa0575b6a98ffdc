package no.knutepunkt.hub.operations;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import no.knutepunkt.hub.messaging.DeliveryAttempts;
import no.knutepunkt.hub.messaging.MessageMetrics;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Each connector's health, from the outcomes of its latest delivery attempts in this hub instance: DOWN when the
 * latest {@code window} attempts within {@code period} all failed and they are at least {@code min-failures}
 * (a member system answering 500 to everything, an unreachable SvarUt); UP when one of them succeeded; UNKNOWN when
 * the connector made no attempt in that time (see {@link OperationsProperties.ConnectorHealth}).
 *
 * <p>Told each attempt's outcome by the message path's {@link MessageMetrics}; shown by the health contributor {@code connector}
 * (see {@link OperationsConfig}) in the health group {@code connectors}.
 */
@Component
public class ConnectorHealth implements DeliveryAttempts {
    private final OperationsProperties.ConnectorHealth settings;
    private final Map<String, Attempts> connectors = new ConcurrentHashMap<>();

    public ConnectorHealth(OperationsProperties properties) {
        this.settings = properties.connectorHealth();
    }

    /** Records the outcome of one delivery attempt by {@code connector}. */
    @Override
    public void attempt(String connector, boolean succeeded) {
        connectors.computeIfAbsent(connector, c -> new Attempts(settings.window())).add(succeeded, Instant.now());
    }

    /** The connector's health now. */
    Health health(String connector) {
        Attempts attempts = connectors.get(connector);
        return attempts == null ? Health.unknown().withDetail("attempts", 0).build()
                : attempts.health(Instant.now().minus(settings.period()), settings.minFailures());
    }

    /** The latest attempts of one connector, a ring of at most {@code window}. */
    private static final class Attempts {
        private final boolean[] succeeded;
        private final Instant[] at;
        private int next;
        private int size;
        private Instant lastSuccess;
        private Instant lastFailure;

        Attempts(int window) {
            this.succeeded = new boolean[window];
            this.at = new Instant[window];
        }

        synchronized void add(boolean success, Instant now) {
            succeeded[next] = success;
            at[next] = now;
            next = (next + 1) % succeeded.length;
            size = Math.min(size + 1, succeeded.length);
            if (success) {
                lastSuccess = now;
            } else {
                lastFailure = now;
            }
        }

        synchronized Health health(Instant since, int minFailures) {
            int recent = 0;
            int failed = 0;
            for (int i = 0; i < size; i++) {
                if (!at[i].isBefore(since)) {
                    recent++;
                    if (!succeeded[i]) {
                        failed++;
                    }
                }
            }
            Health.Builder health = recent == 0 ? Health.unknown()
                    : failed == recent && failed >= minFailures ? Health.down() : Health.up();
            health.withDetail("attempts", recent).withDetail("failed", failed);
            if (lastSuccess != null) {
                health.withDetail("lastSuccess", lastSuccess.toString());
            }
            if (lastFailure != null) {
                health.withDetail("lastFailure", lastFailure.toString());
            }
            return health.build();
        }
    }
}
