package no.knutepunkt.hub.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the hub's, the members' and the staff's identities are ({@code knutepunkt.identities.*}).
 *
 * @param dir          the identity directory; unset means {@code DATA/demo}
 * @param generateDemo make missing demo identities (CA, hub, members, staff) on start; off in production
 */
@Validated
@ConfigurationProperties("knutepunkt.identities")
public record IdentityProperties(Path dir, @DefaultValue("true") boolean generateDemo) {

    /** The identity directory: {@code dir}, or {@code DATA/demo}. */
    public Path dirIn(Path dataDir) {
        return dir != null ? dir : dataDir.resolve("demo");
    }
}
