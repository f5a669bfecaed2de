package org.depthlab.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.models.Carry;
import org.depthlab.models.ForwardingModel;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuTask;
import org.depthlab.tensor.Tape;

/**
 * Evaluation runs every segment ([HRM] in book/references.md: evaluation runs all 16 segments): however
 * early a model's halting head would stop a puzzle, the evaluation gives every puzzle the
 * maximum number of segments. The check wraps a model with a halting head (HRM or TRM, random
 * weights, its head moved off its start so that it does want to stop early) in a counter,
 * evaluates it on random 4×4 Sudoku puzzles with a maximum of up to the family's bound on
 * steps, and compares the segments each puzzle got with the maximum. An instance where the head
 * never says stop before the maximum tests nothing: there, stopping early and running on are
 * the same. The contrast is an evaluation that stops each puzzle where its head says so.
 */
public final class EvaluationSegments implements Claim<Evaluation> {

    private static final SudokuTask PUZZLES = new SudokuTask(Sudoku.Shape.FOUR, 0, 0);

    @Override
    public About about() {
        return new About("evaluation runs max",
                "Evaluation runs every puzzle for the maximum number of segments, whatever its halting head says.",
                "the evaluation of models with a halting head (HRM, TRM)",
                Rigor.exact());
    }

    @Override
    public Verdict check(Family<Evaluation> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            SplittableRandom rng = in.rng();
            Evaluation evaluation = family.draw(in.seed(), PUZZLES.vocabularySize(), PUZZLES.sequenceLength());
            int max = in.steps(2);
            int count = 1 + rng.nextInt(4);
            in.tried("max segments", max);
            in.inputs(count);
            List<Puzzle> puzzles = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                puzzles.add(PUZZLES.generate(rng));
            }
            Family<RefinementModel> models = rng.nextBoolean() ? Families.hrm() : Families.trm();
            Counting model = new Counting(models.draw(rng.nextLong(), PUZZLES.vocabularySize(),
                    PUZZLES.sequenceLength()));
            evaluation.run(model, puzzles, max);
            int[] ran = model.segmentsPerPuzzle(puzzles);
            for (int i = 0; i < count; i++) {
                if (ran[i] != max) {
                    String head = model.wouldStop[i] > 0 ? "its head said stop after segment " + model.wouldStop[i]
                            : "its head never said stop";
                    return Trial.failed(ran[i], String.format(Locale.ROOT, "%s, max %d, puzzle %d of %d: evaluation ran %s"
                            + " (%s)", models.name(), max, i + 1, count, Draw.count(ran[i], "segment"), head));
                }
            }
            int early = 0;
            for (int i = 0; i < count; i++) {
                early += model.wouldStop[i] > 0 && model.wouldStop[i] < max ? 1 : 0;
            }
            if (early == 0) {
                return Trial.untested(models.name() + ", max " + max + ": the halting head never said stop before the"
                        + " maximum, so running on and stopping early are the same");
            }
            return Trial.held(String.format(Locale.ROOT, "%s, max %d: all %d puzzles ran %d segments; the head would have"
                    + " stopped %d of them earlier", models.name(), max, count, max, early));
        });
    }

    /**
     * A model that counts the segments each puzzle goes through (a puzzle is known by its input
     * tokens) and notes where its halting head first says stop (q_halt &gt; q_continue, or q_halt
     * &gt; 0 without a continue head).
     */
    private static final class Counting extends ForwardingModel {
        private final List<int[]> seen = new ArrayList<>();
        private final List<Integer> counts = new ArrayList<>();
        int[] wouldStop = new int[0];

        Counting(RefinementModel model) {
            super(model);
        }

        @Override
        public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
            SegmentOutput out = model.segment(tape, carry, inputs);
            int n = seqLen();
            for (int s = 0; s < inputs.length / n; s++) {
                int[] puzzle = java.util.Arrays.copyOfRange(inputs, s * n, (s + 1) * n);
                int at = indexOf(puzzle);
                counts.set(at, counts.get(at) + 1);
                if (wouldStop.length <= at) {
                    wouldStop = java.util.Arrays.copyOf(wouldStop, at + 1);
                }
                double h = out.qHalt().get(s, 0);
                boolean stop = out.qContinue() != null ? h > out.qContinue().get(s, 0) : h > 0;
                if (stop && wouldStop[at] == 0) {
                    wouldStop[at] = counts.get(at);
                }
            }
            return out;
        }

        private int indexOf(int[] puzzle) {
            for (int i = 0; i < seen.size(); i++) {
                if (java.util.Arrays.equals(seen.get(i), puzzle)) {
                    return i;
                }
            }
            seen.add(puzzle);
            counts.add(0);
            return seen.size() - 1;
        }

        /** Segments per puzzle, in the order given (puzzles with the same tokens share a count). */
        int[] segmentsPerPuzzle(List<Puzzle> puzzles) {
            int[] ran = new int[puzzles.size()];
            int[] stops = new int[puzzles.size()];
            for (int i = 0; i < ran.length; i++) {
                int at = indexOf(puzzles.get(i).inputTokens());
                long same = puzzles.stream().filter(p -> java.util.Arrays.equals(p.inputTokens(),
                        seen.get(at))).count();
                ran[i] = (int) (counts.get(at) / same);
                stops[i] = at < wouldStop.length ? wouldStop[at] : 0;
            }
            wouldStop = stops;
            return ran;
        }
    }
}
