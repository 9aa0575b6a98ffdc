package no.knutepunkt.hub.operations;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape of {@code /actuator/prometheus} (the Prometheus text format), read the way the tests need. */
record Scrape(String text) {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? (\\S+)");

    /** The sum of the samples of {@code name} that carry every one of {@code labels}; 0 when there is none. */
    double value(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!m.find() || !m.group(1).equals(name)) {
                continue;
            }
            String present = m.group(3) == null ? "" : m.group(3);
            if (labels.entrySet().stream().allMatch(l -> present.contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                sum += Double.parseDouble(m.group(4));
            }
        }
        return sum;
    }

    /** Whether a sample of {@code name} with every one of {@code labels} is there. */
    boolean has(String name, Map<String, String> labels) {
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && m.group(1).equals(name) && labels.entrySet().stream().allMatch(l ->
                    (m.group(3) == null ? "" : m.group(3)).contains(l.getKey() + "=\"" + l.getValue() + "\""))) {
                return true;
            }
        }
        return false;
    }
}
