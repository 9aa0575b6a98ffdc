package no.knutepunkt.hub.messaging.store;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The payload store ({@code knutepunkt.payloads.*}).
 *
 * @param dir         where payload files live: under the data directory by default; with several hub instances,
 *                    a volume they all mount (see the README, production)
 * @param inlineLimit payloads up to this size are kept in the database, in the transaction of their message
 */
@ConfigurationProperties("knutepunkt.payloads")
public record PayloadProperties(Path dir, @DefaultValue("64KB") DataSize inlineLimit) {
}
