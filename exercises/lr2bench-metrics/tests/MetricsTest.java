import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the LR²Bench-metrics exercise: cases worked out by hand, and properties of the
 * student's own metrics on random answers. No implementation of the metrics is held here.
 */
class MetricsTest {

    private static final int[][] SOLUTION = {{1, 2, 3, 4}, {3, 4, 1, 2}, {2, 1, 4, 3}, {4, 3, 2, 1}};

    private static int[][] copy(int[][] g) {
        int[][] c = new int[g.length][];
        for (int i = 0; i < g.length; i++) {
            c[i] = g[i].clone();
        }
        return c;
    }

    private static double[] of(int[][][] answers, int[][][] solutions) {
        double[] m = Metrics.of(answers, solutions);
        assertNotNull(m, "of returned null");
        assertEquals(4, m.length, "of returns {CR, S-Acc, EM, PM}");
        return m;
    }

    @Test
    void theSolutionScoresOneOnEverything() {
        assertArrayEquals(new double[] {1, 1, 1, 1}, of(new int[][][] {SOLUTION}, new int[][][] {SOLUTION}), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0}, of(new int[0][][], new int[0][][]), 1e-12, "no puzzles");
    }

    @Test
    void casesWorkedOutByHand() {
        int[][] oneWrong = copy(SOLUTION);
        oneWrong[1][2] = 2; // row 2 is full but wrong
        int[][] halfEmpty = copy(SOLUTION);
        halfEmpty[2][0] = 0; // row 3 unanswered
        halfEmpty[3][3] = 0; // row 4 unanswered
        double[] m = of(new int[][][] {oneWrong, halfEmpty}, new int[][][] {SOLUTION, SOLUTION});
        // CR: (4/4 + 2/4) / 2; S-Acc: (3/4 + 2/4) / 2; EM: none; PM: both have at least half right.
        assertArrayEquals(new double[] {0.75, 0.625, 0.0, 1.0}, m, 1e-12);
        int[][] empty = new int[4][4];
        m = of(new int[][][] {empty, SOLUTION}, new int[][][] {SOLUTION, SOLUTION});
        assertArrayEquals(new double[] {0.5, 0.5, 0.5, 0.5}, m, 1e-12, "an empty grid and a solved one");
    }

    @Test
    void eachPuzzleWeighsTheSameWhateverItsSize() {
        int[][] small = {{1, 2}, {2, 1}};
        int[][] smallWrong = {{2, 1}, {2, 1}};
        double[] m = of(new int[][][] {smallWrong, SOLUTION}, new int[][][] {small, SOLUTION});
        // S-Acc: (1/2 + 4/4) / 2 = 0.75, not (1 + 4) / 6 rows pooled.
        assertEquals(0.75, m[1], 1e-12, "S-Acc is a mean over puzzles, not over rows pooled together");
    }

    private static int[][] noisy(int[][] solution, double rate, SplittableRandom rng) {
        int[][] a = copy(solution);
        for (int[] row : a) {
            for (int c = 0; c < row.length; c++) {
                if (rng.nextDouble() < rate) {
                    row[c] = rng.nextInt(row.length + 1);
                }
            }
        }
        return a;
    }

    @Test
    void propertiesOnRandomAnswers() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int count = 1 + rng.nextInt(5);
            int[][][] answers = new int[count][][];
            int[][][] solutions = new int[count][][];
            for (int p = 0; p < count; p++) {
                solutions[p] = SOLUTION;
                answers[p] = noisy(SOLUTION, rng.nextDouble() * 0.3, rng);
            }
            double[] m = of(answers, solutions);
            assertTrue(0 <= m[1] && m[1] <= m[0] && m[0] <= 1, "trial " + trial + ": need 0 <= S-Acc <= CR <= 1");
            assertTrue(m[2] <= m[3], "trial " + trial + ": an exact match is a partial match");
            // Reversing the order of the puzzles changes nothing.
            int[][][] ra = new int[count][][];
            for (int p = 0; p < count; p++) {
                ra[p] = answers[count - 1 - p];
            }
            assertArrayEquals(m, of(ra, solutions), 1e-12, "trial " + trial + ": the order of the puzzles matters");
        }
    }

    @Test
    void oneWrongCellCostsExactlyOneRow() {
        SplittableRandom rng = new SplittableRandom(8);
        for (int trial = 0; trial < 50; trial++) {
            int[][] a = copy(SOLUTION);
            int r = rng.nextInt(4);
            int c = rng.nextInt(4);
            a[r][c] = a[r][c] % 4 + 1;
            double[] m = of(new int[][][] {a}, new int[][][] {SOLUTION});
            assertArrayEquals(new double[] {1, 0.75, 0, 1}, m, 1e-12, "a wrong digit in row " + (r + 1));
        }
    }
}
