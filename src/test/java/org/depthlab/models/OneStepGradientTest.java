package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
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
     * Claim: HRM's gradient is exactly the gradient of its last L-step and last H-step, with
     * the states they start from treated as constants — the one-step approximation, nothing
     * more and nothing less. Rebuilt by hand here from the model's own weights.
     */
    @Test
    void hrmGradientIsTheGradientOfTheLastTwoStepsFromConstantStates() {
        HrmConfig config = new HrmConfig(6, 4, 8, 2, 2.0, 1, 2, 2, 3);
        Hrm model = (Hrm) config.build(11);
        int[] inputs = ModelContractTest.tokens(2 * 4, 6, new SplittableRandom(2));
        Carry start = model.initialCarry(2);

        Tape tape = new Tape();
        SegmentOutput out = model.segment(tape, start, inputs);
        tape.backward(tape.mean(out.logits()));
        List<DMatrixRMaj> modelGrads = grads(model);
        for (Tensor p : model.parameters()) {
            p.clearGrad();
        }

        // The same segment, its hidden steps computed on a tape of their own that records
        // nothing, then the last two steps from those states as constants.
        Tape hidden = new Tape();
        Carry beforeLastSteps = hidden.noGrad(() ->
                model.hiddenSteps(hidden, start, model.embed(hidden, inputs))).detach();
        Tape manual = new Tape();
        SegmentOutput lastTwo = model.lastSteps(manual, beforeLastSteps, model.embed(manual, inputs));
        manual.backward(manual.mean(lastTwo.logits()));
        List<DMatrixRMaj> manualGrads = grads(model);

        assertArrayEquals(out.logits().value().data, lastTwo.logits().value().data, 0.0, "same answer");
        for (int i = 0; i < modelGrads.size(); i++) {
            assertArrayEquals(modelGrads.get(i).data, manualGrads.get(i).data, 0.0,
                    model.parameters().get(i).name());
        }
    }

    private static List<DMatrixRMaj> grads(RefinementModel model) {
        return model.parameters().stream()
                .map(p -> p.grad() == null ? new DMatrixRMaj(p.rows(), p.cols()) : p.grad().copy())
                .toList();
    }

    /** And the approximation is an approximation: with N·T > 1 it is not the true gradient. */
    @Test
    void hrmGradientDiffersFromTheTrueGradientWhenThereAreHiddenSteps() {
        HrmConfig config = new HrmConfig(6, 3, 4, 2, 1.0, 1, 1, 2, 2);
        RefinementModel model = config.build(3);
        int[] inputs = ModelContractTest.tokens(3, 6, new SplittableRandom(4));
        Carry start = model.initialCarry(1);
        double error = org.depthlab.tensor.GradientCheck.relativeError(
                tape -> model.segment(tape, start, inputs).logits(), model.parameters(), 5);
        assertNotEquals(0.0, error);
        assertTrue(error > 1e-3, "one-step gradient vs finite differences of the whole segment: " + error);
    }
}
