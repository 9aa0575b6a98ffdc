package no.knutepunkt.hub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The hub itself ({@code knutepunkt.*}).
 *
 * @param dataDir where the embedded broker, the embedded database, the payload store and the demo identities live
 * @param hub     the hub as a party: the sender of its own notices (serverfeil, tidsavbrudd, archive receipts)
 */
@Validated
@ConfigurationProperties("knutepunkt")
public record HubProperties(@DefaultValue("data") @NotNull Path dataDir, @DefaultValue @Valid Party hub) {

    /** @param orgnr the organisation number the hub sends as; its certificate names it. Not a member. */
    public record Party(@DefaultValue("921000006") @Pattern(regexp = "\\d{9}", message = "must be 9 digits")
                        String orgnr) {
    }
}
