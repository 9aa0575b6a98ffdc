package no.knutepunkt.hub.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import no.knutepunkt.hub.api.Problem;
import org.springframework.stereotype.Component;

/**
 * The message path's meters, recorded where things happen (intake, the delivery routes, the dead letters). Every
 * tag has few values (message types, connectors, problem types, outcomes; never a meldingId or an orgnr), and each
 * combination's meter is made once and then taken from a map: the cost per message is a map lookup and an
 * increment.
 *
 * <ul>
 *   <li>{@code knutepunkt.intake.accepted} (tag {@code type}): messages intake accepted (202) and stored; a
 *       repeated {@code klientMeldingId} is not counted again</li>
 *   <li>{@code knutepunkt.intake.refused} (tag {@code problem}): sends intake refused, by problem type slug
 *       ({@code signature-invalid}, {@code busy}, ...; {@code internal-error} for a failure of the hub's own)</li>
 *   <li>{@code knutepunkt.deliveries} (tags {@code connector}, {@code type}, {@code outcome}): delivery outcomes
 *       ({@link Outcome})</li>
 *   <li>{@code knutepunkt.delivery.latency} (tag {@code connector}, with a percentile histogram): from the
 *       message's receipt to its hand-over (delivered, or placed in the inbox)</li>
 * </ul>
 * Each delivery attempt's outcome is also told to every {@link DeliveryAttempts} (the operations' connector health).
 */
@Component
public class MessageMetrics {
    private final MeterRegistry registry;
    private final List<DeliveryAttempts> attempts;
    private final ConcurrentHashMap<String, Counter> accepted = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> refused = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<DeliveryTags, Counter> deliveries = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> latency = new ConcurrentHashMap<>();

    public MessageMetrics(MeterRegistry registry, List<DeliveryAttempts> attempts) {
        this.registry = registry;
        this.attempts = List.copyOf(attempts);
    }

    /** What became of a delivery attempt. */
    public enum Outcome {
        /** The recipient's system took it (DELIVERED). */
        DELIVERED(true),
        /** It waits in the recipient's inbox. */
        INBOX(true),
        /** It failed for good: FAILED, on the dead-letter list (a permanent refusal, or attempts exhausted). */
        FAILED(false),
        /** The attempt failed for a passing cause and was rolled back for the broker to try again. */
        RETRIED(false);

        private final String tag = name().toLowerCase(Locale.ROOT);
        private final boolean success;

        Outcome(boolean success) {
            this.success = success;
        }
    }

    private record DeliveryTags(String connector, String type, Outcome outcome) {
    }

    /** Intake accepted and stored a message of this type. */
    public void accepted(String type) {
        accepted.computeIfAbsent(type, t -> Counter.builder("knutepunkt.intake.accepted")
                .description("messages intake accepted and stored").tag("type", t).register(registry)).increment();
    }

    /** Intake refused a send: a {@link Problem} by its type, anything else as the internal error it answers. */
    public void refused(Throwable refusal) {
        String slug = refusal instanceof Problem p && p.type().startsWith(Problem.TYPE_PREFIX)
                ? p.type().substring(Problem.TYPE_PREFIX.length()) : "internal-error";
        refused.computeIfAbsent(slug, s -> Counter.builder("knutepunkt.intake.refused")
                .description("sends intake refused, by problem type").tag("problem", s).register(registry))
                .increment();
    }

    /**
     * A delivery attempt by {@code connector} of a message of {@code type} ended with {@code outcome};
     * {@code receivedAt} is when the message was accepted, for the latency of a hand-over (may be null otherwise).
     */
    public void delivery(String connector, String type, Outcome outcome, Instant receivedAt) {
        deliveries.computeIfAbsent(new DeliveryTags(connector, type, outcome), t -> Counter.builder("knutepunkt.deliveries")
                .description("delivery outcomes").tag("connector", t.connector()).tag("type", t.type())
                .tag("outcome", t.outcome().tag).register(registry)).increment();
        if (outcome.success && receivedAt != null) {
            latency.computeIfAbsent(connector, c -> Timer.builder("knutepunkt.delivery.latency")
                    .description("from a message's receipt to its hand-over to the recipient or its inbox")
                    .tag("connector", c).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                    .register(registry)).record(Duration.between(receivedAt, Instant.now()));
        }
        attempts.forEach(a -> a.attempt(connector, outcome.success));
    }
}
