package org.depthlab.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/** Helpers the optimizer tests share: seeded random matrices, and gradients set by hand. */
final class OptimTestSupport {

    private OptimTestSupport() {
    }

    /** Entries uniform in [−1, 1). */
    static DMatrixRMaj random(SplittableRandom rnd, int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = 2 * rnd.nextDouble() - 1;
        }
        return m;
    }

    /**
     * Makes {@code g} the gradient of {@code p}: back-propagating the seed g from p itself
     * leaves exactly g in its (cleared) gradient buffer.
     */
    static void setGrad(Tensor p, DMatrixRMaj g) {
        p.clearGrad();
        new Tape().backward(p, g.copy());
    }

    /** Parameters p0, p1, … with the given shapes {rows, cols} and random values. */
    static List<Tensor> randomParams(SplittableRandom rnd, int[][] shapes) {
        List<Tensor> params = new ArrayList<>();
        for (int i = 0; i < shapes.length; i++) {
            params.add(Tensor.parameter("p" + i, random(rnd, shapes[i][0], shapes[i][1])));
        }
        return params;
    }

    /** Fresh parameters with the same names and (copied) values. */
    static List<Tensor> copies(List<Tensor> params) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(Tensor.parameter(p.name(), p.value().copy()));
        }
        return out;
    }

    /** A random shape list: 1 to 3 parameters of 1..4 × 1..5. */
    static int[][] randomShapes(SplittableRandom rnd) {
        int[][] shapes = new int[1 + rnd.nextInt(3)][];
        for (int i = 0; i < shapes.length; i++) {
            shapes[i] = new int[] {1 + rnd.nextInt(4), 1 + rnd.nextInt(5)};
        }
        return shapes;
    }

    /** Which optimizer a test builds; the hyperparameters are the fixture's. */
    enum Kind {
        SGD, ADAMW, ADAM_ATAN2;

        Optimizer over(List<Tensor> params) {
            return switch (this) {
                case SGD -> new Sgd(params, new Sgd.Config(0.9, 0.01));
                case ADAMW -> new AdamW(params, new AdamW.Config(0.9, 0.95, 1e-8, 0.1));
                case ADAM_ATAN2 -> new AdamAtan2(params, AdamAtan2.Config.of(0.9, 0.95, 1.0));
            };
        }
    }
}
