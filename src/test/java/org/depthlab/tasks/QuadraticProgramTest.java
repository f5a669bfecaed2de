package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.QpSolvers;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Quadratic programs: the generator's spectrum, the exact minimisers, the iterative baselines, the text format. */
class QuadraticProgramTest {

    private static QuadraticProgram draw(SplittableRandom rng, boolean box) {
        return new QpTask(2, 8, 1.5, 50, box).generate(rng);
    }

    @Test
    void theGeneratorControlsSizeAndConditionAndIsSeeded() {
        Props.qt(40).forAll(longs().all()).checkAssert(seed -> {
            QpTask task = new QpTask(4, 6, 2, 10, false);
            QuadraticProgram qp = task.generate(new SplittableRandom(seed));
            assertEquals(qp, task.generate(new SplittableRandom(seed)));
            assertTrue(qp.n() >= 4 && qp.n() <= 6);
            double[] l = qp.eigenvalues();
            assertEquals(1.0, l[qp.n() - 1], 1e-9, "the largest eigenvalue is 1");
            assertTrue(qp.condition() >= 2 - 1e-6 && qp.condition() <= 10 + 1e-6, "kappa " + qp.condition());
        });
    }

    @Test
    void theUnconstrainedMinimiserSolvesAxEqualsB() {
        Props.qt(40).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            QuadraticProgram qp = draw(rng, false);
            double[] x = qp.solution();
            for (double g : qp.gradient(x)) {
                assertEquals(0, g, 1e-9);
            }
            double[] other = x.clone();
            other[rng.nextInt(qp.n())] += 0.01;
            assertTrue(qp.objective(other) > qp.objective(x));
        });
    }

    /** The box minimiser meets the KKT conditions and agrees with projected gradient run to convergence. */
    @Test
    void theBoxMinimiserIsWhereProjectedGradientEnds() {
        Props.qt(40).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            QuadraticProgram qp = new QpTask(2, 6, 1.5, 8, true).generate(rng);
            double[] x = qp.solution();
            assertTrue(qp.feasible(x, 1e-12));
            double[] g = qp.gradient(x);
            for (int i = 0; i < qp.n(); i++) {
                if (Math.abs(x[i]) < 1 - 1e-9) {
                    assertEquals(0, g[i], 1e-8, "a free variable has zero gradient");
                } else {
                    assertTrue(g[i] * Math.signum(x[i]) <= 1e-9, "the gradient points out of the box at a bound");
                }
            }
            double[][] pg = QpSolvers.gradientDescent(qp, 6000);
            assertTrue(QpSolvers.relativeError(pg[6000], x) < 1e-6, "projected gradient ends at the minimiser");
        });
    }

    @Test
    void conjugateGradientIsExactInNStepsAndGradientDescentOnlyApproaches() {
        Props.qt(30).forAll(longs().all()).checkAssert(seed -> {
            QuadraticProgram qp = draw(new SplittableRandom(seed), false);
            double[] x = qp.solution();
            assertTrue(QpSolvers.relativeError(QpSolvers.conjugateGradient(qp, qp.n())[qp.n()], x) < 1e-6);
            double[][] gd = QpSolvers.gradientDescent(qp, 50);
            for (int k = 1; k <= 50; k++) {
                assertTrue(qp.objective(gd[k]) <= qp.objective(gd[k - 1]) + 1e-12, "descent at step " + k);
            }
            assertTrue(QpSolvers.objectiveGap(qp, gd[50], x) >= -1e-12, "nothing beats the minimiser");
        });
    }

    @Test
    void permutingOrScalingMovesTheMinimiserAlong() {
        SplittableRandom rng = new SplittableRandom(4);
        for (boolean box : new boolean[] {false, true}) {
            QuadraticProgram qp = new QpTask(5, 5, 2, 10, box).generate(rng);
            int[] perm = {3, 0, 4, 1, 2};
            double[] x = qp.solution();
            double[] px = qp.permuted(perm).solution();
            for (int i = 0; i < 5; i++) {
                assertEquals(x[i], px[perm[i]], 1e-9);
            }
            assertArrayEquals(x, qp.scaled(3, 3).solution(), 1e-9);
        }
        QuadraticProgram free = new QpTask(5, 5, 2, 10, false).generate(rng);
        double[] x = free.solution();
        double[] half = free.scaled(2, 1).solution();
        for (int i = 0; i < 5; i++) {
            assertEquals(x[i] / 2, half[i], 1e-9);
        }
    }

    @Test
    void theTextFormatRoundTripsExactlyAndNamesWhatIsWrong() {
        QuadraticProgram qp = draw(new SplittableRandom(2), true);
        assertEquals(qp, QuadraticProgram.parse(qp.format()));
        assertTrue(qp.format().startsWith("qpbox" + qp.n() + " A="));
        assertEquals(new QuadraticProgram(2, new double[] {2, 0.5, 0.5, 1}, new double[] {1, -1}, false),
                QuadraticProgram.parse("qp2 A=2.0,0.5,0.5,1 b=1,-1.0"));
        BadInputException e = assertThrows(BadInputException.class, () -> QuadraticProgram.parse("qp2 A=1,2,3 b=1,1"));
        assertTrue(e.getMessage().contains("A needs 4 numbers"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> QuadraticProgram.parse("qp2 A=1,2,3,4 b=1,1"));
        assertTrue(e.getMessage().contains("not symmetric"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> QuadraticProgram.parse("qp2 A=1,2,2,1 b=1,1"));
        assertTrue(e.getMessage().contains("not positive definite"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> QuadraticProgram.parse("qp2 A=1,x,0,1 b=1,1"));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> QuadraticProgram.parse("sudoku A=1 b=1"));
        assertTrue(e.getMessage().contains("qp<n>"), e.getMessage());
    }
}
