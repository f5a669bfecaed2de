package org.depthlab.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** BFS and the shortest-path verifier against exhaustive search on small grids. */
class GridPathsTest {


    private static boolean[] randomGrid(int size, SplittableRandom rng) {
        boolean[] open = new boolean[size * size];
        for (int i = 0; i < open.length; i++) {
            open[i] = rng.nextDouble() < 0.7;
        }
        return open;
    }

    /** Every simple path from {@code cell} to {@code target}, reported by its cells as a bit mask and its length. */
    private static void simplePaths(boolean[] open, int size, int cell, int target, long visited, int moves,
            PathSink sink) {
        if (cell == target) {
            sink.path(visited, moves);
            return;
        }
        int r = cell / size;
        int c = cell % size;
        int[][] steps = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int[] s : steps) {
            int nr = r + s[0];
            int nc = c + s[1];
            if (nr >= 0 && nr < size && nc >= 0 && nc < size) {
                int next = nr * size + nc;
                if (open[next] && (visited & (1L << next)) == 0) {
                    simplePaths(open, size, next, target, visited | (1L << next), moves + 1, sink);
                }
            }
        }
    }

    @FunctionalInterface
    private interface PathSink {
        void path(long cells, int moves);
    }

    // Claim: BFS distance equals the length of the shortest simple path found by exhaustive
    // search, for every target; unreachable cells get −1; the reference path is a real path
    // of that length.
    @Test
    void bfsDistancesAreShortestPathLengths() {
        Props.qt(200)
                .forAll(integers().between(1, 5), longs().all()).checkAssert((size, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    boolean[] open = randomGrid(size, rng);
                    int source = rng.nextInt(size * size);
                    open[source] = true;
                    int[] dist = GridPaths.distances(open, size, source);
                    for (int t = 0; t < size * size; t++) {
                        int[] best = {Integer.MAX_VALUE};
                        if (open[t]) {
                            simplePaths(open, size, source, t, 1L << source, 0,
                                    (cells, moves) -> best[0] = Math.min(best[0], moves));
                        }
                        int expected = best[0] == Integer.MAX_VALUE ? -1 : best[0];
                        assertEquals(expected, dist[t], "target " + t + " seed " + seed);
                        int[] path = GridPaths.shortestPath(open, size, source, t);
                        assertEquals(expected < 0 ? 0 : expected + 1, path.length);
                        for (int i = 1; i < path.length; i++) {
                            int a = path[i - 1];
                            int b = path[i];
                            assertTrue(open[b]);
                            assertEquals(1, Math.abs(a / size - b / size) + Math.abs(a % size - b % size));
                        }
                    }
                });
    }

    // Claim: the verifier accepts a set of marked cells iff it is the interior of some
    // shortest S→G path — checked over every subset of the grid's cells (walls included).
    @Test
    void verifierAcceptsExactlyTheInteriorsOfShortestPaths() {
        Props.qt(60)
                .forAll(integers().between(2, 4), longs().all()).checkAssert((size, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int cells = size * size;
                    boolean[] open = randomGrid(size, rng);
                    int s = rng.nextInt(cells);
                    int g = (s + 1 + rng.nextInt(cells - 1)) % cells;
                    open[s] = true;
                    open[g] = true;
                    int[] shortest = {Integer.MAX_VALUE};
                    Set<Long> interiors = new HashSet<>();
                    simplePaths(open, size, s, g, 1L << s, 0, (mask, moves) -> {
                        if (moves < shortest[0]) {
                            shortest[0] = moves;
                            interiors.clear();
                        }
                        if (moves == shortest[0]) {
                            interiors.add(mask & ~(1L << s) & ~(1L << g));
                        }
                    });
                    int accepted = 0;
                    for (long mask = 0; mask < (1L << cells); mask++) {
                        if ((mask & (1L << s)) != 0 || (mask & (1L << g)) != 0) {
                            continue;
                        }
                        boolean[] marked = new boolean[cells];
                        for (int i = 0; i < cells; i++) {
                            marked[i] = (mask & (1L << i)) != 0;
                        }
                        boolean ok = GridPaths.isShortestPath(open, size, s, g, marked);
                        assertEquals(interiors.contains(mask), ok, "mask " + Long.toBinaryString(mask) + " seed " + seed);
                        accepted += ok ? 1 : 0;
                    }
                    assertEquals(interiors.size(), accepted);
                });
    }

    @Test
    void markingStartOrGoalIsRejected() {
        boolean[] open = {true, true, true, true};
        boolean[] marked = {false, true, false, false};
        assertTrue(GridPaths.isShortestPath(open, 2, 0, 3, marked));
        marked[0] = true;
        assertFalse(GridPaths.isShortestPath(open, 2, 0, 3, marked));
    }
}
