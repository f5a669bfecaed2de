package org.depthlab.experiments;

import java.util.List;
import java.util.Locale;

/**
 * A quantity over seeds: its mean, least and largest value — what every table cell and every
 * figure point of a report shows ("mean over seeds with the min–max band").
 *
 * @param n how many values (seeds)
 */
public record Stats(double mean, double min, double max, int n) {

    /** The statistics of {@code values} (NaN entries, for runs that lack the quantity, are left out). */
    public static Stats of(List<Double> values) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (double v : values) {
            if (Double.isNaN(v)) {
                continue;
            }
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            n++;
        }
        return n == 0 ? new Stats(Double.NaN, Double.NaN, Double.NaN, 0) : new Stats(sum / n, min, max, n);
    }

    /** A fraction as "45.3% (40.0–50.5)", or "45.3%" for one value, "—" for none. */
    public String percent() {
        if (n == 0) {
            return "—";
        }
        String m = Units.percent(mean);
        return n == 1 || min == max ? m : String.format(Locale.ROOT, "%s (%.1f–%.1f)", m, 100 * min, 100 * max);
    }
}
