package org.depthlab.optim;

import java.util.SplittableRandom;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * f(p) = ½ Σᵢ hᵢ (pᵢ − cᵢ)² with curvatures hᵢ in [0.1, 10): a convex bowl whose gradient,
 * h ⊙ (p − c), the tests set by hand.
 */
record ConvexQuadratic(double[] h, double[] c) {

    static ConvexQuadratic random(SplittableRandom rnd, int n) {
        double[] h = new double[n];
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = 0.1 + 9.9 * rnd.nextDouble();
            c[i] = 4 * rnd.nextDouble() - 2;
        }
        return new ConvexQuadratic(h, c);
    }

    double value(DMatrixRMaj p) {
        double f = 0;
        for (int i = 0; i < h.length; i++) {
            double d = p.data[i] - c[i];
            f += 0.5 * h[i] * d * d;
        }
        return f;
    }

    void setGradient(Tensor p) {
        DMatrixRMaj g = new DMatrixRMaj(p.rows(), p.cols());
        for (int i = 0; i < h.length; i++) {
            g.data[i] = h[i] * (p.value().data[i] - c[i]);
        }
        OptimTestSupport.setGrad(p, g);
    }

    double maxCurvature() {
        double max = 0;
        for (double x : h) {
            max = Math.max(max, x);
        }
        return max;
    }

    /** min over i of |pᵢ − cᵢ|: how far the nearest coordinate is from its minimum. */
    double minDistance(DMatrixRMaj p) {
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < h.length; i++) {
            min = Math.min(min, Math.abs(p.data[i] - c[i]));
        }
        return min;
    }
}
