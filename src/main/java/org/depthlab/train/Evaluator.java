package org.depthlab.train;

import java.util.Arrays;
import java.util.List;
import org.depthlab.models.Carry;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tensor.Tape;

/**
 * Evaluation as HRM does it: every puzzle runs all segments, and the answer after the last
 * one is scored. The metric that matters is <b>exact</b> accuracy — the whole answer correct,
 * judged by the puzzle's own verifier (any valid Sudoku completion, any shortest maze path) —
 * not token accuracy (as [HRM] and [TRM] report).
 *
 * <p>Also reported: exact accuracy after each segment (how much refinement buys), and where
 * a model with a halting head would have stopped (its first segment with q_halt &gt; q_continue,
 * or q_halt &gt; 0 without a continue head).
 */
public final class Evaluator {

    /**
     * @param puzzles          how many puzzles were scored
     * @param exact            fraction whose final answer is correct
     * @param tokenAccuracy    fraction of labelled positions equal to the reference
     * @param averageSegments  mean segment at which the halting head would stop (all segments if none)
     * @param exactBySegment   exact accuracy after segment 1, 2, …
     * @param puzzlesPerSecond throughput of this evaluation
     */
    public record Result(int puzzles, double exact, double tokenAccuracy, double averageSegments,
                         double[] exactBySegment, double puzzlesPerSecond) {
    }

    private Evaluator() {
    }

    public static Result evaluate(RefinementModel model, List<Puzzle> puzzles, int segments, int batch) {
        if (puzzles.isEmpty()) {
            return new Result(0, 0, 0, 0, new double[segments], 0);
        }
        long start = System.nanoTime();
        int seqLen = model.seqLen();
        long exactCount = 0;
        long labelled = 0;
        long right = 0;
        long segmentsUsed = 0;
        long[] exactAt = new long[segments];
        for (int from = 0; from < puzzles.size(); from += batch) {
            List<Puzzle> chunk = puzzles.subList(from, Math.min(puzzles.size(), from + batch));
            int n = chunk.size();
            int[] inputs = new int[n * seqLen];
            int[] targets = new int[n * seqLen];
            for (int s = 0; s < n; s++) {
                System.arraycopy(chunk.get(s).inputTokens(), 0, inputs, s * seqLen, seqLen);
                System.arraycopy(chunk.get(s).targetTokens(), 0, targets, s * seqLen, seqLen);
            }
            int[] haltAt = new int[n];
            Arrays.fill(haltAt, segments);
            Carry carry = model.initialCarry(n);
            int[] answers = null;
            for (int seg = 1; seg <= segments; seg++) {
                Tape tape = new Tape();
                Carry previous = carry;
                SegmentOutput out = tape.noGrad(() -> model.segment(tape, previous, inputs));
                carry = out.carry();
                answers = Answers.argmax(out.logits().value());
                for (int s = 0; s < n; s++) {
                    int[] answer = Arrays.copyOfRange(answers, s * seqLen, (s + 1) * seqLen);
                    if (chunk.get(s).isCorrect(answer)) {
                        exactAt[seg - 1]++;
                    }
                    if (haltAt[s] == segments && out.qHalt() != null && seg < segments) {
                        double h = out.qHalt().get(s, 0);
                        boolean halt = out.qContinue() != null ? h > out.qContinue().get(s, 0) : h > 0;
                        if (halt) {
                            haltAt[s] = seg;
                        }
                    }
                }
            }
            for (int s = 0; s < n; s++) {
                int[] answer = Arrays.copyOfRange(answers, s * seqLen, (s + 1) * seqLen);
                exactCount += chunk.get(s).isCorrect(answer) ? 1 : 0;
                int[] counts = Answers.tokenCounts(answers, targets, seqLen, s);
                labelled += counts[0];
                right += counts[1];
                segmentsUsed += haltAt[s];
            }
        }
        int total = puzzles.size();
        double[] bySegment = new double[segments];
        for (int i = 0; i < segments; i++) {
            bySegment[i] = exactAt[i] / (double) total;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(total, exactCount / (double) total, labelled == 0 ? 0 : right / (double) labelled,
                segmentsUsed / (double) total, bySegment, total / Math.max(seconds, 1e-9));
    }
}
