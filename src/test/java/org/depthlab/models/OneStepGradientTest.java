package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * HRM's one-step gradient and TRM's last full recursion, as claims about memory and about
 * what the gradient is.
 */
class OneStepGradientTest {

    private static long bytesForOneSegment(RefinementModel model, int sequences, long seed) {
        int[] inputs = ModelContractTest.tokens(sequences * model.seqLen(), model.vocab(), new SplittableRandom(seed));
        Tape tape = new Tape();
        SegmentOutput out = model.segment(tape, model.initialCarry(sequences), inputs);
        tape.backward(tape.mean(out.logits()));
        return tape.bytesRetained();
    }

    /** TRM: memory grows with n (one recursion is back-propagated in full) but not with T. */
    @Test
    void trmTapeMemoryGrowsWithLatentStepsButNotWithRecursions() {
        long t2n2 = bytesForOneSegment(new TrmConfig(5, 4, 8, 2, 2.0, 1, 2, 2, false).build(1), 2, 1);
        long t5n2 = bytesForOneSegment(new TrmConfig(5, 4, 8, 2, 2.0, 1, 5, 2, false).build(1), 2, 1);
        long t2n4 = bytesForOneSegment(new TrmConfig(5, 4, 8, 2, 2.0, 1, 2, 4, false).build(1), 2, 1);
        assertEquals(t2n2, t5n2);
        assertTrue(t2n4 > t2n2);
    }

    /**
     * HRM's last L-step and H-step rebuilt from the public parts — {@link Stack}s and the read-out
     * {@link Linear} with the model's weights copied by name — and run as the paper's pseudocode
     * writes the segment (Wang et al. 2025, Fig. 4): N·T − 1 L-steps without gradient, with an
     * H-step after every T-th, then one L-step and one H-step with gradient. Only the input
     * embedding is the model's own.
     */
    private static final class LastTwoSteps {
        final Hrm model;
        final Stack lLevel;
        final Stack hLevel;
        final Linear lmHead;

        LastTwoSteps(Hrm model) {
            this.model = model;
            HrmConfig c = model.config();
            SplittableRandom unused = new SplittableRandom(0);
            this.lLevel = new Stack("L_level", c.lLayers(), Transformer.blockConfig(c), unused);
            this.hLevel = new Stack("H_level", c.hLayers(), Transformer.blockConfig(c), unused);
            this.lmHead = new Linear("lm_head", c.hidden(), c.vocab(), false, unused);
            Map<String, Tensor> weights = new HashMap<>();
            model.parameters().forEach(p -> weights.put(p.name(), p));
            for (Tensor p : parameters()) {
                p.value().setTo(weights.get(p.name()).value());
            }
        }

        List<Tensor> parameters() {
            return Module.parametersOf(lLevel, hLevel, lmHead);
        }

        /** The states the last two steps start from, computed without gradient. */
        Tensor[] hiddenStates(Carry start, int[] inputs) {
            HrmConfig c = model.config();
            Tape tape = new Tape();
            return tape.noGrad(() -> {
                Tensor x = model.embed(tape, inputs);
                Tensor zH = start.get("zH");
                Tensor zL = start.get("zL");
                for (int i = 0; i < c.hCycles() * c.lCycles() - 1; i++) {
                    zL = lLevel.forward(tape, tape.add(zL, tape.add(zH, x)), model.statePositions());
                    if ((i + 1) % c.lCycles() == 0) {
                        zH = hLevel.forward(tape, tape.add(zH, zL), model.statePositions());
                    }
                }
                return new Tensor[] {zH.detach(), zL.detach()};
            });
        }

        /** The logits of the last L-step and H-step from fixed states, recorded on {@code tape}. */
        Tensor logits(Tape tape, Tensor[] states, int[] inputs) {
            int positions = model.statePositions();
            Tensor x = model.embed(tape, inputs);
            Tensor zL = lLevel.forward(tape, tape.add(states[1], tape.add(states[0], x)), positions);
            Tensor zH = hLevel.forward(tape, tape.add(states[0], zL), positions);
            int sequences = inputs.length / model.seqLen();
            int prefix = positions - model.seqLen();
            int[] cells = new int[sequences * model.seqLen()];
            for (int s = 0; s < sequences; s++) {
                for (int p = 0; p < model.seqLen(); p++) {
                    cells[s * model.seqLen() + p] = s * positions + prefix + p;
                }
            }
            return lmHead.forward(tape, tape.gather(zH, cells));
        }
    }

