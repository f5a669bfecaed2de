package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.Carry;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.ForwardingModel;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * ACT as HRM trains it: the maximum is obeyed, the Q head decides, exploration delays — for
 * the rule itself, and for the rule as the trainer applies it. (The claims library checks the
 * rule exhaustively on structured and real logits: {@code org.depthlab.claims.Halts}.)
 */
class HaltingTest {

    @Test
    void everySequenceHaltsAtTheMaximumWhateverTheQHeadSays() {
        Props.qt(50).forAll(integers().between(1, 16), longs().all()).checkAssert((max, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 8;
            int[] steps = new int[n];
            double[] halt = new double[n];
            double[] cont = new double[n];
            for (int s = 0; s < n; s++) {
                steps[s] = max;
                halt[s] = -10;
                cont[s] = 10;
            }
            boolean[] halted = Halting.decide(steps, halt, cont, max, rng.nextDouble(), rng);
            for (boolean h : halted) {
                assertTrue(h, "at the maximum of " + max);
            }
        });
    }

    @Test
    void theQHeadHaltsWhenHaltBeatsContinueOrWhenHaltIsPositiveWithoutContinue() {
        int[] steps = {1, 1, 1};
        double[] halt = {2, -1, 0.5};
        double[] cont = {1, 3, 0.7};
        assertArrayEquals(new boolean[] {true, false, false},
                Halting.decide(steps, halt, cont, 16, 0.0, new SplittableRandom(1)));
        assertArrayEquals(new boolean[] {true, false, true},
                Halting.decide(steps, halt, null, 16, 0.0, new SplittableRandom(1)));
        assertArrayEquals(new boolean[] {false, false, false},
                Halting.decide(steps, null, null, 16, 0.0, new SplittableRandom(1)), "no head: only the maximum");
    }

    /** Claim: with exploration 1 a sequence never halts before a minimum drawn from 2..max. */
    @Test
    void explorationNeverHaltsBeforeSegmentTwoAndSometimesLater() {
        int max = 8;
        int stoppedAtTwoOrLater = 0;
        int keptGoing = 0;
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        for (int trial = 0; trial < 400; trial++) {
            int step = 1 + rng.nextInt(max - 1);
            boolean[] h = Halting.decide(new int[] {step}, new double[] {5}, new double[] {-5}, max, 1.0, rng);
            if (step == 1) {
                assertTrue(!h[0], "exploration's minimum is at least 2 (seed " + Props.SEED + ")");
            } else if (h[0]) {
                stoppedAtTwoOrLater++;
            } else {
                keptGoing++;
            }
        }
        assertTrue(stoppedAtTwoOrLater > 0 && keptGoing > 0, stoppedAtTwoOrLater + " / " + keptGoing
                + " (seed " + Props.SEED + ")");
    }

    /**
     * Claim: as the trainer runs it, a puzzle leaves its slot after the segment that reaches the
     * maximum, and never after a segment whose head said continue before the maximum. A model
     * that reports what it is given watches every slot: a slot that halted comes back with the
     * initial carry.
     */
    @Test
    void theTrainerHaltsAtTheMaximumAndNeverAgainstTheHead() {
        Task task = Task.named("sudoku4");
        List<Puzzle> puzzles = Dataset.generate(task, 24, 0, new SplittableRandom(Props.SEED)).train();
        Watching model = new Watching(new HrmConfig(task.vocabularySize(), task.sequenceLength(), 8, 2, 2.0, 1, 1, 1, 1)
                .build(Props.SEED), new SplittableRandom(Props.SEED));
        TrainConfig config = TrainConfig.defaults("hrm").withSteps(40);
        Trainer.fresh(model, Props.SEED, config, "sudoku4", puzzles, List.of(), null, null).run();
        int max = config.maxSegments();
        int checked = 0;
        int[] used = null;
        for (int t = 0; t + 1 < model.segments.size(); t++) {
            Watching.Seen now = model.segments.get(t);
            Watching.Seen next = model.segments.get(t + 1);
            if (used == null) {
                used = new int[now.fresh().length];
            }
            for (int s = 0; s < used.length; s++) {
                used[s] = now.fresh()[s] ? 1 : used[s] + 1;
                String where = "update " + (t + 1) + ", slot " + s + ", segment " + used[s] + " (seed " + Props.SEED + ")";
                assertTrue(used[s] <= max, where + ": past the maximum of " + max);
                if (used[s] == max) {
                    assertTrue(next.fresh()[s], where + ": the maximum did not halt it");
                } else if (!now.headSaysHalt()[s]) {
                    assertTrue(!next.fresh()[s], where + ": halted though its head said continue");
                }
                checked++;
            }
        }
        assertTrue(checked > 0);
    }

    /** An HRM whose halting head is moved off its start, recording per training segment which slots start afresh. */
    private static final class Watching extends ForwardingModel {
        record Seen(boolean[] fresh, boolean[] headSaysHalt) {
        }

        final List<Seen> segments = new ArrayList<>();

        Watching(RefinementModel model, SplittableRandom rng) {
            super(model);
            for (Tensor p : model.parameters()) {
                if (p.name().startsWith("q_head")) {
                    for (int i = 0; i < p.value().data.length; i++) {
                        p.value().data[i] = rng.nextDouble(-1, 1);
                    }
                }
            }
        }

        @Override
        public SegmentOutput trainingSegment(Tape tape, Carry carry, int[] inputs, int[] targets) {
            int sequences = inputs.length / seqLen();
            Carry initial = model.initialCarry(sequences);
            boolean[] fresh = new boolean[sequences];
            int rows = statePositions();
            for (int s = 0; s < sequences; s++) {
                fresh[s] = true;
                for (String name : carry.states().keySet()) {
                    double[] a = carry.get(name).value().data;
                    double[] b = initial.get(name).value().data;
                    int width = carry.get(name).cols() * rows;
                    for (int i = s * width; i < (s + 1) * width; i++) {
                        fresh[s] &= a[i] == b[i];
                    }
                }
            }
            SegmentOutput out = model.segment(tape, carry, inputs);
            boolean[] halt = new boolean[sequences];
            for (int s = 0; s < sequences; s++) {
                halt[s] = out.qHalt().get(s, 0) > out.qContinue().get(s, 0);
            }
            segments.add(new Seen(fresh, halt));
            return out;
        }
    }
}
