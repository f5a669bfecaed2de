package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.GradientCheck;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** What every refinement model promises: shapes, depth per segment, detached carries, determinism. */
class ModelContractTest {

    static List<ModelConfig> smallConfigs(int seqLen, SplittableRandom rng) {
        int vocab = 3 + rng.nextInt(4);
        int heads = 1 + rng.nextInt(2);
        int hidden = heads * 2 * (1 + rng.nextInt(2));
        Positions p = rng.nextBoolean() ? Positions.ROPE : Positions.LEARNED;
        return List.of(
                new TransformerConfig(vocab, seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), p),
                new LoopedConfig(vocab, seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), 1 + rng.nextInt(3), p),
                new HrmConfig(vocab, seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), 1 + rng.nextInt(2),
                        1 + rng.nextInt(3), 1 + rng.nextInt(3), p),
                new TrmConfig(vocab, seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), 1 + rng.nextInt(3),
                        1 + rng.nextInt(3), false, p),
                new TrmConfig(vocab, seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), 1 + rng.nextInt(2),
                        1 + rng.nextInt(2), true, p),
                // TRM's published shape at a small size: a 16-position prefix, no positions, a
                // rounded SwiGLU width (8 here, 256 in TRM).
                new TrmConfig(vocab, seqLen, hidden, heads, 2.0, 1, 1 + rng.nextInt(2), 1 + rng.nextInt(2), false,
                        Positions.NONE, 8, 16),
                new TrmConfig(vocab, seqLen, hidden, heads, 2.0, 1, 1 + rng.nextInt(2), 1 + rng.nextInt(2), true,
                        Positions.NONE, 8, 16),
                new HrmConfig(vocab, seqLen, hidden, heads, 2.0, 1, 1, 1 + rng.nextInt(2), 1 + rng.nextInt(2),
                        Positions.NONE, 8),
                // TRM with a random step (chapter 14): learned, and naive fixed noise.
                GramConfig.of(new TrmConfig(vocab, seqLen, hidden, heads, 2.0, 1 + rng.nextInt(2), 1 + rng.nextInt(3),
                        1 + rng.nextInt(3), false, p), GramConfig.VARIATIONAL, 0.3, 0.1, 4),
                GramConfig.of(new TrmConfig(vocab, seqLen, hidden, heads, 2.0, 1, 1 + rng.nextInt(2), 1 + rng.nextInt(2),
                        true, Positions.NONE, 8, 16), GramConfig.FIXED, 0.5, 0, 0));
    }

    static int[] tokens(int count, int vocab, SplittableRandom rng) {
        return rng.ints(count, 0, vocab).toArray();
    }

    @Test
    void segmentsHaveTheRightShapesAndHaltingHeadsWhereTheModelHasThem() {
        SplittableRandom rng = new SplittableRandom(3);
        for (ModelConfig config : smallConfigs(5, rng)) {
            RefinementModel model = config.build(1);
            int[] inputs = tokens(2 * 5, config.vocab(), rng);
            SegmentOutput out = model.segment(new Tape(), model.initialCarry(2), inputs);
            assertEquals(10, out.logits().rows());
            assertEquals(config.vocab(), out.logits().cols());
            if (model.halts()) {
                assertEquals(2, out.qHalt().rows());
                assertEquals(1, out.qHalt().cols());
                // q_head starts at weight 0, bias -5: every sequence is confident it should not stop.
                assertEquals(-5.0, out.qHalt().get(0, 0), 0.0);
            } else {
                assertNull(out.qHalt());
            }
            if (model instanceof Hrm) {
                assertNotNull(out.qContinue());
            }
        }
    }

    @Test
    void theCarryLeavingASegmentIsDetached() {
        SplittableRandom rng = new SplittableRandom(4);
        for (ModelConfig config : smallConfigs(4, rng)) {
            RefinementModel model = config.build(2);
            SegmentOutput out = model.segment(new Tape(), model.initialCarry(1), tokens(4, config.vocab(), rng));
            for (Tensor state : out.carry().states().values()) {
                assertFalse(state.requiresGrad(), config + ": a carried state must not reach back into its segment");
            }
        }
    }

    @Test
    void parameterNamesAreUniqueAndTheSameSeedBuildsTheSameModel() {
        SplittableRandom rng = new SplittableRandom(5);
        for (ModelConfig config : smallConfigs(3, rng)) {
            RefinementModel a = config.build(9);
            RefinementModel b = config.build(9);
            List<String> names = new ArrayList<>();
            for (Tensor p : a.parameters()) {
                names.add(p.name());
            }
            for (Tensor p : a.buffers()) {
                names.add(p.name());
            }
            assertEquals(names.size(), new HashSet<>(names).size(), "duplicate names in " + names);
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(a.parameters().get(i).value().data, b.parameters().get(i).value().data, 0.0);
            }
            assertTrue(a.parameterCount() > 0);
        }
    }

    /**
     * Claim: where a model back-propagates through everything it computes in a segment (a
     * transformer; a looped model; HRM with N = T = 1; TRM with T = 1), its gradient is the
     * true gradient of the segment: it matches finite differences.
     */
    @Test
    void fullyBackpropagatedSegmentsMatchFiniteDifferences() {
        Props.qt(6).forAll(integers().between(1, 3), longs().all()).checkAssert((seqLen, seed) -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int vocab = 4;
            List<ModelConfig> configs = List.of(
                    new TransformerConfig(vocab, seqLen, 4, 2, 1.0, 1),
                    new HrmConfig(vocab, seqLen, 4, 2, 1.0, 1, 1, 1, 1, Positions.LEARNED),
                    new LoopedConfig(vocab, seqLen, 4, 2, 1.0, 1, 2),
                    new HrmConfig(vocab, seqLen, 4, 2, 1.0, 1, 1, 1, 1),
                    new TrmConfig(vocab, seqLen, 4, 2, 1.0, 1, 1, 2, false),
                    new TrmConfig(vocab, seqLen, 4, 2, 1.0, 1, 1, 1, true),
                    new TrmConfig(vocab, seqLen, 4, 2, 1.0, 1, 1, 2, false, Positions.NONE, 4, 3),
                    new TrmConfig(vocab, seqLen, 4, 2, 1.0, 1, 1, 1, true, Positions.LEARNED, 4, 3));
            for (ModelConfig config : configs) {
                RefinementModel model = config.build(seed);
                if (model.halts()) {
                    // Move q_head off its zero start so that its gradient path is exercised too.
                    for (Tensor p : model.parameters()) {
                        if (p.name().startsWith("q_head")) {
                            p.value().setTo(org.depthlab.testing.Matrices.uniform(p.rows(), p.cols(), rng));
                        }
                    }
                }
                int[] inputs = tokens(2 * seqLen, vocab, rng);
                Carry start = model.initialCarry(2);
                double error = GradientCheck.relativeError(tape -> {
                    SegmentOutput out = model.segment(tape, start, inputs);
                    return model.halts() ? tape.concat(tape.mean(out.logits()), tape.mean(out.qHalt()))
                            : out.logits();
                }, model.parameters(), seed);
                assertTrue(error <= 1e-6, config + ": relative gradient error " + error);
            }
        });
    }

    @Test
    void meteredSegmentsReportTheirWork() {
        RefinementModel model = new HrmConfig(6, 4, 8, 2, 2.0, 1, 1, 2, 2).build(1);
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        model.segment(tape, model.initialCarry(2), tokens(8, 6, new SplittableRandom(1)));
        assertEquals(2 * 2 * 1 + 2 * 1, meter.layers(), "N·T L-steps of 1 block and N H-steps of 1 block");
        assertTrue(meter.flops() > 0);
    }
}
