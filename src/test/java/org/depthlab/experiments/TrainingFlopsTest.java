package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.train.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * The currency of equal-FLOPs budgets: the Meter's count of what an update computes, forward
 * plus twice the part recorded for backward.
 */
class TrainingFlopsTest {

    private static final List<Puzzle> SAMPLE = Dataset.generate(Task.named("sudoku4"), 4, 0,
            new SplittableRandom(1)).train();

    /** Claim: a product recorded for backward is in recordedFlops; the same product under noGrad is not. */
    @Test
    void onlyOpsRecordedForBackwardCountAsRecorded() {
        SplittableRandom rng = new SplittableRandom(2);
        Tensor w = Tensor.parameter("w", Matrices.uniform(3, 4, rng));
        Tensor x = Tensor.constant(Matrices.uniform(5, 3, rng));
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        tape.matmul(x, w);
        assertEquals(2L * 5 * 3 * 4, meter.recordedFlops());
        tape.noGrad(() -> tape.matmul(x, w));
        tape.matmul(x, Tensor.constant(w.value()));
        assertEquals(3 * 2L * 5 * 3 * 4, meter.flops());
        assertEquals(2L * 5 * 3 * 4, meter.recordedFlops(), "neither the no-grad product nor the constant one");
    }

    /**
     * Claim: under the one-step gradient HRM's backward does not grow with N·T — more cycles add
     * forward FLOPs only — while a looped stack, back-propagated through every loop, adds
     * recorded FLOPs with every loop.
     */
    @Test
    void hrmPaysForMoreCyclesOnceAndTheLoopThreeTimes() {
        TrainingFlops small = measure(new HrmConfig(6, 16, 8, 2, 2, 1, 1, 2, 2, Positions.LEARNED));
        TrainingFlops large = measure(new HrmConfig(6, 16, 8, 2, 2, 1, 1, 4, 4, Positions.LEARNED));
        assertEquals(small.recorded(), large.recorded());
        assertTrue(large.forward() > 2 * small.forward(), large + " vs " + small);

        TrainingFlops two = measure(new LoopedConfig(6, 16, 8, 2, 2, 1, 2, Positions.LEARNED));
        TrainingFlops four = measure(new LoopedConfig(6, 16, 8, 2, 2, 1, 4, Positions.LEARNED));
        long perLoop = four.forward() - two.forward();
        assertTrue(perLoop > 0);
        assertEquals(perLoop, four.recorded() - two.recorded(), "every loop's forward is recorded");
        assertEquals(four.perUpdate() - two.perUpdate(), 3 * perLoop);
    }

    private static TrainingFlops measure(org.depthlab.models.ModelConfig config) {
        RefinementModel model = config.build(1);
        return TrainingFlops.measure(model, TrainConfig.defaults(config.kind()), SAMPLE);
    }
}
