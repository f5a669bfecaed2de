package org.depthlab.claims;

import java.util.Locale;

/**
 * How strong a claim's verdict is. A <em>provable</em> claim is a theorem about every model of
 * its class; checking it on random instances can only find a counterexample, never prove it,
 * but a counterexample disproves it outright (a bug in the model or in the argument). It is
 * checked exactly (integers, bit-for-bit equality) or, where the theorem is about real numbers
 * and float64 rounds, to a stated tolerance far below any real violation. An
 * <em>empirical</em> claim (a trained model's accuracy, say) is a measurement: seeded,
 * with a tolerance band, and its failure does not make {@code depthlab claims} exit with 1.
 *
 * @param provable  whether the claim is a theorem (true) or a measurement (false)
 * @param tolerance 0 for an exact check; otherwise the largest deviation still counted as
 *                  agreement (float64 rounding for a provable claim, the band for an empirical one)
 */
public record Rigor(boolean provable, double tolerance) {

    public Rigor {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
    }

    /** A theorem checked exactly: counts compared as integers, outputs bit for bit. */
    public static Rigor exact() {
        return new Rigor(true, 0);
    }

    /** A theorem about real numbers, checked in float64 up to {@code rounding}. */
    public static Rigor provable(double rounding) {
        return new Rigor(true, rounding);
    }

    /** A measurement, not a theorem, with its tolerance band. */
    public static Rigor empirical(double band) {
        return new Rigor(false, band);
    }

    /** "exact", "<= 1e-09" or "empirical ±0.05", for the table. */
    public String label() {
        if (!provable) {
            return "empirical ±" + tolerance;
        }
        return tolerance == 0 ? "exact" : String.format(Locale.ROOT, "<= %.0e", tolerance);
    }
}
