package no.knutepunkt.hub.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The connectors that reach outside the hub ({@code knutepunkt.fiksio.*}, {@code knutepunkt.noark5.*},
 * {@code knutepunkt.svarut.*}, {@code knutepunkt.peppol.*}); which member each one serves is in the routing.
 */
@Validated
@ConfigurationProperties("knutepunkt")
public record ConnectorProperties(@DefaultValue @Valid Fiksio fiksio, @DefaultValue @Valid Noark5 noark5,
                                  @DefaultValue @Valid Svarut svarut, @DefaultValue @Valid Peppol peppol) {

    /** Fiks IO push to member systems. */
    public record Fiksio(@DefaultValue("5s") @NotNull Duration connectTimeout,
                         @DefaultValue("30s") @NotNull Duration requestTimeout) {
    }

    /** The Noark 5 connector's timeout; each archive's base URL and arkivdel are per member (routing). */
    public record Noark5(@DefaultValue("30s") @NotNull Duration timeout) {
    }

    /**
     * The national SvarUt service, for members routed to the {@code svarut} connector.
     *
     * @param printFallback let SvarUt print and post a letter when the recipient does not read it digitally
     */
    public record Svarut(@DefaultValue("https://svarut.ks.no") @NotNull URI baseUrl, @DefaultValue("") String username,
                         @DefaultValue("") String password, @DefaultValue("60s") @NotNull Duration timeout,
                         @DefaultValue("false") boolean printFallback) {
    }

    /**
     * The Peppol access point that transmits the invoices the hub issues; none by default.
     *
     * @param baseUrl the access point's API root; unset: no access point, and invoicing runs issue nothing
     * @param apiKey  the hub's API key at the access point (a bearer token); blank for none
     */
    public record Peppol(URI baseUrl, @DefaultValue("") String apiKey, @DefaultValue("30s") @NotNull Duration timeout) {

        /** Whether an access point is configured (an empty value, as from an unset variable, is none). */
        public boolean hasAccessPoint() {
            return baseUrl != null && !baseUrl.toString().isBlank();
        }
    }
}
