import java.util.ArrayList;
import java.util.List;

/**
 * Depth-first search with forward checking over "must differ" constraints, in index order,
 * and the greedy committing decoder in the same order.
 */
public final class Search {

    /**
     * The outcome of a search.
     *
     * @param values     every variable's value in the first solution, or null when there is none
     * @param nodes      values tried
     * @param backtracks tried values taken back, until the first solution
     */
    public record Result(int[] values, long nodes, long backtracks) {
    }

    /** Domains, assignments and the prunings to undo. */
    private static final class State {
        final boolean[][] allowed;
        final int[] value;
        final List<List<Integer>> neighbours = new ArrayList<>();
        final List<int[]> pruned = new ArrayList<>();

        State(int n, int m, int[][] differ) {
            allowed = new boolean[n][m];
            value = new int[n];
            for (int i = 0; i < n; i++) {
                java.util.Arrays.fill(allowed[i], true);
                value[i] = -1;
                neighbours.add(new ArrayList<>());
            }
            for (int[] pair : differ) {
                neighbours.get(pair[0]).add(pair[1]);
                neighbours.get(pair[1]).add(pair[0]);
            }
        }

        /** Assigns and prunes the open neighbours; false on a wipe-out. Returns the undo mark via pruned's size. */
        boolean assign(int x, int v) {
            value[x] = v;
            boolean alive = true;
            for (int y : neighbours.get(x)) {
                if (value[y] < 0 && allowed[y][v]) {
                    allowed[y][v] = false;
                    pruned.add(new int[] {y, v});
                    if (empty(y)) {
                        alive = false;
                    }
                } else if (value[y] == v) {
                    alive = false;
                }
            }
            return alive;
        }

        void undo(int x, int mark) {
            value[x] = -1;
            while (pruned.size() > mark) {
                int[] p = pruned.remove(pruned.size() - 1);
                allowed[p[0]][p[1]] = true;
            }
        }

        boolean empty(int x) {
            for (boolean a : allowed[x]) {
                if (a) {
                    return false;
                }
            }
            return true;
        }

        int nextOpen() {
            for (int i = 0; i < value.length; i++) {
                if (value[i] < 0) {
                    return i;
                }
            }
            return -1;
        }
    }

    private Search() {
    }

    /** The state after the givens, or null when they conflict. */
    private static State start(int n, int m, int[][] differ, int[] givens) {
        State s = new State(n, m, differ);
        for (int i = 0; i < n; i++) {
            if (givens[i] >= 0 && (!s.allowed[i][givens[i]] || !s.assign(i, givens[i]))) {
                return null;
            }
        }
        return s;
    }

    /** The first solution in index order, values ascending, with forward checking. */
    public static Result solve(int n, int m, int[][] differ, int[] givens) {
        State s = start(n, m, differ, givens);
        if (s == null) {
            return new Result(null, 0, 0);
        }
        long[] counts = new long[2];
        boolean found = descend(s, counts);
        return new Result(found ? s.value.clone() : null, counts[0], counts[1]);
    }

    private static boolean descend(State s, long[] counts) {
        int x = s.nextOpen();
        if (x < 0) {
            return true;
        }
        for (int v = 0; v < s.allowed[x].length; v++) {
            if (!s.allowed[x][v]) {
                continue;
            }
            counts[0]++;
            int mark = s.pruned.size();
            if (s.assign(x, v) && descend(s, counts)) {
                return true;
            }
            s.undo(x, mark);
            counts[1]++;
        }
        return false;
    }

    /** The smallest allowed value for each open variable in index order, never taken back; null at a dead end. */
    public static int[] greedy(int n, int m, int[][] differ, int[] givens) {
        State s = start(n, m, differ, givens);
        if (s == null) {
            return null;
        }
        for (int x = s.nextOpen(); x >= 0; x = s.nextOpen()) {
            int v = 0;
            while (v < m && !s.allowed[x][v]) {
                v++;
            }
            if (v == m) {
                return null;
            }
            s.assign(x, v); // a wipe-out is ignored: greedy does not look ahead
        }
        return s.value.clone();
    }
}
