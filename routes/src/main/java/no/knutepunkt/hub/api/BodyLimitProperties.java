package no.knutepunkt.hub.api;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The largest request bodies besides a message and the secretariat's uploads ({@code knutepunkt.http.*}, see
 * {@link RequestBodies}); the limits for those two are {@code knutepunkt.intake.*}.
 *
 * @param maxJsonBytes the largest JSON body of the API (read into memory, so keep it small)
 * @param maxFormBytes the largest form the console's pages and sign-in post (the container reads forms whole)
 */
@Validated
@ConfigurationProperties("knutepunkt.http")
public record BodyLimitProperties(@DefaultValue("256KB") @NotNull DataSize maxJsonBytes,
                                  @DefaultValue("64KB") @NotNull DataSize maxFormBytes) {

    public BodyLimitProperties {
        if (maxJsonBytes != null && (maxJsonBytes.toBytes() <= 0 || maxJsonBytes.toBytes() > 64L << 20)) {
            throw new IllegalArgumentException("knutepunkt.http.max-json-bytes must be above 0 and at most 64MB");
        }
        if (maxFormBytes != null && (maxFormBytes.toBytes() <= 0 || maxFormBytes.toBytes() > 64L << 20)) {
            throw new IllegalArgumentException("knutepunkt.http.max-form-bytes must be above 0 and at most 64MB");
        }
    }
}
