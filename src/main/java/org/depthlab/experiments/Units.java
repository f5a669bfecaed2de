package org.depthlab.experiments;

import java.util.Locale;

/** How the lab writes numbers in tables and on axes: FLOPs in powers of ten, times as h:mm:ss, rates as percentages. */
public final class Units {

    private Units() {
    }

    /** A FLOP count, e.g. "4.21e14 FLOPs" (three significant digits). */
    public static String flops(double flops) {
        return number(flops) + " FLOPs";
    }

    /** A large count in scientific notation with three significant digits ("4.21e14"), small ones as they are. */
    public static String number(double x) {
        if (x == 0 || (Math.abs(x) >= 0.01 && Math.abs(x) < 1e5)) {
            return x == Math.rint(x) ? String.format(Locale.ROOT, "%,d", (long) x) : String.format(Locale.ROOT, "%.3g", x);
        }
        int exponent = (int) Math.floor(Math.log10(Math.abs(x)));
        double mantissa = x / Math.pow(10, exponent);
        if (Math.abs(mantissa) >= 9.995) {
            mantissa /= 10;
            exponent++;
        }
        return String.format(Locale.ROOT, "%.2fe%d", mantissa, exponent);
    }

    /** A fraction as a percentage with one decimal, e.g. "80.5%". */
    public static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /** Seconds as m:ss or h:mm:ss. */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long r = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r) : String.format(Locale.ROOT, "%d:%02d", m, r);
    }
}
