package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.GradientCheck;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.depthlab.train.RecallTraining;
import org.junit.jupiter.api.Test;

/**
 * The recall models: the gradient through reading, every sleep pass and the question matches
 * finite differences (training back-propagates through all of it, no truncation); what is kept
 * after the drop has the size each model says; and a fast-weight model learns the task.
 */
class RecallModelsTest {

    private static Recall tiny(RecallConfig.Kind kind, int nodes, int passes, long seed) {
        return new RecallConfig(kind, nodes, 2, 3, 2, 3, passes).build(seed);
    }

    private static List<FactChains.Story> stories(int nodes, int count, long seed) {
        return RecallTraining.stories(new FactChains(nodes, 1 + (int) Math.floorMod(seed, nodes)), count, seed);
    }

    @Test
    void theGradientThroughEverySleepPassMatchesFiniteDifferences() {
        Props.qt(12).forAll(integers().between(0, 3), integers().between(2, 4), longs().all())
                .checkAssert((passes, nodes, seed) -> {
                    for (RecallConfig.Kind kind : List.of(RecallConfig.Kind.FAST_WEIGHTS, RecallConfig.Kind.REREADING,
                            RecallConfig.Kind.KEPT_CONTEXT)) {
                        Recall model = tiny(kind, nodes, passes, seed);
                        List<FactChains.Story> batch = stories(nodes, 2, seed);
                        double error = GradientCheck.relativeError(t -> RecallTraining.logits(t, model, batch),
                                model.parameters(), seed);
                        assertTrue(error <= 1e-6, kind + " with " + passes + " passes: relative gradient error " + error
                                + " (seed " + seed + ")");
                    }
                });
    }

    @Test
    void fastWeightsKeepDTimesDNumbersWhateverTheContextLength() {
        for (int nodes = 2; nodes <= 12; nodes += 5) {
            Recall fast = RecallConfig.of(RecallConfig.Kind.FAST_WEIGHTS, nodes, 2).build(1);
            Recall kept = RecallConfig.of(RecallConfig.Kind.KEPT_CONTEXT, nodes, 2).build(1);
            Recall none = RecallConfig.of(RecallConfig.Kind.NO_MEMORY, nodes, 0).build(1);
            List<FactChains.Story> batch = stories(nodes, 3, nodes);
            assertEquals(32L * 32, keptValues(fast, batch));
            assertEquals(2L * nodes * 32, keptValues(kept, batch));
            assertEquals(0L, keptValues(none, batch));
        }
    }

    private static long keptValues(Recall model, List<FactChains.Story> batch) {
        Tape tape = new Tape();
        int m = batch.get(0).size();
        int[] subjects = new int[batch.size() * m];
        int[] objects = new int[batch.size() * m];
        for (int b = 0; b < batch.size(); b++) {
            System.arraycopy(batch.get(b).subjects(), 0, subjects, b * m, m);
            System.arraycopy(batch.get(b).objects(), 0, objects, b * m, m);
        }
        return model.consolidate(tape, model.read(tape, subjects, objects, batch.size())).valuesPerSequence();
    }

    @Test
    void everySleepPassIsOneLayerApplicationDeeper() {
        for (int passes = 0; passes <= 3; passes++) {
            Recall model = tiny(RecallConfig.Kind.FAST_WEIGHTS, 4, passes, 3);
            Tape tape = new Tape();
            Tensor logits = tape.noGrad(() -> RecallTraining.logits(tape, model, stories(4, 2, 5)));
            assertEquals(passes, logits.layerDepth());
        }
    }

    @Test
    void aFastWeightModelWithOneSleepPassLearnsSmallChains() {
        // Empirical, seeded: on 6 nodes in 2 chains, 400 updates take one sleep pass well past
        // what the question alone can tell (the roots, a third of the nodes).
        FactChains task = new FactChains(6, 2);
        Recall model = RecallConfig.of(RecallConfig.Kind.FAST_WEIGHTS, 6, 1).build(1);
        RecallTraining.train(model, task, RecallTraining.Settings.defaults(2).withSteps(400), null);
        RecallTraining.Evaluation e = RecallTraining.evaluate(model, RecallTraining.stories(task, 128, 9));
        assertTrue(e.accuracy() > 0.8, "accuracy " + e.accuracy());
    }
}
