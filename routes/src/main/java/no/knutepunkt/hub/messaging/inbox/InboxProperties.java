package no.knutepunkt.hub.messaging.inbox;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param lockDuration how long a download locks a message before it shows in the inbox again ({@code knutepunkt.inbox.*}) */
@Validated
@ConfigurationProperties("knutepunkt.inbox")
public record InboxProperties(@DefaultValue("5m") @NotNull Duration lockDuration) {
}
