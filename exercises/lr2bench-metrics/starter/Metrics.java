/** LR²Bench's completion ratio, subtask accuracy, exact match and partial match, with rows as subtasks. */
public final class Metrics {

    private Metrics() {
    }

    /** {CR, S-Acc, EM, PM-0.5} of the answers against the solutions (0 in an answer: an empty cell). */
    public static double[] of(int[][][] answers, int[][][] solutions) {
        return new double[4];
    }
}
