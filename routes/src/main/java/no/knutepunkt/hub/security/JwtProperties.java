package no.knutepunkt.hub.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Production authentication of member systems with OAuth2 bearer JWTs, the way the national platform does it
 * (Maskinporten: the member's system gets a token for the hub's scope and presents it as
 * {@code Authorization: Bearer}); {@code knutepunkt.security.jwt.*}. Off by default: the embedded demo uses HTTP
 * Basic only. Turned on, every other property but the claim and the clock skew must be set, so that a token is
 * never accepted without its issuer, audience and scope checked.
 *
 * @param enabled    whether the API accepts bearer tokens of members (HTTP Basic stays, for staff and the demo)
 * @param jwkSetUri  where the issuer publishes its signing keys (JWKS), e.g.
 *                   {@code https://maskinporten.no/jwk}
 * @param issuer     the {@code iss} every token must carry, e.g. {@code https://maskinporten.no/}
 * @param audience   a value the token's {@code aud} must hold (the audience the hub is known by at the issuer)
 * @param scope      a scope the token's {@code scope} must hold, e.g. {@code knutepunkt:meldinger}
 * @param orgnrClaim the claim naming the member: a plain orgnr, or Maskinporten's {@code consumer} object
 *                   ({@code {"authority":"iso6523-actorid-upis","ID":"0192:921000006"}})
 * @param clockSkew  how far the token's times may be off the hub's clock
 * @param jwkSetTimeout how long fetching the JWKS may take (connect, and read); the keys are cached for five
 *                   minutes and fetched again for a key id they do not hold
 */
@Validated
@ConfigurationProperties("knutepunkt.security.jwt")
public record JwtProperties(@DefaultValue("false") boolean enabled, URI jwkSetUri, String issuer, String audience,
                            String scope, @DefaultValue("consumer") @NotBlank String orgnrClaim,
                            @DefaultValue("60s") @NotNull Duration clockSkew,
                            @DefaultValue("5s") @NotNull Duration jwkSetTimeout) {

    public JwtProperties {
        if (enabled) {
            if (jwkSetUri == null || !jwkSetUri.isAbsolute()) {
                throw new IllegalArgumentException(
                        "knutepunkt.security.jwt.jwk-set-uri must be an absolute URL when jwt is enabled");
            }
            require("issuer", issuer);
            require("audience", audience);
            require("scope", scope);
        }
        if (clockSkew != null && (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0)) {
            throw new IllegalArgumentException("knutepunkt.security.jwt.clock-skew must be between 0s and 5m");
        }
        if (jwkSetTimeout != null
                && (jwkSetTimeout.toMillis() <= 0 || jwkSetTimeout.compareTo(Duration.ofMinutes(1)) > 0)) {
            throw new IllegalArgumentException(
                    "knutepunkt.security.jwt.jwk-set-timeout must be above 0 and at most 1m");
        }
    }

    private static void require(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("knutepunkt.security.jwt." + name + " must be set when jwt is enabled");
        }
    }
}
