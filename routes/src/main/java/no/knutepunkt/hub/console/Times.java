package no.knutepunkt.hub.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them: Norwegian local time, and ages in the largest unit that fits. */
final class Times {
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.of("Europe/Oslo"));
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd")
            .withZone(ZoneId.of("Europe/Oslo"));

    private Times() {
    }

    static String local(Instant at) {
        return LOCAL.format(at);
    }

    static String date(Instant at) {
        return DATE.format(at);
    }

    /** "42 s", "5 min", "3 h", "2 d". */
    static String age(Instant at, Instant now) {
        return age(Duration.between(at, now));
    }

    static String age(Duration age) {
        if (age.isNegative() || age.toSeconds() < 60) {
            return Math.max(0, age.toSeconds()) + " s";
        }
        if (age.toMinutes() < 60) {
            return age.toMinutes() + " min";
        }
        if (age.toHours() < 48) {
            return age.toHours() + " h";
        }
        return age.toDays() + " d";
    }
}
