package no.knutepunkt.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;
import no.knutepunkt.platform.message.Envelope;

/** A message's metadata as the API shows it, with Fiks IO's field names; absent optional fields are left out. */
public record MessageView(String meldingId, String avsender, List<String> mottakere, String meldingType,
                          String klientMeldingId,
                          @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> klientKorrelasjonsId,
                          @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> svarPaMelding,
                          long ttl, String filnavn, String mottatt) {

    public static MessageView of(Envelope e) {
        return new MessageView(e.meldingId(), e.avsender(), e.mottakere(), e.meldingType(), e.klientMeldingId(),
                e.klientKorrelasjonsId(), e.svarPaMelding(), e.ttlMillis(), e.filnavn(), e.receivedAt().toString());
    }
}
