package no.knutepunkt.hub.api;

import java.util.LinkedHashMap;
import java.util.Map;
import no.knutepunkt.hub.messaging.store.MessageStore;
import no.knutepunkt.platform.message.Envelope;

/** How the API shows the hub's objects as JSON. */
public final class Views {
    private Views() {
    }

    /** A message's metadata, with Fiks IO's field names. */
    public static Map<String, Object> envelope(Envelope e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("meldingId", e.meldingId());
        m.put("avsender", e.avsender());
        m.put("mottakere", e.mottakere());
        m.put("meldingType", e.meldingType());
        m.put("klientMeldingId", e.klientMeldingId());
        e.klientKorrelasjonsId().ifPresent(v -> m.put("klientKorrelasjonsId", v));
        e.svarPaMelding().ifPresent(v -> m.put("svarPaMelding", v));
        m.put("ttl", e.ttlMillis());
        m.put("filnavn", e.filnavn());
        m.put("mottatt", e.receivedAt().toString());
        return m;
    }

    public static Map<String, Object> history(MessageStore.DeliveryHistory h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mottaker", h.delivery().mottaker());
        m.put("connector", h.delivery().connector());
        m.put("status", h.delivery().status().name());
        m.put("statusAt", h.delivery().statusAt().toString());
        m.put("history", h.history().stream().map(ev -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", ev.status().name());
            e.put("at", ev.at().toString());
            e.put("reason", ev.reason());
            return e;
        }).toList());
        return m;
    }
}
