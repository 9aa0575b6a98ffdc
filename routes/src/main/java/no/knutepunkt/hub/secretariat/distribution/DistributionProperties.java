package no.knutepunkt.hub.secretariat.distribution;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How distributions make their messages: a batch of recipients at a time ({@code knutepunkt.distributions.*}).
 *
 * @param batchesPerTick how many batches one tick makes at most while there is work (then it waits for the next tick)
 */
@Validated
@ConfigurationProperties("knutepunkt.distributions")
public record DistributionProperties(@DefaultValue("100") @Min(1) int batchSize,
                                     @DefaultValue("1s") @NotNull Duration interval,
                                     @DefaultValue("10") @Min(1) int batchesPerTick) {
}
