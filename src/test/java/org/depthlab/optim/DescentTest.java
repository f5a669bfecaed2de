package org.depthlab.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** SGD and AdamW go downhill on a convex quadratic when the learning rate is small enough. */
class DescentTest {

    /**
     * Claim: from rest, one SGD step with momentum decreases f when η·maxᵢ hᵢ < 2, because the
     * first step is plain gradient descent (the momentum buffer starts at the gradient) and
     * each coordinate's distance to the minimum shrinks by the factor |1 − η·hᵢ| < 1.
     */
    @Test
    void sgdStepFromRestDecreasesAConvexQuadratic() {
        Props.qt(200)
                .forAll(longs().all(), integers().between(1, 4), integers().between(1, 5))
                .checkAssert((seed, rows, cols) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    ConvexQuadratic f = ConvexQuadratic.random(rnd, rows * cols);
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, rows, cols));
                    double lr = 1.9 * rnd.nextDouble() / f.maxCurvature();
                    Sgd sgd = new Sgd(List.of(p), new Sgd.Config(0.9, 0));
                    double before = f.value(p.value());
                    f.setGradient(p);
                    sgd.step(lr);
                    assertTrue(f.value(p.value()) < before, "f went from " + before + " to "
                            + f.value(p.value()) + " with lr " + lr + " (seed " + seed + ")");
                });
    }

    /** Claim: without momentum and with η·maxᵢ hᵢ < 1, every SGD step decreases f. */
    @Test
    void sgdWithoutMomentumDecreasesAConvexQuadraticAtEveryStep() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(1, 4), integers().between(1, 5))
                .checkAssert((seed, rows, cols) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    ConvexQuadratic f = ConvexQuadratic.random(rnd, rows * cols);
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, rows, cols));
                    double lr = rnd.nextDouble() / f.maxCurvature();
                    Sgd sgd = new Sgd(List.of(p), new Sgd.Config(0, 0));
                    for (int step = 1; step <= 20; step++) {
                        double before = f.value(p.value());
                        if (before == 0) {
                            return;
                        }
                        f.setGradient(p);
                        sgd.step(lr);
                        assertTrue(f.value(p.value()) < before, "step " + step + ": f went from "
                                + before + " to " + f.value(p.value()) + " (seed " + seed + ")");
                    }
                });
    }

    /**
     * Claim: from rest, one AdamW step decreases f when η ≤ minᵢ |pᵢ − cᵢ|. The first step
     * moves each coordinate by η·|g|/(|g| + ε) ≤ η towards its minimum (m̂ = g, √v̂ = |g|), and
     * a move of u ∈ (0, 2|pᵢ − cᵢ|) towards the minimum lowers that coordinate's term.
     */
    @Test
    void adamWStepFromRestDecreasesAConvexQuadraticForSmallLr() {
        Props.qt(200)
                .forAll(longs().all(), integers().between(1, 4), integers().between(1, 5))
                .checkAssert((seed, rows, cols) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    ConvexQuadratic f = ConvexQuadratic.random(rnd, rows * cols);
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, rows, cols));
                    double lr = rnd.nextDouble() * f.minDistance(p.value());
                    AdamW adamW = new AdamW(List.of(p), new AdamW.Config(0.9, 0.999, 1e-8, 0));
                    double before = f.value(p.value());
                    f.setGradient(p);
                    adamW.step(lr);
                    assertTrue(f.value(p.value()) < before || lr == 0, "f went from " + before
                            + " to " + f.value(p.value()) + " with lr " + lr + " (seed " + seed + ")");
                });
    }

    /**
     * Claim: with a small learning rate, AdamW keeps decreasing f over several steps. With
     * η = minᵢ |pᵢ − cᵢ| / 20 and 5 steps no coordinate can reach, let alone pass, its minimum
     * (each step moves it at most η·(1 − β1)/√(1 − β2) ≈ 3.2η), so every gradient keeps its sign
     * and every step goes downhill.
     */
    @Test
    void adamWDecreasesAConvexQuadraticOverSeveralSmallSteps() {
        Props.qt(100)
                .forAll(longs().all(), integers().between(1, 4), integers().between(1, 5))
                .checkAssert((seed, rows, cols) -> {
                    SplittableRandom rnd = new SplittableRandom(seed);
                    ConvexQuadratic f = ConvexQuadratic.random(rnd, rows * cols);
                    Tensor p = Tensor.parameter("p", OptimTestSupport.random(rnd, rows, cols));
                    double lr = f.minDistance(p.value()) / 20;
                    AdamW adamW = new AdamW(List.of(p), new AdamW.Config(0.9, 0.999, 1e-8, 0));
                    for (int step = 1; step <= 5; step++) {
                        double before = f.value(p.value());
                        f.setGradient(p);
                        adamW.step(lr);
                        assertTrue(f.value(p.value()) < before || lr == 0, "step " + step
                                + ": f went from " + before + " to " + f.value(p.value()) + " (seed " + seed + ")");
                    }
                });
    }
}
