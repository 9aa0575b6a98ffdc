package no.knutepunkt.connectors.fiksio;

import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.connectors.Delivery;

/**
 * A delivery's Fiks IO metadata, named as Fiks IO names it: the JSON {@code metadata} part of a push, and the
 * application properties of a message a member takes from its AMQP address. Values are strings, but {@code ttl}
 * (milliseconds, a long) and {@code resendt} (a boolean); {@code klientKorrelasjonsId} and {@code svarPaMelding}
 * are left out when the message has none.
 */
public final class FiksIoHeaders {
    private FiksIoHeaders() {
    }

    /** The metadata of one delivery, in a fixed order. */
    public static Map<String, Object> of(Delivery d) {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("meldingId", d.meldingId());
        headers.put("avsender", d.avsender());
        headers.put("mottaker", d.mottaker());
        headers.put("meldingType", d.meldingType());
        headers.put("klientMeldingId", d.klientMeldingId());
        d.klientKorrelasjonsId().ifPresent(v -> headers.put("klientKorrelasjonsId", v));
        d.svarPaMelding().ifPresent(v -> headers.put("svarPaMelding", v));
        headers.put("ttl", d.ttlMillis());
        headers.put("filnavn", d.filnavn());
        // true when the recipient may have had it before (Fiks IO's "resendt"): it is the same message, by meldingId
        headers.put("resendt", d.resendt());
        return headers;
    }
}
