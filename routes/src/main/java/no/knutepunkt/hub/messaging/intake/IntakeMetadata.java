package no.knutepunkt.hub.messaging.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The {@code metadata} part of a send, with Fiks IO's field names. */
record IntakeMetadata(
        @JsonProperty("avsender") String avsender,
        @JsonProperty("mottakere") List<String> mottakere,
        @JsonProperty("meldingType") String meldingType,
        @JsonProperty("klientMeldingId") String klientMeldingId,
        @JsonProperty("klientKorrelasjonsId") String klientKorrelasjonsId,
        @JsonProperty("svarPaMelding") String svarPaMelding,
        @JsonProperty("ttl") Long ttl,
        @JsonProperty("filnavn") String filnavn) {
}
