package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Task;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TRM's moving average of the weights in training: bias-corrected, so a short run evaluates
 * trained weights; saved with its update count, so a resumed run continues it exactly; and
 * every evaluation says which weights it ran on.
 */
class EmaTrainingTest {

    private static final Task TASK = Task.named("sudoku4");
    private static final Dataset DATA = Dataset.generate(TASK, 24, 8, new SplittableRandom(6));
    private static final TrmConfig CONFIG = new TrmConfig(TASK.vocabularySize(), TASK.sequenceLength(), 8, 2, 2.0, 1,
            2, 1, false);

    private static TrainConfig run(long steps) {
        return TrainConfig.defaults("trm").withSteps(steps).withBatch(8).withMaxSegments(1).withWarmupSteps(0)
                .withLr(1e-2);
    }

    private static Map<String, DMatrixRMaj> read(Path file) {
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, DMatrixRMaj> out = new java.util.LinkedHashMap<>();
        f.tensors().forEach((name, e) -> out.put(name, e.matrix()));
        return out;
    }

    private static double distance(Map<String, DMatrixRMaj> a, RefinementModel initial, String prefix) {
        double sum = 0;
        for (Tensor p : initial.parameters()) {
            DMatrixRMaj x = a.get(prefix + p.name());
            for (int i = 0; i < x.data.length; i++) {
                double d = x.data[i] - p.value().data[i];
                sum += d * d;
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Claim: after a short TRM run (5 updates at μ = 0.999) the weights evaluated and saved
     * for inference have moved from the initial weights nearly as far as the trained ones —
     * TRM's uncorrected average would still be 99.5% the initial weights.
     */
    @Test
    void aShortTrmRunEvaluatesTrainedWeightsNotTheInitialOnes(@TempDir Path dir) {
        Trainer.Result r = Trainer.fresh(CONFIG.build(2), 2, run(5), TASK.name(), DATA.train(), DATA.test(), dir,
                null).run();
        RefinementModel initial = CONFIG.build(2);
        double averageMoved = distance(read(dir.resolve(Checkpoint.MODEL_FILE)), initial, "");
        double rawMoved = distance(read(dir.resolve(Checkpoint.TRAINING_FILE)), initial, "raw/");
        assertTrue(rawMoved > 0 && averageMoved >= 0.5 * rawMoved,
                "the evaluated average moved " + averageMoved + ", the trained weights " + rawMoved);
        assertEquals("EMA 0.999 of 5 updates, bias-corrected", r.last().testedWeights());
    }

    @Test
    void aRunWithoutAnAverageSaysItEvaluatedTheTrainedWeights() {
        Trainer.Result r = Trainer.fresh(CONFIG.build(2), 2, run(2).withEmaDecay(0), TASK.name(), DATA.train(),
                DATA.test(), null, null).run();
        assertEquals(Trainer.RAW_WEIGHTS, r.last().testedWeights());
    }

    /**
     * Claim: a TRM run stopped at a checkpoint and resumed ends with the raw weights and the
     * average of the same run made in one go, bit for bit: the average's update count is saved.
     */
    @Test
    void resumingContinuesTheAverageBitForBit(@TempDir Path dir) {
        Path straight = dir.resolve("straight");
        Trainer.fresh(CONFIG.build(3), 3, run(9), TASK.name(), DATA.train(), DATA.test(), straight, null).run();
        Path broken = dir.resolve("broken");
        Trainer.fresh(CONFIG.build(3), 3, run(6), TASK.name(), DATA.train(), DATA.test(), broken, null).run();
        Trainer.resume(broken, 9, DATA.train(), DATA.test(), null).run();
        for (String file : List.of(Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE)) {
            Map<String, DMatrixRMaj> a = read(straight.resolve(file));
            Map<String, DMatrixRMaj> b = read(broken.resolve(file));
            assertEquals(a.keySet(), b.keySet());
            a.forEach((name, m) -> assertArrayEquals(m.data, b.get(name).data, 0.0, file + " " + name));
        }
        assertEquals(9.0, read(broken.resolve(Checkpoint.TRAINING_FILE)).get("ema_updates").get(0, 0));
        assertTrue(Arrays.stream(read(broken.resolve(Checkpoint.MODEL_FILE)).get("embed_tokens.weight").data)
                .allMatch(Double::isFinite));
    }
}
