import java.util.Arrays;

/** LR²Bench's completion ratio, subtask accuracy, exact match and partial match, with rows as subtasks. */
public final class Metrics {

    private Metrics() {
    }

    /** {CR, S-Acc, EM, PM-0.5} of the answers against the solutions (0 in an answer: an empty cell). */
    public static double[] of(int[][][] answers, int[][][] solutions) {
        int puzzles = answers.length;
        if (puzzles == 0) {
            return new double[4];
        }
        double cr = 0;
        double acc = 0;
        double em = 0;
        double pm = 0;
        for (int p = 0; p < puzzles; p++) {
            int rows = answers[p].length;
            int answered = 0;
            int correct = 0;
            for (int r = 0; r < rows; r++) {
                boolean full = true;
                for (int cell : answers[p][r]) {
                    full &= cell != 0;
                }
                answered += full ? 1 : 0;
                correct += Arrays.equals(answers[p][r], solutions[p][r]) ? 1 : 0;
            }
            cr += answered / (double) rows;
            acc += correct / (double) rows;
            em += correct == rows ? 1 : 0;
            pm += correct >= 0.5 * rows ? 1 : 0;
        }
        return new double[] {cr / puzzles, acc / puzzles, em / puzzles, pm / puzzles};
    }
}
