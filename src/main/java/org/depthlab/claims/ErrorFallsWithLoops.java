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
 * change the exit code of {@code depthlab claims}. The catalog checks it on loops whose
 * behaviour is known — gradient descent, and an overshooting step as the contrast — so that it
 * is seen to hold and to fail; chapter 11's experiment asks it of the models it trained.
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

    /** Iterations a curve of the library's families runs: K = 4 trained, 16 measured. */
    static final int TRAINED = 4;

    /**
     * Gradient descent with step 1/λ_max on random programs, read as a loop trained for K = 4:
     * its error is multiplied by I − A/λ_max, of norm 1 − 1/κ &lt; 1, every step — in the class.
     */
    public static Family<Curve> gradientDescent() {
        return new Family<>("gradient-descent", (seed, vocab, length) -> descent(seed, 1.0));
    }

    /**
     * The same with step 2.2/λ_max, past the stable 2/λ_max: the error along the top eigenvector
     * is multiplied by 1.2 every step — outside the class, a loop that drifts.
     */
    public static Family<Curve> overshootingDescent() {
        return new Family<>("overshooting-descent", (seed, vocab, length) -> descent(seed, 2.2));
    }

    private static Curve descent(long seed, double step) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        org.depthlab.tasks.QpTask task = new org.depthlab.tasks.QpTask(2, 6, 1.5, 20, false);
        int programs = 8;
        int steps = 4 * TRAINED;
        double[] mean = new double[steps];
        for (int p = 0; p < programs; p++) {
            org.depthlab.tasks.QuadraticProgram qp = task.generate(rng);
            double[] solution = qp.solution();
            double[] x = new double[qp.n()];
            for (int k = 0; k < steps; k++) {
                double[] g = qp.gradient(x); // the largest eigenvalue is 1: the step is `step` / λ_max
                for (int i = 0; i < x.length; i++) {
                    x[i] -= step * g[i];
                }
                mean[k] += org.depthlab.solve.QpSolvers.relativeError(x, solution) / programs;
            }
        }
        return new Curve(String.format(Locale.ROOT, "gradient descent, step %.1f/lambda_max, 8 programs", step),
                TRAINED, mean);
    }

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
        return Trial.run(seed, tries, family.scale(), in -> trial(in, family.draw(in.seed(), 0, 0)));
    }

    /** The verdict over exactly these curves (one per trained seed), in order. */
    public Verdict check(List<Curve> curves) {
        if (curves.isEmpty()) {
            throw new IllegalArgumentException("no curves to check");
        }
        // Trial.run hands out instances in order, one per curve.
        java.util.Iterator<Curve> next = curves.iterator();
        return Trial.run(0, curves.size(), Scale.DEFAULT, in -> trial(in, next.next()));
    }

    private Trial trial(Instance in, Curve c) {
        double[] e = c.meanError();
        in.tried("iterations", e.length);
        in.inputs(1);
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
