package no.knutepunkt.hub.messaging.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import no.knutepunkt.hub.api.ApiJson;
import no.knutepunkt.hub.api.Problem;

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

    /**
     * Reads the metadata part: at most {@code maxBytes} of it (413 metadata-too-large beyond), as a JSON object of
     * these fields only (400 invalid-metadata otherwise, see {@link ApiJson#read}). The fields themselves are
     * checked where the sender, the registry and the message type are known. A function of the bytes alone, so
     * that it can be fuzzed without a hub.
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
