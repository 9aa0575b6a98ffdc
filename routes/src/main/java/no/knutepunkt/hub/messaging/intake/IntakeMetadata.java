package no.knutepunkt.hub.messaging.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Problem;

/**
 * The {@code metadata} part of a send, with Fiks IO's field names; each text no longer than the column it is kept
 * in (a longer one is refused naming the field, see {@link ApiJson#read}).
 */
record IntakeMetadata(
        @JsonProperty("avsender") @Size(max = 9, message = MAX) String avsender,
        @JsonProperty("mottakere") List<@Size(max = 9, message = MAX) String> mottakere,
        @JsonProperty("meldingType") @Size(max = 200, message = MAX) String meldingType,
        @JsonProperty("klientMeldingId") @Size(max = 200, message = MAX) String klientMeldingId,
        @JsonProperty("klientKorrelasjonsId") @Size(max = 200, message = MAX) String klientKorrelasjonsId,
        @JsonProperty("svarPaMelding") @Size(max = 36, message = MAX) String svarPaMelding,
        @JsonProperty("ttl") Long ttl,
        @JsonProperty("filnavn") @Size(max = 255, message = MAX) String filnavn) {
    static final String MAX = "must have at most {max} characters";

    /**
     * Reads the metadata part: at most {@code maxBytes} of it (413 metadata-too-large beyond), as a JSON object of
     * these fields only, each within its length (400 invalid-metadata otherwise, see {@link ApiJson#read}). The
     * fields themselves are checked where the sender, the registry and the message type are known. A function of
     * the bytes alone, so that it can be fuzzed without a hub.
     *
     * @throws Problem     the part is too large or not such an object
     * @throws IOException reading {@code content} failed
     */
    static IntakeMetadata read(InputStream content, int maxBytes, ApiJson json) throws IOException {
        byte[] metadata = content.readNBytes(maxBytes + 1);
        if (metadata.length > maxBytes) {
            throw new Problem(413, "metadata-too-large", "Metadata too large",
                    "the metadata part has more than " + maxBytes + " bytes; the limit is " + maxBytes);
        }
        return json.read(new ByteArrayInputStream(metadata), IntakeMetadata.class);
    }
}
