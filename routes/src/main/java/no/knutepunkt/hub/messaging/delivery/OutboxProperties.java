package no.knutepunkt.hub.messaging.delivery;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The outbox sweep ({@code knutepunkt.outbox.*}).
 *
 * @param sweepInterval how often the sweeper looks for accepted deliveries that never reached the broker
 * @param staleAfter    how old such a delivery must be before it is enqueued again
 */
@Validated
@ConfigurationProperties("knutepunkt.outbox")
public record OutboxProperties(@DefaultValue("30s") @NotNull Duration sweepInterval,
                               @DefaultValue("1m") @NotNull Duration staleAfter) {
}
