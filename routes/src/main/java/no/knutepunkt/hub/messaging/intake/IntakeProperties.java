package no.knutepunkt.hub.messaging.intake;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What intake accepts ({@code knutepunkt.intake.*}). Sizes take units ({@code 10MB}, {@code 4GB}); a plain number is
 * bytes.
 *
 * @param maxPayloadBytes      the largest signed payload a member system may send (streamed, never held in memory)
 * @param maxDocumentBytes     the largest document the secretariat may upload (distribution, agreement, project
 *                             document); these are read into memory
 * @param maxMetadataBytes     the largest metadata part accepted
 * @param maxBacklog           intake answers 429 while more deliveries than this wait for their connectors (0: never)
 * @param backlogCheckInterval how often intake counts the backlog at most
 * @param retryAfter           the Retry-After of a 429
 * @param maxRecipients        the most recipients one message may have
 * @param defaultTtl           time to live of a message whose metadata gives none
 * @param maxTtl               the longest time to live a message may ask for (a longer one is refused)
 */
@Validated
@ConfigurationProperties("knutepunkt.intake")
public record IntakeProperties(@DefaultValue("4GB") @NotNull DataSize maxPayloadBytes,
                               @DefaultValue("10MB") @NotNull DataSize maxDocumentBytes,
                               @DefaultValue("64KB") @NotNull DataSize maxMetadataBytes,
                               @DefaultValue("20000") @Min(0) int maxBacklog,
                               @DefaultValue("250ms") @NotNull Duration backlogCheckInterval,
                               @DefaultValue("2s") @NotNull Duration retryAfter,
                               @DefaultValue("1000") @Min(1) int maxRecipients,
                               @DefaultValue("2d") @NotNull Duration defaultTtl,
                               @DefaultValue("30d") @NotNull Duration maxTtl) {

    public IntakeProperties {
        requirePositive("knutepunkt.intake.max-payload-bytes", maxPayloadBytes);
        requirePositive("knutepunkt.intake.max-document-bytes", maxDocumentBytes);
        requirePositive("knutepunkt.intake.max-metadata-bytes", maxMetadataBytes);
        if (defaultTtl != null && maxTtl != null && defaultTtl.compareTo(maxTtl) > 0) {
            throw new IllegalArgumentException("knutepunkt.intake.default-ttl (" + defaultTtl
                    + ") must not be longer than knutepunkt.intake.max-ttl (" + maxTtl + ")");
        }
        if (maxMetadataBytes != null && maxMetadataBytes.toBytes() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("knutepunkt.intake.max-metadata-bytes must be below 2GB");
        }
    }

    /** The largest multipart body of a send: the payload, the metadata and 16 KiB for the parts' headers. */
    public long maxBodyBytes() {
        return maxPayloadBytes.toBytes() + maxMetadataBytes.toBytes() + 16 * 1024;
    }

    private static void requirePositive(String name, DataSize size) {
        if (size != null && size.toBytes() <= 0) {
            throw new IllegalArgumentException(name + " must be more than 0 bytes");
        }
    }
}
