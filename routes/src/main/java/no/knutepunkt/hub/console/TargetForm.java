package no.knutepunkt.hub.console;

import java.util.List;
import java.util.Optional;
import no.knutepunkt.hub.secretariat.distribution.Distributions;

/** A form's target (distributions, agreements): one of the four kinds, with its value. */
record TargetForm(String target, String region, String itSamarbeid, List<String> mottakere) {
    Distributions.Target toTarget() {
        String kind = Optional.ofNullable(target).orElse("");
        return switch (kind) {
            case "alle" -> new Distributions.Target(true, null, null, null);
            case "region" -> new Distributions.Target(null, blankToNull(region), null, null);
            case "itSamarbeid" -> new Distributions.Target(null, null, blankToNull(itSamarbeid), null);
            case "mottakere" -> new Distributions.Target(null, null, null,
                    mottakere == null ? List.of() : mottakere);
            default -> null;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
