package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.ComposedPointer;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Mask training over a frozen model: the mask's gradient (through the substituted weights, by
 * the chain rule) is the finite difference of the masked model's objective; the model's
 * weights come out bit for bit as they went in; and the mask's bookkeeping (size, IoU, a
 * random control of the same size per parameter) counts what it says.
 */
class MaskTrainingTest {

    private static final Predicate<String> BLOCKS = n -> n.contains(".layers.");

    private static RefinementModel looped(ComposedPointer task, long seed) {
        return new LoopedConfig(task.vocabularySize(), task.sequenceLength(), 4, 2, 2.0, 1, 2, Positions.LEARNED)
                .build(seed);
    }

    @Test
    void theMaskGradientIsTheFiniteDifferenceOfTheMaskedObjective() {
        // A looped model back-propagates through its whole segment, so its gradient, and the
        // mask's, is the true one. (HRM's one-step gradient is an approximation by design, and
        // a mask over HRM follows it: its mask gradient is not compared with differences.)
        int segments = 1;
        Props.qt(6).forAll(integers().between(2, 4), longs().all()).checkAssert((nodes, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            ComposedPointer task = new ComposedPointer(nodes, 1, seed);
            RefinementModel model = looped(task, seed);
            List<Tensor> weights = WeightMask.selected(model, BLOCKS);
            List<Tensor> logits = new ArrayList<>();
            for (Tensor w : weights) {
                DMatrixRMaj m = new DMatrixRMaj(w.rows(), w.cols());
                for (int i = 0; i < m.data.length; i++) {
                    m.data[i] = rng.nextDouble(-2, 2);
                }
                logits.add(Tensor.parameter("mask." + w.name(), m));
            }
            double t = rng.nextDouble(0.3, 2);
            double penalty = rng.nextDouble(0, 2);
            List<ComposedPointer.Example> batch = SlotTraining.examples(task, ComposedPointer.Mode.values(), 3, seed);
            MaskTraining.objective(model, segments, weights, logits, t, penalty, task, batch);
            // The objective adds into the logits' gradients: take them all before any further call.
            List<double[]> analytic = logits.stream().map(m -> m.grad().data.clone()).toList();
            double diff = 0;
            double norm = 0;
            double h = 1e-6;
            for (int p = 0; p < logits.size(); p++) {
                double[] g = analytic.get(p);
                double[] v = logits.get(p).value().data;
                // Twenty entries of every parameter's mask, drawn at random: the differences of all
                // of them would take minutes.
                for (int draw = 0; draw < 20; draw++) {
                    int i = rng.nextInt(v.length);
                    double original = v[i];
                    v[i] = original + h;
                    double plus = MaskTraining.objective(model, segments, weights, logits, t, penalty, task, batch);
                    v[i] = original - h;
                    double minus = MaskTraining.objective(model, segments, weights, logits, t, penalty, task, batch);
                    v[i] = original;
                    double numeric = (plus - minus) / (2 * h);
                    diff += (g[i] - numeric) * (g[i] - numeric);
                    norm += numeric * numeric;
                }
            }
            double error = Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-3);
            assertTrue(error <= 1e-6, "relative error of the mask gradient " + error + " (seed " + seed + ")");
        });
    }

    @Test
    void trainingAMaskLeavesTheModelsWeightsAsTheyWere() {
        ComposedPointer task = new ComposedPointer(4, 1, 3);
        RefinementModel model = looped(task, 3);
        List<double[]> before = model.parameters().stream().map(p -> p.value().data.clone()).toList();
        WeightMask mask = MaskTraining.train(model, 1, BLOCKS, task, new ComposedPointer.Mode[] {ComposedPointer.Mode.HOP},
                MaskTraining.Settings.defaults(4).withSteps(20), null);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i), model.parameters().get(i).value().data, 0.0,
                    model.parameters().get(i).name());
            assertTrue(model.parameters().get(i).grad() == null, "a gradient was left on " + model.parameters().get(i).name());
        }
        assertTrue(mask.isBinary());
        assertEquals(WeightMask.selected(model, BLOCKS).stream().mapToLong(p -> p.value().getNumElements()).sum(),
                mask.size());
    }

    @Test
    void aRandomControlKeepsAsManyWeightsInEveryParameter() {
        ComposedPointer task = new ComposedPointer(4, 1, 3);
        RefinementModel model = looped(task, 5);
        SplittableRandom rng = new SplittableRandom(6);
        WeightMask half = WeightMask.randomLike(WeightMask.full(model, BLOCKS).complement(), rng);
        assertEquals(0, half.kept());
        WeightMask mask = WeightMask.randomLike(WeightMask.full(model, BLOCKS), rng);
        assertEquals(mask.size(), mask.kept());
        WeightMask some = WeightMask.of(java.util.Map.of(mask.names().get(0), new double[] {1, 0, 1, 0, 0, 1, 1, 1}));
        WeightMask control = WeightMask.randomLike(some, rng);
        assertEquals(5, control.kept());
        assertEquals(1.0, some.iou(some));
        assertEquals(0.0, some.iou(some.complement()));
        assertEquals(3.0 / 8, some.sparsity());
    }

    @Test
    void aModelLearnsTheFixedPermutationQuickly() {
        // Empirical, seeded: subroutine B is a table of m entries, learned in 150 updates.
        ComposedPointer task = new ComposedPointer(4, 1, 9);
        RefinementModel model = new LoopedConfig(task.vocabularySize(), task.sequenceLength(), 16, 2, 2.0, 1, 1,
                Positions.LEARNED).build(2);
        ComposedPointer.Mode[] permute = {ComposedPointer.Mode.PERMUTE};
        SlotTraining.train(model, task, permute, new SlotTraining.Settings(150, 1, 32, 3e-3, 20, 1), null);
        double accuracy = SlotTraining.accuracy(model, 1, task, SlotTraining.examples(task, permute, 100, 7));
        assertTrue(accuracy > 0.95, "accuracy " + accuracy);
    }
}
