package no.knutepunkt.hub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import no.knutepunkt.hub.messaging.store.MessageStore;

/** A delivery's status as the API shows it, with its history (a reason may be null). */
public record DeliveryView(String mottaker, String connector, String status, String statusAt, List<Event> history) {

    /**
     * One step of the history.
     *
     * @param detail what only staff may read (the recipient's endpoint, its system's answer); absent for members
     */
    public record Event(String status, String at, String reason,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
    }

    /** The view a sender gets: the reasons, never the details. */
    public static DeliveryView of(MessageStore.DeliveryHistory h) {
        return of(h, false);
    }

    /** The view staff get: with the details of each step. */
    public static DeliveryView forStaff(MessageStore.DeliveryHistory h) {
        return of(h, true);
    }

    private static DeliveryView of(MessageStore.DeliveryHistory h, boolean details) {
        return new DeliveryView(h.delivery().mottaker(), h.delivery().connector(), h.delivery().status().name(),
                h.delivery().statusAt().toString(), h.history().stream()
                .map(ev -> new Event(ev.status().name(), ev.at().toString(), ev.reason(),
                        details ? ev.detail() : null)).toList());
    }
}
