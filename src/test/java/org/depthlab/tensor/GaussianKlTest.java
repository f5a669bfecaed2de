package org.depthlab.tensor;

import static org.depthlab.tensor.GradientCheck.input;
import static org.depthlab.tensor.GradientCheck.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian KL op of the variational model's ELBO ([GRAM]): its hand-written backward equals
 * finite differences; its value equals the divergence computed another way, by integrating
 * q·(log q − log p) numerically; and it is zero exactly when the two distributions agree.
 */
class GaussianKlTest {

    private static Tensor uniform(String name, int rows, int cols, SplittableRandom rng) {
        return input(name, Matrices.uniform(rows, cols, rng));
    }

    /** Claim: the backward of all four inputs matches finite differences, for random shapes and values. */
    @Test
    void backwardMatchesFiniteDifferences() {
        Props.qt(40).forAll(integers().between(1, 5), integers().between(1, 5), longs().all())
                .checkAssert((m, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Tensor muQ = uniform("muQ", m, n, rng);
                    Tensor sQ = uniform("sQ", m, n, rng);
                    Tensor muP = uniform("muP", m, n, rng);
                    Tensor sP = uniform("sP", m, n, rng);
                    double error = relativeError(t -> GaussianKl.kl(t, muQ, sQ, muP, sP), List.of(muQ, sQ, muP, sP),
                            seed);
                    assertTrue(error <= 1e-6, "gaussian KL: relative gradient error " + error + " (seed " + seed + ")");
                });
    }

    /**
     * Claim: the closed form equals ∫ q(x)·(log q(x) − log p(x)) dx, integrated by the trapezoid
     * rule over μq ± 14σq (the integrand is smooth and decays like a Gaussian, so the rule is
     * exact to rounding), for random one-dimensional pairs.
     */
    @Test
    void valueIsTheIntegralOfQTimesTheLogRatio() {
        Props.qt(40).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            double mq = rng.nextDouble(-2, 2);
            double sq = rng.nextDouble(-1.5, 1);
            double mp = rng.nextDouble(-2, 2);
            double sp = rng.nextDouble(-1.5, 1);
            double closed = GaussianKl.kl(new Tape(), one(mq), one(sq), one(mp), one(sp)).item();
            double sigmaQ = Math.exp(sq);
            int steps = 20_000;
            double from = mq - 14 * sigmaQ;
            double h = 28 * sigmaQ / steps;
            double integral = 0;
            for (int i = 0; i <= steps; i++) {
                double x = from + i * h;
                double q = Math.exp(logDensity(x, mq, sq));
                double f = q * (logDensity(x, mq, sq) - logDensity(x, mp, sp));
                integral += (i == 0 || i == steps ? 0.5 : 1) * f * h;
            }
            assertEquals(integral, closed, 1e-9 * Math.max(1, Math.abs(closed)),
                    "KL(N(" + mq + ", e^" + sq + ") || N(" + mp + ", e^" + sp + ")) (seed " + seed + ")");
        });
    }

    /** Claim: KL(q ‖ q) = 0, KL(q ‖ p) &gt; 0 when p differs, and rows are averaged, features summed. */
    @Test
    void zeroExactlyWhenEqualAndAveragedOverRows() {
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        DMatrixRMaj mu = Matrices.uniform(3, 4, rng);
        DMatrixRMaj s = Matrices.uniform(3, 4, rng);
        Tape tape = new Tape();
        assertEquals(0.0, GaussianKl.kl(tape, Tensor.constant(mu), Tensor.constant(s), Tensor.constant(mu),
                Tensor.constant(s)).item(), 1e-15);
        DMatrixRMaj zeros = new DMatrixRMaj(3, 4);
        // KL(N(μ, 1) ‖ N(0, 1)) = μ²/2 per feature: summed over 4 features, averaged over 3 rows.
        double expected = 0;
        for (double m : mu.data) {
            expected += m * m / 2;
        }
        assertEquals(expected / 3, GaussianKl.kl(tape, Tensor.constant(mu), Tensor.constant(zeros),
                Tensor.constant(zeros), Tensor.constant(zeros)).item(), 1e-12);
        assertTrue(GaussianKl.kl(tape, Tensor.constant(mu), Tensor.constant(s), Tensor.constant(zeros),
                Tensor.constant(zeros)).item() > 0);
    }

    private static Tensor one(double v) {
        return Tensor.row(v);
    }

    private static double logDensity(double x, double mu, double logSigma) {
        double z = (x - mu) / Math.exp(logSigma);
        return -0.5 * z * z - logSigma - 0.5 * Math.log(2 * Math.PI);
    }
}
