package no.knutepunkt.hub.messaging.failure;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the embedded broker retries a delivery that failed transiently (eFormidling's 20 s, ×3, capped at 1 h), and
 * after how many attempts it gives up to the dead-letter queue ({@code knutepunkt.redelivery.*}). An external broker
 * takes the same values from its own broker.xml.
 */
@Validated
@ConfigurationProperties("knutepunkt.redelivery")
public record RedeliveryProperties(@DefaultValue("20s") @NotNull Duration initialDelay,
                                   @DefaultValue("3.0") @DecimalMin("1.0") double multiplier,
                                   @DefaultValue("1h") @NotNull Duration maxDelay,
                                   @DefaultValue("8") @Min(1) int maxAttempts) {
}
