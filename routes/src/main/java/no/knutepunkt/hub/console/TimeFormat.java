package no.knutepunkt.hub.console;

import java.time.Instant;
import org.springframework.stereotype.Component;

/** {@link Times} for the templates: {@code ${@times.local(instant)}}. */
@Component("times")
public class TimeFormat {
    public String local(Instant at) {
        return Times.local(at);
    }
}
