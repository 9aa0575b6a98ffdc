package no.knutepunkt.hub.operations;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What operators see and do ({@code knutepunkt.operations.*}).
 *
 * @param suspendTimeout   how long suspending a route waits for the exchanges it has under way to end
 * @param gaugeCache       how long the dead-letter and backlog gauges reuse a count before they ask the database again
 * @param connectorHealth  when a connector's health indicator says DOWN
 */
@Validated
@ConfigurationProperties("knutepunkt.operations")
public record OperationsProperties(@DefaultValue("30s") @NotNull Duration suspendTimeout,
                                   @DefaultValue("5s") @NotNull Duration gaugeCache,
                                   @DefaultValue @Valid @NotNull ConnectorHealth connectorHealth) {

    /**
     * A connector is DOWN when its last {@code window} delivery attempts within {@code period} all failed and they
     * are at least {@code minFailures}; UP when one of them succeeded; UNKNOWN when it made none in that time.
     *
     * @param window      how many of the latest attempts count
     * @param period      how old an attempt may be and still count
     * @param minFailures how many failed attempts (all of the recent ones) make it DOWN
     */
    public record ConnectorHealth(@DefaultValue("10") @Min(1) int window,
                                  @DefaultValue("5m") @NotNull Duration period,
                                  @DefaultValue("3") @Min(1) int minFailures) {
        public ConnectorHealth {
            if (minFailures > window) {
                throw new IllegalArgumentException("knutepunkt.operations.connector-health.min-failures ("
                        + minFailures + ") must not be more than its window (" + window + ")");
            }
        }
    }
}
