package no.knutepunkt.hub.cluster;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Several hub instances on one database ({@code knutepunkt.cluster.*}).
 *
 * @param instanceId this instance's name in the job leases (default: host name and process id)
 * @param lease      how long a job's lease lasts after its holder last renewed it: the longest another instance
 *                   waits before it takes over the jobs of one that stopped or died
 */
@Validated
@ConfigurationProperties("knutepunkt.cluster")
public record ClusterProperties(@DefaultValue("") String instanceId,
                                @DefaultValue("30s") @NotNull Duration lease) {
}
