package no.knutepunkt.hub.messaging.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The {@code metadata} part of a send, with Fiks IO's field names. */
record IntakeMetadata(
        @JsonProperty("avsender") @Size(max = 9, message = "must have at most {max} characters") String avsender,
        @JsonProperty("mottakere") List<@Size(max = 9, message = "must have at most {max} characters") String> mottakere,
        @JsonProperty("meldingType") @Size(max = 200, message = "must have at most {max} characters") String meldingType,
        @JsonProperty("klientMeldingId") @Size(max = 200, message = "must have at most {max} characters") String klientMeldingId,
        @JsonProperty("klientKorrelasjonsId") @Size(max = 200, message = "must have at most {max} characters") String klientKorrelasjonsId,
        @JsonProperty("svarPaMelding") @Size(max = 36, message = "must have at most {max} characters") String svarPaMelding,
        @JsonProperty("ttl") Long ttl,
        @JsonProperty("filnavn") @Size(max = 255, message = "must have at most {max} characters") String filnavn) {
}
