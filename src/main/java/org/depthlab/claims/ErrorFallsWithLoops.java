package org.depthlab.claims;

import java.util.List;
import java.util.Locale;

/**
 * An empirical claim about a trained model, stated so that it can fail: <b>past the
 * iterations it was trained with, a model that iterates does not get worse with more
 * iterations</b> — its mean error on held-out programs after iteration k + 1 is at most its
 * error after k plus a band, for every k from the trained count K to the last measured (4K in
 * chapter 11). Gradient descent meets it (its error falls every step); a model that learned an
 * answer for K iterations, and drifts when run longer, breaks it.
 *
 * <p>It is empirical (Rigor.empirical): the curves come from trained models, one per seed,
 * measured on a held-out set; the band absorbs the noise of a finite set. Its verdict does not
 * change the exit code of {@code depthlab claims}, and it is not in the catalog, which checks
 * untrained models: chapter 11's experiment asks it of the models it trained.
 */
public final class ErrorFallsWithLoops implements Claim<ErrorFallsWithLoops.Curve> {

    /**
     * One trained model's measured curve.
     *
     * @param label     e.g. "looped K = 4, seed 2"
     * @param trained   K, the iterations it was trained with
     * @param meanError mean relative error after iteration 1, 2, … (index 0 is after one)
     */
    public record Curve(String label, int trained, double[] meanError) {
    }

    private final double band;

    /** The claim with a band: error(k + 1) ≤ error(k) + band counts as not growing. */
    public ErrorFallsWithLoops(double band) {
        this.band = band;
    }

    @Override
    public About about() {
        return new About("error falls with loops",
                "Past the iterations it was trained with, the mean held-out error never grows by more than the band"
                        + " from one iteration to the next.",
                "trained looped models and HRM on quadratic programs, one curve per seed", Rigor.empirical(band));
    }

    @Override
    public Verdict check(Family<Curve> family, long seed, int tries) {
        return Trial.run(seed, tries, (s, rng) -> trial(family.draw(s, 0, 0)));
    }

    /** The verdict over exactly these curves (one per trained seed), in order. */
    public Verdict check(List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no curves to check");
        }
        return Trial.run(0, curves.size(), new Trial.Instance() {
            private int next;

            @Override
            public Trial apply(long s, java.util.SplittableRandom rng) {
                return trial(curves.get(next++));
            }
        });
    }

    private Trial trial(Curve c) {
        double[] e = c.meanError();
        for (int k = Math.max(1, c.trained()); k < e.length; k++) {
            if (e[k] > e[k - 1] + band) {
                return Trial.failed(k, String.format(Locale.ROOT, "%s: the error rose from %.3f after %d iterations to"
                        + " %.3f after %d (band %.3f)", c.label(), e[k - 1], k, e[k], k + 1, band));
            }
        }
        return Trial.held(String.format(Locale.ROOT, "%s: error %.3f after %d iterations, %.3f after %d, never up by"
                + " more than %.3f", c.label(), e[Math.max(0, c.trained() - 1)], c.trained(), e[e.length - 1],
                e.length, band));
    }
}
