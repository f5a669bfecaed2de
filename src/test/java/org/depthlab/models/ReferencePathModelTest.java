package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tasks.Tokens;
import org.depthlab.tensor.Backend;
import org.depthlab.tensor.Backends;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * Every model runs the same on the reference path (textbook ops, the code the book quotes) as on
 * the fast default: the same segment outputs and training gradients to 1e-9, and the same costs
 * for the meter — FLOPs per op, op count, bytes kept and depth.
 */
class ReferencePathModelTest {

    private record Run(List<DMatrixRMaj> matrices, Meter meter) {
    }

    /** One training segment and its loss's gradient: logits, q values, carry, then every parameter gradient. */
    private static Run run(ModelConfig config, Backend backend, int[] inputs, int[] targets) {
        RefinementModel model = config.build(7);
        Meter meter = new Meter();
        Tape tape = new Tape(backend, meter);
        SegmentOutput out = model.trainingSegment(tape, model.initialCarry(inputs.length / config.seqLen()), inputs,
                targets);
        Tensor loss = tape.stablemaxCrossEntropy(out.logits(), targets, Tokens.PAD);
        List<DMatrixRMaj> matrices = new ArrayList<>(List.of(out.logits().value()));
        if (out.qHalt() != null) {
            loss = tape.add(loss, tape.mean(out.qHalt()));
            matrices.add(out.qHalt().value());
        }
        for (Tensor state : out.carry().states().values()) {
            matrices.add(state.value());
        }
        tape.backward(loss);
        for (Tensor p : model.parameters()) {
            matrices.add(p.grad() == null ? new DMatrixRMaj(p.rows(), p.cols()) : p.grad());
        }
        return new Run(matrices, meter);
    }

    /**
     * Claim: a training segment of every model kind (and the decoder, by teacher forcing) gives
     * the reference path's numbers on the fast path to 1e-9, and the meter counts the same.
     */
    @Test
    void everyModelGivesTheSameNumbersAndCostsOnTheReferencePath() {
        Backend reference = Backends.choose("reference").backend();
        Backend fast = Backends.blocked(2);
        Props.qt(3).forAll(integers().between(2, 6), longs().all()).checkAssert((seqLen, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            List<ModelConfig> configs = new ArrayList<>(ModelContractTest.smallConfigs(seqLen, rng));
            configs.add(new DecoderConfig(4 + rng.nextInt(3), seqLen, 8, 2, 2.0, 2, Positions.ROPE));
            for (ModelConfig config : configs) {
                int sequences = 1 + rng.nextInt(3);
                int[] inputs = rng.ints(sequences * seqLen, 0, config.vocab()).toArray();
                int[] targets = rng.ints(sequences * seqLen, 0, config.vocab()).toArray();
                Run slow = run(config, reference, inputs, targets);
                Run quick = run(config, fast, inputs, targets);
                for (int i = 0; i < slow.matrices().size(); i++) {
                    double d = Matrices.maxRelativeDifference(slow.matrices().get(i), quick.matrices().get(i));
                    int which = i;
                    assertTrue(d <= 1e-9, () -> config + ": matrix " + which + " differs by " + d + " (seed " + seed + ")");
                }
                assertEquals(slow.meter().flopsByOp(), quick.meter().flopsByOp(), config + ": FLOPs per op");
                assertEquals(slow.meter().ops(), quick.meter().ops(), config + ": ops");
                assertEquals(slow.meter().bytesRetained(), quick.meter().bytesRetained(), config + ": bytes");
                assertEquals(slow.meter().maxDepth(), quick.meter().maxDepth(), config + ": depth");
                assertEquals(slow.meter().maxLayerDepth(), quick.meter().maxLayerDepth(), config + ": layer depth");
            }
        });
    }
}
