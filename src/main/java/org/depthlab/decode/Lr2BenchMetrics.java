package org.depthlab.decode;

import java.util.List;
import java.util.Optional;
import org.depthlab.models.Carry;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Subtasks;
import org.depthlab.tensor.Tape;
import org.ejml.data.DMatrixRMaj;

/**
 * LR²Bench's four metrics (Chen et al. 2025, book/references.md [LR2Bench]) over a set of
 * answers to constraint puzzles, each puzzle split into subtasks as {@link Subtasks} says (a
 * row of a Sudoku or Futoshiki, a house of a logic grid):
 * <pre>
 *   Completion Ratio  CR     = mean over puzzles of  answered subtasks / subtasks
 *   Subtask Accuracy  S-Acc  = mean over puzzles of  correct subtasks / subtasks
 *   Exact Match       EM     = share of puzzles whose whole answer is correct
 *   Partial Match     PM-0.5 = share of puzzles with  correct subtasks / subtasks ≥ 0.5
 * </pre>
 * EM is judged by the puzzle's own rules ({@link Puzzle#isCorrect}), as the project's exact
 * accuracy is. The gap between S-Acc and EM is the point of the benchmark: a reasoner can get
 * most of an answer right and still fail the puzzle, because one wrong commitment breaks it.
 *
 * <p>The metrics apply to any answer: a committing or searching decoder's ({@link
 * DecodingEvaluation} keeps a {@link Tally} as it decodes), or a refinement model's after its
 * last segment ({@link #ofModel}).
 */
public final class Lr2BenchMetrics {

    /** A puzzle counts as a partial match when at least this share of its subtasks is correct. */
    public static final double PARTIAL = 0.5;

    private Lr2BenchMetrics() {
    }

    /**
     * The four metrics over {@code puzzles} answers.
     *
     * @param subtask         what a subtask is, in words (e.g. "a row of the grid")
     * @param completionRatio CR
     * @param subtaskAccuracy S-Acc
     * @param exactMatch      EM
     * @param partialMatch    PM-0.5
     */
    public record Result(int puzzles, String subtask, double completionRatio, double subtaskAccuracy,
                         double exactMatch, double partialMatch) {
    }

    /** Adds up answers one at a time. */
    public static final class Tally {
        private int puzzles;
        private String subtask;
        private double completion;
        private double accuracy;
        private int exact;
        private int partial;

        /** Scores one answer; a puzzle without subtasks (a maze) is not counted. */
        public void add(Puzzle puzzle, int[] answer) {
            Optional<Subtasks.Score> s = Subtasks.score(puzzle, answer);
            if (s.isEmpty()) {
                return;
            }
            puzzles++;
            subtask = Subtasks.unit(puzzle).orElseThrow();
            completion += s.get().completion();
            accuracy += s.get().accuracy();
            exact += puzzle.isCorrect(answer) ? 1 : 0;
            partial += s.get().accuracy() >= PARTIAL ? 1 : 0;
        }

        /** The metrics so far, or empty if no puzzle with subtasks was added. */
        public Optional<Result> result() {
            if (puzzles == 0) {
                return Optional.empty();
            }
            return Optional.of(new Result(puzzles, subtask, completion / puzzles, accuracy / puzzles,
                    exact / (double) puzzles, partial / (double) puzzles));
        }
    }

    /** The metrics of {@code answers}, one per puzzle in the same order. */
    public static Optional<Result> of(List<Puzzle> puzzles, List<int[]> answers) {
        if (puzzles.size() != answers.size()) {
            throw new IllegalArgumentException(puzzles.size() + " puzzles, " + answers.size() + " answers");
        }
        Tally t = new Tally();
        for (int i = 0; i < puzzles.size(); i++) {
            t.add(puzzles.get(i), answers.get(i));
        }
        return t.result();
    }

    /**
     * The metrics of a refinement model's answers after {@code segments} segments (the highest
     * score at every position, as evaluation reads it), {@code batch} puzzles per pass.
     */
    public static Optional<Result> ofModel(RefinementModel model, List<Puzzle> puzzles, int segments, int batch) {
        Tally t = new Tally();
        int seqLen = model.seqLen();
        for (int from = 0; from < puzzles.size(); from += batch) {
            List<Puzzle> chunk = puzzles.subList(from, Math.min(puzzles.size(), from + batch));
            int[] inputs = new int[chunk.size() * seqLen];
            for (int s = 0; s < chunk.size(); s++) {
                System.arraycopy(chunk.get(s).inputTokens(), 0, inputs, s * seqLen, seqLen);
            }
            Carry carry = model.initialCarry(chunk.size());
            DMatrixRMaj logits = null;
            for (int seg = 0; seg < segments; seg++) {
                Tape tape = new Tape();
                Carry previous = carry;
                SegmentOutput out = tape.noGrad(() -> model.segment(tape, previous, inputs));
                carry = out.carry();
                logits = out.logits().value();
            }
            for (int s = 0; s < chunk.size(); s++) {
                int[] answer = new int[seqLen];
                for (int p = 0; p < seqLen; p++) {
                    answer[p] = argmax(logits, s * seqLen + p);
                }
                t.add(chunk.get(s), answer);
            }
        }
        return t.result();
    }

    /** The highest-scoring token of row r (ties to the lower token), as the evaluator reads answers. */
    private static int argmax(DMatrixRMaj logits, int r) {
        int v = logits.numCols;
        int best = 0;
        for (int c = 1; c < v; c++) {
            if (logits.data[r * v + c] > logits.data[r * v + best]) {
                best = c;
            }
        }
        return best;
    }
}
