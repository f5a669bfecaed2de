package org.depthlab.testing;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** Random matrices for tests, always from an explicit random source. */
public final class Matrices {

    private Matrices() {
    }

    /** Entries uniform in [−1, 1). */
    public static DMatrixRMaj uniform(int rows, int cols, SplittableRandom rng) {
        return uniform(rows, cols, -1, 1, rng);
    }

    /** Entries uniform in [lo, hi). */
    public static DMatrixRMaj uniform(int rows, int cols, double lo, double hi, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble(lo, hi);
        }
        return m;
    }

    /** Entries standard normal. */
    public static DMatrixRMaj normal(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextGaussian();
        }
        return m;
    }

    /** max |a − b| / max(|a|, |b|, 1): relative for large entries, absolute for small ones. */
    public static double maxRelativeDifference(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            throw new AssertionError("shapes differ: " + a.numRows + "x" + a.numCols + " vs "
                    + b.numRows + "x" + b.numCols);
        }
        double worst = 0;
        for (int i = 0; i < a.data.length; i++) {
            double scale = Math.max(1.0, Math.max(Math.abs(a.data[i]), Math.abs(b.data[i])));
            worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]) / scale);
        }
        return worst;
    }
}
