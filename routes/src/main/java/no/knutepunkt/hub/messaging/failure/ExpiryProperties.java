package no.knutepunkt.hub.messaging.failure;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param sweepInterval how often deliveries whose time to live ran out are looked for ({@code knutepunkt.expiry.*}) */
@Validated
@ConfigurationProperties("knutepunkt.expiry")
public record ExpiryProperties(@DefaultValue("30s") @NotNull Duration sweepInterval) {
}
