package org.depthlab.solve;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Shortest paths on a square grid of open and blocked cells, moving one cell up, down, left
 * or right at a time: breadth-first search (Moore 1959) and the verifier that decides whether
 * a set of marked cells is a shortest path.
 *
 * <p>Cells are numbered row-major, {@code cell = row·size + column}. BFS visits neighbours in
 * the fixed order up, right, down, left; the reference path is the one its predecessor tree
 * gives, so it is deterministic, though other shortest paths may exist.
 *
 * <p><b>Verifier.</b> Let d be the S→G distance. A set P of marked open cells (not S, not G)
 * is the interior of a shortest path iff |P| = d − 1 and G is reachable from S through cells
 * of P alone. Sufficient: a walk from S to G through P ∪ {S, G} has at least d moves, so it
 * passes at least d − 1 distinct cells of P — all of them, each once — and has exactly d moves.
 * Necessary: a shortest path's interior has d − 1 cells and connects S to G.
 */
public final class GridPaths {

    private static final int[] DR = {-1, 0, 1, 0};
    private static final int[] DC = {0, 1, 0, -1};

    private GridPaths() {
    }

    /** BFS distances from {@code source} to every cell, −1 where unreachable (or blocked). */
    public static int[] distances(boolean[] open, int size, int source) {
        return bfs(open, size, source, null);
    }

    /**
     * The reference shortest path from {@code source} to {@code target}, both included, or
     * an empty array when {@code target} is unreachable.
     */
    public static int[] shortestPath(boolean[] open, int size, int source, int target) {
        int[] parent = new int[open.length];
        int[] dist = bfs(open, size, source, parent);
        if (dist[target] < 0) {
            return new int[0];
        }
        int[] path = new int[dist[target] + 1];
        for (int cell = target, i = path.length - 1; i >= 0; cell = parent[cell], i--) {
            path[i] = cell;
        }
        return path;
    }

    /**
     * Whether the {@code marked} cells are exactly the interior of a shortest
     * {@code source}→{@code target} path (see the verifier in the class comment). A marked
     * blocked cell, or a mark on {@code source} or {@code target}, makes the answer false.
     */
    public static boolean isShortestPath(boolean[] open, int size, int source, int target, boolean[] marked) {
        int d = distances(open, size, source)[target];
        if (d < 0 || marked.length != open.length || marked[source] || marked[target]) {
            return false;
        }
        int count = 0;
        boolean[] allowed = new boolean[open.length];
        for (int c = 0; c < open.length; c++) {
            if (marked[c]) {
                if (!open[c]) {
                    return false;
                }
                count++;
                allowed[c] = true;
            }
        }
        if (count != d - 1) {
            return false;
        }
        allowed[source] = true;
        allowed[target] = true;
        return distances(allowed, size, source)[target] == d;
    }

    private static int[] bfs(boolean[] open, int size, int source, int[] parent) {
        if (open.length != size * size) {
            throw new IllegalArgumentException("a " + size + "×" + size + " grid has " + size * size
                    + " cells, not " + open.length);
        }
        int[] dist = new int[open.length];
        Arrays.fill(dist, -1);
        if (!open[source]) {
            return dist;
        }
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        dist[source] = 0;
        queue.add(source);
        while (!queue.isEmpty()) {
            int cell = queue.poll();
            int r = cell / size;
            int c = cell % size;
            for (int k = 0; k < 4; k++) {
                int nr = r + DR[k];
                int nc = c + DC[k];
                if (nr < 0 || nr >= size || nc < 0 || nc >= size) {
                    continue;
                }
                int next = nr * size + nc;
                if (open[next] && dist[next] < 0) {
                    dist[next] = dist[cell] + 1;
                    if (parent != null) {
                        parent[next] = cell;
                    }
                    queue.add(next);
                }
            }
        }
        return dist;
    }
}
