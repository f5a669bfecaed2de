package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.junit.jupiter.api.Test;

/** The checker itself must be able to fail: a wrong backward is caught, a right one is not. */
class GradientCheckTest {

    /** y = x², with a backward that forgets the factor 2 (or gets it right). */
    private static Tensor square(Tape tape, Tensor x, double factor) {
        double[] v = x.value().data;
        org.ejml.data.DMatrixRMaj y = new org.ejml.data.DMatrixRMaj(x.rows(), x.cols());
        for (int i = 0; i < v.length; i++) {
            y.data[i] = v[i] * v[i];
        }
        return tape.record(Cost.of("square", v.length, x.value()), y, dy -> {
            double[] dx = x.gradBuffer().data;
            for (int i = 0; i < v.length; i++) {
                dx[i] += factor * v[i] * dy.data[i];
            }
        }, x);
    }

    @Test
    void aWrongBackwardIsCaughtAndARightOneIsNot() {
        Tensor x = Tensor.parameter("x", Matrices.uniform(3, 4, new SplittableRandom(1)));
        double right = GradientCheck.relativeError(t -> square(t, x, 2.0), List.of(x), 5);
        double wrong = GradientCheck.relativeError(t -> square(t, x, 1.0), List.of(x), 5);
        double slightlyWrong = GradientCheck.relativeError(t -> square(t, x, 2.0001), List.of(x), 5);
        assertTrue(right < 1e-9, "right backward: " + right);
        assertTrue(wrong > 0.4, "a backward off by a factor 2: " + wrong);
        assertTrue(slightlyWrong > 1e-5, "a backward off by 5e-5 relative: " + slightlyWrong);
    }
}