    /**
     * Claim: HRM's gradient is the full gradient of its last L-step and H-step, with the states
     * they start from held fixed — nothing more (no earlier step back-propagated) and nothing
     * less. Checked against two things the model's code does not take part in: the last two
     * steps rebuilt from the public parts and back-propagated in full, and central finite
     * differences of that same function of the weights.
     */
    @Test
    void hrmGradientIsTheFullGradientOfOnlyItsLastLAndHStep() {
        HrmConfig config = new HrmConfig(6, 4, 8, 2, 2.0, 1, 2, 2, 3);
        Hrm model = (Hrm) config.build(Props.SEED);
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        int[] inputs = ModelContractTest.tokens(2 * 4, 6, rng);
        Carry start = model.initialCarry(2);
        DMatrixRMaj weighting = new DMatrixRMaj(2 * 4, 6);
        for (int i = 0; i < weighting.data.length; i++) {
            weighting.data[i] = rng.nextDouble(-1, 1);
        }

        Tape tape = new Tape();
        SegmentOutput out = model.segment(tape, start, inputs);
        tape.backward(out.logits(), weighting);
        Map<String, DMatrixRMaj> modelGrads = new HashMap<>();
        for (Tensor p : model.parameters()) {
            modelGrads.put(p.name(), p.grad() == null ? new DMatrixRMaj(p.rows(), p.cols()) : p.grad().copy());
            p.clearGrad();
        }

        LastTwoSteps rebuilt = new LastTwoSteps(model);
        Tensor[] states = rebuilt.hiddenStates(start, inputs);
        Tape manual = new Tape();
        Tensor logits = rebuilt.logits(manual, states, inputs);
        manual.backward(logits, weighting);
        assertArrayEquals(out.logits().value().data, logits.value().data, 1e-12, "the same answer (seed " + Props.SEED + ")");
        List<Tensor> all = new java.util.ArrayList<>(rebuilt.parameters());
        model.parameters().stream().filter(p -> p.name().startsWith("embed") || p.name().startsWith("puzzle_emb"))
                .forEach(all::add);
        for (Tensor p : all) {
            DMatrixRMaj expected = p.grad() == null ? new DMatrixRMaj(p.rows(), p.cols()) : p.grad();
            assertArrayEquals(expected.data, modelGrads.get(p.name()).data, 1e-9 * Math.max(1, maxAbs(expected)),
                    p.name() + " (seed " + Props.SEED + ")");
        }

        // Finite differences of the same function: the last two steps from the fixed states, as a
        // function of the weights (the embedding's included), at 40 entries drawn at random.
        List<Tensor> params = model.parameters().stream().filter(p -> !p.name().startsWith("q_head")).toList();
        Map<String, Tensor> rebuiltByName = new HashMap<>();
        rebuilt.parameters().forEach(p -> rebuiltByName.put(p.name(), p));
        double h = 1e-6;
        double worst = 0;
        for (int k = 0; k < 40; k++) {
            Tensor p = params.get(rng.nextInt(params.size()));
            int i = rng.nextInt(p.value().data.length);
            Tensor target = rebuiltByName.getOrDefault(p.name(), p);
            double keep = target.value().data[i];
            target.value().data[i] = keep + h;
            double up = weighted(rebuilt.logits(new Tape(), states, inputs), weighting);
            target.value().data[i] = keep - h;
            double down = weighted(rebuilt.logits(new Tape(), states, inputs), weighting);
            target.value().data[i] = keep;
            double numeric = (up - down) / (2 * h);
            double analytic = modelGrads.get(p.name()).data[i];
            worst = Math.max(worst, Math.abs(numeric - analytic) / Math.max(1e-3, Math.max(Math.abs(numeric),
                    Math.abs(analytic))));
        }
        assertTrue(worst < 1e-6, "one-step gradient vs finite differences of the last two steps: " + worst
                + " (seed " + Props.SEED + ")");
    }

    private static double weighted(Tensor logits, DMatrixRMaj weighting) {
        double sum = 0;
        for (int i = 0; i < weighting.data.length; i++) {
            sum += weighting.data[i] * logits.value().data[i];
        }
        return sum;
    }

    private static double maxAbs(DMatrixRMaj m) {
        double worst = 0;
        for (double v : m.data) {
            worst = Math.max(worst, Math.abs(v));
        }
        return worst;
    }

    /** And the approximation is an approximation: with N·T > 1 it is not the true gradient. */
    @Test
    void hrmGradientDiffersFromTheTrueGradientWhenThereAreHiddenSteps() {
        HrmConfig config = new HrmConfig(6, 3, 4, 2, 1.0, 1, 1, 2, 2);
        RefinementModel model = config.build(Props.SEED);
        int[] inputs = ModelContractTest.tokens(3, 6, new SplittableRandom(Props.SEED));
        Carry start = model.initialCarry(1);
        double error = org.depthlab.tensor.GradientCheck.relativeError(
                tape -> model.segment(tape, start, inputs).logits(), model.parameters(), 5);
        assertNotEquals(0.0, error);
        assertTrue(error > 1e-3, "one-step gradient vs finite differences of the whole segment: " + error);
    }
}
