import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the RoPE exercise: properties of the student's rotation (lengths kept,
 * inverse, composition, relative positions) and one point of the convention (the first pair
 * turns by exactly p radians). No rotation of its own is held here.
 */
class RopeTest {

    private static final double THETA = 10000;

    @Test
    void positionZeroChangesNothing() {
        double[] x = random(new SplittableRandom(1), 8);
        double[] y = new Rope(8, THETA).rotate(x, 0);
        assertNotNull(y, "rotate returned null");
        assertArrayEquals(x, y, 1e-15, "position 0 must leave the vector as it is");
    }

    @Test
    void theFirstPairTurnsByPRadiansInTheHalfLayout() {
        // e_0 rotated: only features 0 and d/2 may change, to (cos p, sin p).
        int d = 6;
        double[] e0 = new double[d];
        e0[0] = 1;
        for (int p : new int[] {1, 2, 5, -3}) {
            double[] y = new Rope(d, THETA).rotate(e0, p);
            assertEquals(d, y.length, "the rotated vector has the wrong width");
            assertEquals(Math.cos(p), y[0], 1e-12, "feature 0 at position " + p);
            assertEquals(Math.sin(p), y[d / 2], 1e-12, "feature d/2 pairs with feature 0 (position " + p + ")");
            for (int j = 0; j < d; j++) {
                if (j != 0 && j != d / 2) {
                    assertEquals(0.0, y[j], 1e-15, "feature " + j + " must not mix with feature 0");
                }
            }
        }
    }

    @Test
    void rotationKeepsTheLength() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 20; trial++) {
            int d = 2 * (1 + rng.nextInt(6));
            double[] x = random(rng, d);
            int p = rng.nextInt(-50, 200);
            assertEquals(norm(x), norm(new Rope(d, THETA).rotate(x, p)), 1e-12, "d = " + d + ", p = " + p);
        }
    }

    @Test
    void unrotateUndoesRotate() {
        SplittableRandom rng = new SplittableRandom(11);
        for (int trial = 0; trial < 20; trial++) {
            int d = 2 * (1 + rng.nextInt(6));
            Rope rope = new Rope(d, THETA);
            double[] x = random(rng, d);
            int p = rng.nextInt(-50, 200);
            double[] back = rope.unrotate(rope.rotate(x, p), p);
            assertNotNull(back, "unrotate returned null");
            assertArrayEquals(x, back, 1e-12, "unrotate(rotate(x, p), p) must be x; d = " + d + ", p = " + p);
            assertArrayEquals(x, rope.rotate(rope.unrotate(x, p), p), 1e-12, "and the other way round");
        }
    }

    @Test
    void twoRotationsAddTheirPositions() {
        SplittableRandom rng = new SplittableRandom(13);
        Rope rope = new Rope(10, THETA);
        for (int trial = 0; trial < 10; trial++) {
            double[] x = random(rng, 10);
            int a = rng.nextInt(0, 60);
            int b = rng.nextInt(0, 60);
            assertArrayEquals(rope.rotate(x, a + b), rope.rotate(rope.rotate(x, a), b), 1e-10,
                    "rotating by " + a + " then " + b + " must equal rotating by " + (a + b));
        }
    }

    @Test
    void scoresDependOnTheOffsetOnly() {
        SplittableRandom rng = new SplittableRandom(17);
        for (int trial = 0; trial < 20; trial++) {
            int d = 2 * (1 + rng.nextInt(6));
            Rope rope = new Rope(d, THETA);
            double[] q = random(rng, d);
            double[] k = random(rng, d);
            int m = rng.nextInt(0, 100);
            int n = rng.nextInt(0, 100);
            int shift = rng.nextInt(1, 100);
            double here = dot(rope.rotate(q, m), rope.rotate(k, n));
            double there = dot(rope.rotate(q, m + shift), rope.rotate(k, n + shift));
            assertEquals(here, there, 1e-10, "moving both positions by " + shift + " changed the score");
        }
    }

    @Test
    void theArgumentIsLeftUnchanged() {
        double[] x = random(new SplittableRandom(19), 6);
        double[] copy = x.clone();
        Rope rope = new Rope(6, THETA);
        double[] y = rope.rotate(x, 3);
        assertArrayEquals(copy, x, 0.0, "rotate changed its argument");
        assertTrue(y != x, "rotate must return a new vector");
        double[] y0 = y.clone();
        rope.unrotate(y, 3);
        assertArrayEquals(y0, y, 0.0, "unrotate changed its argument");
    }

    private static double[] random(SplittableRandom rng, int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = rng.nextDouble(-2, 2);
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
