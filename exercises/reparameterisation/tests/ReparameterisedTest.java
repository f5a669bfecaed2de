import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the reparameterisation exercise. They hold no second implementation: the
 * student's backward is checked against finite differences of the student's own sample, and
 * the student's sample against the distribution it must have.
 */
class ReparameterisedTest {

    private static double[] uniform(SplittableRandom rng, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rng.nextDouble(lo, hi);
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** For L = w · eps, the backward seeded with w equals central differences of L in mu and logSigma. */
    @Test
    void backwardAgreesWithFiniteDifferencesOfYourSample() {
        SplittableRandom rng = new SplittableRandom(14);
        for (int trial = 0; trial < 20; trial++) {
            int n = 1 + rng.nextInt(6);
            double[] mu = uniform(rng, n, -2, 2);
            double[] s = uniform(rng, n, -2, 1);
            double[] xi = uniform(rng, n, -2, 2);
            double[] w = uniform(rng, n, -1, 1);
            double[][] grads = Reparameterised.backward(mu.clone(), s.clone(), xi.clone(), w.clone());
            assertEquals(2, grads.length, "backward returns {dMu, dLogSigma}");
            double h = 1e-6;
            for (int which = 0; which < 2; which++) {
                double[] x = which == 0 ? mu : s;
                for (int i = 0; i < n; i++) {
                    double keep = x[i];
                    x[i] = keep + h;
                    double plus = dot(w, Reparameterised.sample(mu, s, xi));
                    x[i] = keep - h;
                    double minus = dot(w, Reparameterised.sample(mu, s, xi));
                    x[i] = keep;
                    double numeric = (plus - minus) / (2 * h);
                    assertEquals(numeric, grads[which][i], 1e-6 * Math.max(1, Math.abs(numeric)),
                            (which == 0 ? "dL/dmu" : "dL/dlogSigma") + "[" + i + "] against finite differences");
                }
            }
        }
    }

    @Test
    void aVerySmallSigmaGivesTheMeanAndTheInputsAreLeftAlone() {
        double[] mu = {0.5, -1.25, 3};
        double[] s = {-60, -60, -60};
        double[] xi = {1.5, -2, 0.25};
        double[] eps = Reparameterised.sample(mu, s, xi);
        assertArrayEquals(mu, eps, 1e-12, "sigma = e^-60: eps is mu");
        assertArrayEquals(new double[] {0.5, -1.25, 3}, mu, 0.0, "mu unchanged");
        assertArrayEquals(new double[] {1.5, -2, 0.25}, xi, 0.0, "xi unchanged");
        assertTrue(eps != mu, "a new array");
    }

    /** Over 40,000 standard-normal xi, the samples have mean mu and standard deviation e^logSigma (within 5 standard errors). */
    @Test
    void manyDrawsHaveMeanMuAndStandardDeviationSigma() {
        SplittableRandom rng = new SplittableRandom(2026);
        double mu = 1.7;
        double s = -0.4;
        int draws = 40_000;
        double sum = 0;
        double sumSq = 0;
        for (int k = 0; k < draws; k++) {
            double e = Reparameterised.sample(new double[] {mu}, new double[] {s}, new double[] {rng.nextGaussian()})[0];
            sum += e;
            sumSq += e * e;
        }
        double mean = sum / draws;
        double sd = Math.sqrt(sumSq / draws - mean * mean);
        double sigma = Math.exp(s);
        assertEquals(mu, mean, 5 * sigma / Math.sqrt(draws), "the samples' mean");
        assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * draws), "the samples' standard deviation");
    }
}
