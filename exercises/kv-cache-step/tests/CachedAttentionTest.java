import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the KV-cache exercise: the student's cached steps against the student's own
 * full attention, causality, and invariances of attention. No attention of its own is held here.
 */
class CachedAttentionTest {

    @Test
    void cachedStepsEqualYourFullAttention() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 10; trial++) {
            int n = 1 + rng.nextInt(8);
            int d = 1 + rng.nextInt(5);
            double[][] q = random(rng, n, d);
            double[][] k = random(rng, n, d);
            double[][] v = random(rng, n, d);
            double[][] all = CachedAttention.full(q, k, v);
            assertNotNull(all, "full returned null");
            assertEquals(n, all.length, "full must return one output per position");
            CachedAttention.Cache cache = new CachedAttention.Cache();
            for (int t = 0; t < n; t++) {
                double[] o = CachedAttention.step(cache, q[t], k[t], v[t]);
                assertNotNull(o, "step returned null");
                assertEquals(t + 1, cache.length(), "after " + (t + 1) + " steps the cache must hold " + (t + 1) + " positions");
                assertArrayEquals(all[t], o, 1e-12, "trial " + trial + ": the cached step at t = " + t
                        + " differs from row t of your full attention");
            }
        }
    }

    @Test
    void laterPositionsNeverChangeAnEarlierOutput() {
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 10; trial++) {
            int n = 2 + rng.nextInt(7);
            int d = 1 + rng.nextInt(4);
            double[][] q = random(rng, n, d);
            double[][] k = random(rng, n, d);
            double[][] v = random(rng, n, d);
            int t = rng.nextInt(n - 1);
            double[][] before = CachedAttention.full(q, k, v);
            for (int s = t + 1; s < n; s++) {
                q[s] = random(rng, 1, d)[0];
                k[s] = random(rng, 1, d)[0];
                v[s] = random(rng, 1, d)[0];
            }
            double[][] after = CachedAttention.full(q, k, v);
            for (int s = 0; s <= t; s++) {
                assertArrayEquals(before[s], after[s], 0.0, "changing positions after " + t + " changed the output at " + s);
            }
        }
    }

    @Test
    void theFirstPositionSeesOnlyItself() {
        SplittableRandom rng = new SplittableRandom(3);
        double[][] q = random(rng, 4, 3);
        double[][] k = random(rng, 4, 3);
        double[][] v = random(rng, 4, 3);
        assertArrayEquals(v[0], CachedAttention.full(q, k, v)[0], 1e-15, "o_0 must be v_0");
    }

    @Test
    void everyOutputLiesAmongTheValuesSeenSoFar() {
        SplittableRandom rng = new SplittableRandom(4);
        for (int trial = 0; trial < 10; trial++) {
            int n = 1 + rng.nextInt(8);
            int d = 1 + rng.nextInt(4);
            double[][] q = random(rng, n, d);
            double[][] k = random(rng, n, d);
            double[][] v = random(rng, n, d);
            double[][] o = CachedAttention.full(q, k, v);
            for (int t = 0; t < n; t++) {
                for (int i = 0; i < d; i++) {
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        lo = Math.min(lo, v[s][i]);
                        hi = Math.max(hi, v[s][i]);
                    }
                    assertTrue(o[t][i] >= lo - 1e-12 && o[t][i] <= hi + 1e-12, "o[" + t + "][" + i + "] = " + o[t][i]
                            + " lies outside the values v_0..v_t (" + lo + " to " + hi + "): are the weights a distribution?");
                }
            }
        }
    }

    @Test
    void addingOneVectorToEveryKeyChangesNothing() {
        SplittableRandom rng = new SplittableRandom(5);
        double[][] q = random(rng, 5, 4);
        double[][] k = random(rng, 5, 4);
        double[][] v = random(rng, 5, 4);
        double[] c = random(rng, 1, 4)[0];
        double[][] shifted = new double[5][4];
        for (int s = 0; s < 5; s++) {
            for (int i = 0; i < 4; i++) {
                shifted[s][i] = k[s][i] + c[i];
            }
        }
        double[][] a = CachedAttention.full(q, k, v);
        double[][] b = CachedAttention.full(q, shifted, v);
        for (int t = 0; t < 5; t++) {
            assertArrayEquals(a[t], b[t], 1e-12, "adding one vector to every key changed the output at " + t);
        }
    }

    @Test
    void largeScoresStayFinite() {
        double[][] q = {{30, 0}, {30, 0}};
        double[][] k = {{40, 0}, {-40, 0}};
        double[][] v = {{1, 2}, {3, 4}};
        double[][] o = CachedAttention.full(q, k, v);
        for (double[] row : o) {
            for (double x : row) {
                assertTrue(Double.isFinite(x), "scores near ±850 gave " + x + ": subtract the largest score first");
            }
        }
        assertArrayEquals(new double[] {1, 2}, o[1], 1e-12, "position 1 must attend almost only to position 0");
    }

    private static double[][] random(SplittableRandom rng, int n, int d) {
        double[][] m = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                m[i][j] = rng.nextDouble(-2, 2);
            }
        }
        return m;
    }
}
