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

    private Search() {
    }

    /** The first solution in index order, values ascending, with forward checking. */
    public static Result solve(int n, int m, int[][] differ, int[] givens) {
        return new Result(null, 0, 0);
    }

    /** The smallest allowed value for each open variable in index order, never taken back; null at a dead end. */
    public static int[] greedy(int n, int m, int[][] differ, int[] givens) {
        return null;
    }
}
