package no.knutepunkt.hub.messaging.retention;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the hub keeps what finished messages carried ({@code knutepunkt.retention.*}).
 *
 * @param period        payloads and status history of messages whose every delivery has ended are removed this long
 *                      after the message was received; the messages and their deliveries' statuses are kept
 * @param sweepInterval how often the purge runs
 * @param batchSize     how many messages one purge transaction handles
 */
@ConfigurationProperties("knutepunkt.retention")
public record RetentionProperties(@DefaultValue("30d") Duration period, @DefaultValue("1h") Duration sweepInterval,
                                  @DefaultValue("500") int batchSize) {
}
