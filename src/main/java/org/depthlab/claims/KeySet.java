package org.depthlab.claims;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Key–value pairs to write into a fast-weight memory, with the memory they are written into:
 * the instances of the delta-rule recall claim ({@link DeltaRuleRecall}).
 *
 * @param keys   n × d, one key per row, each of length 1
 * @param values n × d
 * @param start  d × d, the memory before the writes (any matrix: the claim holds from anywhere)
 */
public record KeySet(DMatrixRMaj keys, DMatrixRMaj values, DMatrixRMaj start) {

    /** n keys that are orthonormal (Gram–Schmidt on Gaussian vectors, twice), n ≤ d. */
    public static KeySet orthonormal(int n, int d, SplittableRandom rng) {
        if (n > d) {
            throw new IllegalArgumentException(n + " orthonormal keys do not fit in " + d + " dimensions");
        }
        DMatrixRMaj k = gaussian(n, d, rng);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++) {
                    double dot = 0;
                    for (int c = 0; c < d; c++) {
                        dot += k.get(i, c) * k.get(j, c);
                    }
                    for (int c = 0; c < d; c++) {
                        k.set(i, c, k.get(i, c) - dot * k.get(j, c));
                    }
                }
                unit(k, i);
            }
        }
        return new KeySet(k, gaussian(n, d, rng), gaussian(d, d, rng));
    }

    /** n keys of length 1 in random directions: they overlap (with probability 1, for n ≥ 2). */
    public static KeySet overlapping(int n, int d, SplittableRandom rng) {
        DMatrixRMaj k = gaussian(n, d, rng);
        for (int i = 0; i < n; i++) {
            unit(k, i);
        }
        return new KeySet(k, gaussian(n, d, rng), gaussian(d, d, rng));
    }

    /** The number of pairs. */
    public int size() {
        return keys.numRows;
    }

    /** The width d. */
    public int width() {
        return keys.numCols;
    }

    private static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextGaussian();
        }
        return m;
    }

    private static void unit(DMatrixRMaj k, int row) {
        double sum = 0;
        for (int c = 0; c < k.numCols; c++) {
            sum += k.get(row, c) * k.get(row, c);
        }
        double length = Math.sqrt(sum);
        for (int c = 0; c < k.numCols; c++) {
            k.set(row, c, k.get(row, c) / length);
        }
    }
}
