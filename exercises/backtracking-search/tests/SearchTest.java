import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hidden tests of the backtracking exercise, on random small problems. Soundness is checked
 * against the constraints, completeness against trying every assignment (which only says
 * whether a solution exists), and the counts and the greedy equivalence against each other:
 * properties of the student's code, not answers of a second solver.
 */
class SearchTest {

    record Problem(int n, int m, int[][] differ, int[] givens) {
        int open() {
            int k = 0;
            for (int g : givens) {
                if (g < 0) {
                    k++;
                }
            }
            return k;
        }
    }

    private static Problem random(SplittableRandom rng) {
        int n = 2 + rng.nextInt(6);
        int m = 2 + rng.nextInt(3);
        List<int[]> pairs = new ArrayList<>();
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (rng.nextDouble() < 0.45) {
                    pairs.add(new int[] {a, b});
                }
            }
        }
        int[] givens = new int[n];
        for (int i = 0; i < n; i++) {
            givens[i] = rng.nextDouble() < 0.2 ? rng.nextInt(m) : -1;
        }
        return new Problem(n, m, pairs.toArray(int[][]::new), givens);
    }

    private static boolean satisfies(Problem p, int[] values) {
        if (values.length != p.n()) {
            return false;
        }
        for (int i = 0; i < p.n(); i++) {
            if (values[i] < 0 || values[i] >= p.m() || (p.givens()[i] >= 0 && values[i] != p.givens()[i])) {
                return false;
            }
        }
        for (int[] d : p.differ()) {
            if (values[d[0]] == values[d[1]]) {
                return false;
            }
        }
        return true;
    }

    /** Whether any assignment satisfies p (every one of the m^n is tried). */
    private static boolean solvable(Problem p) {
        int[] values = new int[p.n()];
        long total = (long) Math.pow(p.m(), p.n());
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int i = 0; i < p.n(); i++) {
                values[i] = (int) (c % p.m());
                c /= p.m();
            }
            if (satisfies(p, values)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void aSmallProblemIsSolvedInIndexOrder() {
        // A path 0 - 1 - 2 with two values: index order, values ascending, gives 0, 1, 0.
        Search.Result r = Search.solve(3, 2, new int[][] {{0, 1}, {1, 2}}, new int[] {-1, -1, -1});
        assertNotNull(r, "solve returned null");
        assertNotNull(r.values(), "this problem has a solution");
        assertArrayEquals(new int[] {0, 1, 0}, r.values(), "the first solution in index order, values ascending");
        assertEquals(3, r.nodes(), "three values tried, none taken back");
        assertEquals(0, r.backtracks());
    }

    @Test
    void everySolutionSatisfiesTheConstraintsAndKeepsTheGivens() {
        SplittableRandom rng = new SplittableRandom(1);
        for (int trial = 0; trial < 300; trial++) {
            Problem p = random(rng);
            Search.Result r = Search.solve(p.n(), p.m(), p.differ(), p.givens());
            assertNotNull(r, "solve returned null");
            if (r.values() != null && !satisfies(p, r.values())) {
                fail("trial " + trial + ": the answer breaks a constraint or a given: " + java.util.Arrays.toString(r.values()));
            }
        }
    }

    @Test
    void aSolutionIsFoundExactlyWhenOneExists() {
        SplittableRandom rng = new SplittableRandom(2);
        int solvable = 0;
        for (int trial = 0; trial < 300; trial++) {
            Problem p = random(rng);
            boolean exists = solvable(p);
            Search.Result r = Search.solve(p.n(), p.m(), p.differ(), p.givens());
            assertEquals(exists, r.values() != null, "trial " + trial + ": a solution "
                    + (exists ? "exists but was not found" : "does not exist but one was reported"));
            solvable += exists ? 1 : 0;
        }
        assertTrue(solvable > 30 && solvable < 290, "the draws should mix solvable and unsolvable problems");
    }

    @Test
    void aSolvedSearchMakesOpenPlusBacktracksNodes() {
        SplittableRandom rng = new SplittableRandom(3);
        int withBacktracks = 0;
        for (int trial = 0; trial < 300; trial++) {
            Problem p = random(rng);
            Search.Result r = Search.solve(p.n(), p.m(), p.differ(), p.givens());
            if (r.values() != null) {
                assertEquals(p.open() + r.backtracks(), r.nodes(), "trial " + trial
                        + ": every node is either on the path to the solution or taken back");
                withBacktracks += r.backtracks() > 0 ? 1 : 0;
            } else {
                assertEquals(r.nodes(), r.backtracks(), "trial " + trial + ": with no solution every tried value is taken back");
            }
        }
        assertTrue(withBacktracks > 0, "some solved problems need backtracks");
    }

    @Test
    void greedySucceedsExactlyWhenTheSearchNeedsNoBacktrack() {
        SplittableRandom rng = new SplittableRandom(4);
        int both = 0;
        int searchOnly = 0;
        for (int trial = 0; trial < 400; trial++) {
            Problem p = random(rng);
            Search.Result r = Search.solve(p.n(), p.m(), p.differ(), p.givens());
            int[] g = Search.greedy(p.n(), p.m(), p.differ(), p.givens());
            boolean noBacktrack = r.values() != null && r.backtracks() == 0;
            assertEquals(noBacktrack, g != null, "trial " + trial + ": greedy " + (g != null ? "succeeded" : "failed")
                    + " but the search needed " + r.backtracks() + " backtracks" + (r.values() == null ? " and found nothing" : ""));
            if (g != null) {
                assertArrayEquals(r.values(), g, "trial " + trial + ": greedy makes the search's first choices");
                both++;
            } else if (r.values() != null) {
                searchOnly++;
            }
        }
        assertTrue(both > 0 && searchOnly > 0, "the draws should include problems greedy solves and problems only search solves");
    }

    @Test
    void conflictingGivensHaveNoSolution() {
        Search.Result r = Search.solve(2, 3, new int[][] {{0, 1}}, new int[] {1, 1});
        assertNull(r.values(), "two neighbouring givens with the same value leave no solution");
        assertNull(Search.greedy(2, 3, new int[][] {{0, 1}}, new int[] {1, 1}), "greedy cannot succeed either");
    }
}
