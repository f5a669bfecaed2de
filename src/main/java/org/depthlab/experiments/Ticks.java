package org.depthlab.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where an axis of a {@link Plot} puts its ticks and how it labels them: round numbers
 * (1, 2, 2.5 or 5 × a power of ten) on a linear axis, whole ones on an axis of counts, powers
 * of ten on a log axis, and one style of label for all the ticks of one axis.
 */
public final class Ticks {

    private Ticks() {
    }

    /**
     * An axis from {@code lo} to {@code hi} that a figure of those values can use as its
     * [yMin, yMax]: linear, from 0 (or below) up to the first round tick at or above {@code hi};
     * log10, from the power of ten at or below {@code lo} to the one at or above {@code hi}.
     */
    public static double[] range(double lo, double hi, Figure.Scale scale) {
        if (scale == Figure.Scale.LOG10) {
            if (!(lo > 0)) {
                throw new IllegalArgumentException("a log10 axis needs positive values, got " + lo);
            }
            double from = Math.floor(Math.log10(lo));
            return new double[] {Math.pow(10, from), Math.pow(10, Math.max(from + 1, Math.ceil(Math.log10(hi))))};
        }
        double from = Math.min(0, lo);
        double to = hi > from ? hi : from + 1;
        double step = step(from, to, 6, false);
        return new double[] {from, Math.ceil(to / step - 1e-9) * step};
    }

    /** Every {@code every}-th power of ten from {@code lo} (one) to {@code hi}. */
    static List<Double> powersOfTen(double lo, double hi, long every) {
        List<Double> out = new ArrayList<>();
        for (long k = Math.round(Math.log10(lo)); Math.pow(10, k) <= hi * 1.0001; k += every) {
            out.add(Math.pow(10, k));
        }
        return out;
    }

    /** Ticks at 1, 2, 2.5 or 5 × a power of ten covering [lo, hi], about {@code count} of them. */
    static List<Double> niceTicks(double lo, double hi, int count) {
        return niceTicks(lo, hi, count, false);
    }

    /** The same, at whole numbers only when {@code whole} (an axis of counts has no tick at 2.5). */
    static List<Double> niceTicks(double lo, double hi, int count, boolean whole) {
        double step = step(lo, hi, count, whole);
        List<Double> out = new ArrayList<>();
        for (double v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
            out.add(Math.abs(v) < step * 1e-9 ? 0 : v);
        }
        return out;
    }

    /** The smallest round step that covers [lo, hi] in {@code count} − 1 steps. */
    private static double step(double lo, double hi, int count, boolean whole) {
        double raw = (hi - lo) / Math.max(1, count - 1);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            double step = m * power;
            if (step >= raw && (!whole || (step >= 1 && step == Math.rint(step)))) {
                return step;
            }
        }
        return Math.max(10 * power, 1);
    }

    /**
     * One axis' tick labels, all in one style: on a log10 axis powers of ten as numbers when
     * they all lie from 0.01 to 10,000 and as {@code 1e-6} otherwise; on a linear axis whole
     * numbers with thousands separators while the largest is under a million, else each as
     * {@link #label} writes it.
     */
    static List<String> labels(List<Double> ticks, Figure.Scale scale) {
        double largest = ticks.stream().mapToDouble(Math::abs).max().orElse(0);
        if (scale == Figure.Scale.LOG10) {
            double smallest = ticks.stream().mapToDouble(Math::abs).min().orElse(1);
            boolean plain = smallest >= 0.01 && largest <= 1e4;
            return ticks.stream().map(t -> {
                long k = Math.round(Math.log10(t));
                return plain ? (k < 0 ? String.format(Locale.ROOT, "%." + -k + "f", t) : String.format(Locale.ROOT,
                        "%,d", (long) Math.pow(10, k))) : "1e" + k;
            }).toList();
        }
        boolean whole = largest < 1e6 && ticks.stream().allMatch(t -> t == Math.rint(t));
        return ticks.stream().map(t -> whole ? String.format(Locale.ROOT, "%,d", (long) (double) t) : label(t))
                .toList();
    }

    /** One tick's number: whole numbers with thousands separators, three digits else, large ones as 4.21e14. */
    static String label(double v) {
        if (Math.abs(v) >= 1e5) {
            return Units.number(v);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
