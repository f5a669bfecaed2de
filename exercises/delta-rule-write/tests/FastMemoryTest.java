import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the delta-rule exercise. They hold no reference computation: every check is
 * a property of the submission's own read and write.
 *
 * <ul>
 *   <li>read: reading at the basis vector e_c gives column c of W (what a product with W means),
 *       and reading is linear in q;</li>
 *   <li>write: for every x orthogonal to k the new memory answers what the old one did
 *       (W'x = Wx), and at k the answer moves by β·|k|²·(v − Wk) — these two facts pin W' down
 *       whole, since k and its orthogonal complement span the space;</li>
 *   <li>with |k| = 1 and β = 1 the value is stored exactly, and orthonormal keys written one
 *       after the other are all recalled exactly;</li>
 *   <li>neither method changes its arguments.</li>
 * </ul>
 */
class FastMemoryTest {

    private static double[] vector(SplittableRandom rng, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextDouble(-1, 1);
        }
        return v;
    }

    private static double[][] matrix(SplittableRandom rng, int d) {
        double[][] w = new double[d][];
        for (int r = 0; r < d; r++) {
            w[r] = vector(rng, d);
        }
        return w;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** x minus its component along k: a vector orthogonal to k. */
    private static double[] orthogonalTo(double[] k, double[] x) {
        double f = dot(x, k) / dot(k, k);
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] -= f * k[i];
        }
        return y;
    }

    /** Orthonormal rows by Gram-Schmidt. */
    private static double[][] orthonormal(SplittableRandom rng, int n, int d) {
        double[][] keys = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] k = vector(rng, d);
            for (int pass = 0; pass < 2; pass++) {
                for (int j = 0; j < i; j++) {
                    double f = dot(k, keys[j]);
                    for (int c = 0; c < d; c++) {
                        k[c] -= f * keys[j][c];
                    }
                }
            }
            double length = Math.sqrt(dot(k, k));
            for (int c = 0; c < d; c++) {
                k[c] /= length;
            }
            keys[i] = k;
        }
        return keys;
    }

    @Test
    void readingAtABasisVectorGivesAColumn() {
        SplittableRandom rng = new SplittableRandom(1);
        double[][] w = matrix(rng, 4);
        for (int c = 0; c < 4; c++) {
            double[] e = new double[4];
            e[c] = 1;
            double[] r = FastMemory.read(w, e);
            assertNotNull(r, "read returned null");
            assertEquals(4, r.length, "read must return d numbers");
            for (int row = 0; row < 4; row++) {
                assertEquals(w[row][c], r[row], 1e-12, "read(W, e_" + c + ")[" + row + "] is not W[" + row + "][" + c + "]");
            }
        }
    }

    @Test
    void readingIsLinear() {
        SplittableRandom rng = new SplittableRandom(2);
        double[][] w = matrix(rng, 5);
        double[] p = vector(rng, 5);
        double[] q = vector(rng, 5);
        double a = rng.nextDouble(-2, 2);
        double[] mixed = new double[5];
        for (int i = 0; i < 5; i++) {
            mixed[i] = a * p[i] + q[i];
        }
        double[] rp = FastMemory.read(w, p);
        double[] rq = FastMemory.read(w, q);
        double[] rm = FastMemory.read(w, mixed);
        for (int i = 0; i < 5; i++) {
            assertEquals(a * rp[i] + rq[i], rm[i], 1e-12, "read(W, a·p + q) must be a·read(W, p) + read(W, q)");
        }
    }

    @Test
    void aWriteLeavesEveryQueryOrthogonalToItsKeyAlone() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int d = 2 + rng.nextInt(5);
            double[][] w = matrix(rng, d);
            double[] k = vector(rng, d);
            double[][] after = FastMemory.write(w, k, vector(rng, d), rng.nextDouble(0, 1.5));
            assertNotNull(after, "write returned null");
            double[] x = orthogonalTo(k, vector(rng, d));
            assertArrayEquals(FastMemory.read(w, x), FastMemory.read(after, x), 1e-12,
                    "the write changed the answer at a query orthogonal to its key (trial " + trial + ")");
        }
    }

    @Test
    void atItsKeyAWriteMovesTheAnswerByBetaTimesTheError() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 20; trial++) {
            int d = 1 + rng.nextInt(5);
            double[][] w = matrix(rng, d);
            double[] k = vector(rng, d);
            double[] v = vector(rng, d);
            double beta = rng.nextDouble(0, 1.5);
            double[] before = FastMemory.read(w, k);
            double[] after = FastMemory.read(FastMemory.write(w, k, v, beta), k);
            double kk = dot(k, k);
            for (int r = 0; r < d; r++) {
                assertEquals(before[r] + beta * kk * (v[r] - before[r]), after[r], 1e-12,
                        "at k, the answer must move by beta·|k|²·(v − Wk) (trial " + trial + ", row " + r + ")");
            }
        }
    }

    @Test
    void aUnitKeyWithBetaOneStoresItsValueExactly() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] w = matrix(rng, 6);
        double[] k = orthonormal(rng, 1, 6)[0];
        double[] v = vector(rng, 6);
        assertArrayEquals(v, FastMemory.read(FastMemory.write(w, k, v, 1.0), k), 1e-12);
    }

    @Test
    void orthonormalKeysWrittenInTurnAreAllRecalled() {
        SplittableRandom rng = new SplittableRandom(6);
        int d = 6;
        double[][] keys = orthonormal(rng, d, d);
        double[][] values = new double[d][];
        double[][] w = matrix(rng, d);
        for (int i = 0; i < d; i++) {
            values[i] = vector(rng, d);
            w = FastMemory.write(w, keys[i], values[i], 1.0);
        }
        for (int i = 0; i < d; i++) {
            assertArrayEquals(values[i], FastMemory.read(w, keys[i]), 1e-12, "key " + i + " was not recalled");
        }
    }

    @Test
    void neitherMethodChangesItsArguments() {
        SplittableRandom rng = new SplittableRandom(7);
        double[][] w = matrix(rng, 3);
        double[] k = vector(rng, 3);
        double[] v = vector(rng, 3);
        double[][] wCopy = {w[0].clone(), w[1].clone(), w[2].clone()};
        double[] kCopy = k.clone();
        double[] vCopy = v.clone();
        double[][] after = FastMemory.write(w, k, v, 0.7);
        FastMemory.read(w, k);
        assertNotSame(w, after, "write must return a new matrix");
        for (int r = 0; r < 3; r++) {
            assertNotSame(w[r], after[r], "write must not share rows with w");
            assertArrayEquals(wCopy[r], w[r], 0.0, "write changed w");
        }
        assertArrayEquals(kCopy, k, 0.0, "a method changed k");
        assertArrayEquals(vCopy, v, 0.0, "a method changed v");
        assertTrue(after.length == 3);
    }
}
