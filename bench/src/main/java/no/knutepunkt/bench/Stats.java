package no.knutepunkt.bench;

import java.util.Arrays;
import java.util.Collection;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Percentiles over recorded values (nearest-rank, as latency tools report them). */
public final class Stats {
    private Stats() {
    }

    /** A summary of a set of values (any unit; the caller names it). */
    public record Summary(int count, double mean, double p50, double p95, double p99, double max) {
        public ObjectNode toJson(double scale) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("count", count);
            n.put("mean", round(mean * scale));
            n.put("p50", round(p50 * scale));
            n.put("p95", round(p95 * scale));
            n.put("p99", round(p99 * scale));
            n.put("max", round(max * scale));
            return n;
        }
    }

    public static Summary summarize(long[] values) {
        if (values.length == 0) {
            return new Summary(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long v : sorted) {
            sum += v;
        }
        return new Summary(sorted.length, sum / sorted.length, percentile(sorted, 50), percentile(sorted, 95),
                percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    public static Summary summarize(Collection<Long> values) {
        return summarize(values.stream().mapToLong(Long::longValue).toArray());
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least p % of the values at or below it. */
    public static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double round(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double a = Math.abs(v);
        double f = a >= 100 ? 1 : a >= 10 ? 10 : a >= 1 ? 100 : 1000;
        return Math.round(v * f) / f;
    }
}
