package no.knutepunkt.hub.api;

import java.util.List;
import no.knutepunkt.hub.messaging.store.MessageStore;

/** A delivery's status as the API shows it, with its history (a reason may be null). */
public record DeliveryView(String mottaker, String connector, String status, String statusAt, List<Event> history) {

    public record Event(String status, String at, String reason) {
    }

    public static DeliveryView of(MessageStore.DeliveryHistory h) {
        return new DeliveryView(h.delivery().mottaker(), h.delivery().connector(), h.delivery().status().name(),
                h.delivery().statusAt().toString(), h.history().stream()
                .map(ev -> new Event(ev.status().name(), ev.at().toString(), ev.reason())).toList());
    }
}
