package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The vector models run the token models' recurrences unchanged: given the token model's
 * weights and the x its token head computes, every state after every iteration is the token
 * model's, bit for bit — for the transformer, the looped model and HRM, in inference and in
 * HRM's one-step-gradient training segment alike.
 */
class VectorRefinerTest {

    /** The token head's x = √h·[puzzle_emb; E[tokens]], rebuilt from the token model's named weights. */
    private static DMatrixRMaj tokenX(RefinementModel model, int[] tokens) {
        Map<String, Tensor> w = new java.util.HashMap<>();
        model.parameters().forEach(t -> w.put(t.name(), t));
        DMatrixRMaj prefix = w.get("puzzle_emb.weight").value();
        DMatrixRMaj table = w.get("embed_tokens.weight").value();
        int h = prefix.numCols;
        int s = model.seqLen();
        int width = s + 1;
        int sequences = tokens.length / s;
        DMatrixRMaj x = new DMatrixRMaj(sequences * width, h);
        for (int q = 0; q < sequences; q++) {
            for (int c = 0; c < h; c++) {
                x.set(q * width, c, prefix.get(0, c) * Math.sqrt(h));
                for (int p = 0; p < s; p++) {
                    x.set(q * width + 1 + p, c, table.get(tokens[q * s + p], c) * Math.sqrt(h));
                }
            }
        }
        return x;
    }

    /** Copies every weight and buffer the vector model shares by name with the token model. */
    private static void copyShared(RefinementModel from, VectorRefiner to) {
        Map<String, Tensor> source = new java.util.HashMap<>();
        from.parameters().forEach(t -> source.put(t.name(), t));
        from.buffers().forEach(t -> source.put(t.name(), t));
        int copied = 0;
        for (Map.Entry<String, Tensor> e : to.named().entrySet()) {
            Tensor s = source.get(e.getKey());
            if (s != null) {
                e.getValue().value().setTo(s.value());
                copied++;
            }
        }
        assertEquals(to.named().size() - 4, copied, "every weight but the vector head's four is shared");
    }

    private static void sameStates(ModelConfig tokenConfig, ModelConfig vectorConfig, int iterations, long seed) {
        RefinementModel token = tokenConfig.build(seed);
        VectorRefiner vector = new VectorRefiner(vectorConfig, 3, seed + 1);
        copyShared(token, vector);
        SplittableRandom rng = new SplittableRandom(seed);
        int sequences = 2;
        int[] tokens = rng.ints(sequences * token.seqLen(), 0, token.vocab()).toArray();
        Tape tape = new Tape();
        SegmentOutput expected = tape.noGrad(() -> token.segment(tape, token.initialCarry(sequences), tokens));
        Tensor x = Tensor.constant(tokenX(token, tokens));
        Carry c = vector.initialCarry(sequences);
        for (int k = 0; k < iterations; k++) {
            Carry previous = c;
            c = tape.noGrad(() -> vector.iterate(tape, previous, x));
        }
        for (String name : expected.carry().states().keySet()) {
            assertArrayEquals(expected.carry().get(name).value().data, c.get(name).value().data, 0.0, name);
        }
        if (vector.kind() == VectorRefiner.Kind.TRANSFORMER) {
            return; // the transformer carries nothing: its one pass is the state above
        }
        Tape training = new Tape();
        Carry trained = vector.segment(training, vector.initialCarry(sequences), x, iterations);
        for (String name : expected.carry().states().keySet()) {
            assertArrayEquals(expected.carry().get(name).value().data, trained.get(name).value().data, 0.0,
                    "the training segment, " + name);
        }
    }

    @Test
    void theVectorModelsRunTheTokenModelsRecurrencesBitForBit() {
        Props.qt(12).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int s = 2 + rng.nextInt(4);
            int layers = 1 + rng.nextInt(2);
            int k = 1 + rng.nextInt(3);
            sameStates(new TransformerConfig(7, s, 8, 2, 2.0, layers),
                    new TransformerConfig(7, s + 1, 8, 2, 2.0, layers), 1, seed);
            sameStates(new LoopedConfig(7, s, 8, 2, 2.0, layers, k),
                    new LoopedConfig(7, s + 1, 8, 2, 2.0, layers, k), k, seed);
            int t = 1 + rng.nextInt(3);
            sameStates(new HrmConfig(7, s, 8, 2, 2.0, layers, 1, k, t),
                    new HrmConfig(7, s + 1, 8, 2, 2.0, layers, 1, k, t), k, seed);
        });
    }

    /** HRM's training segment records only its last L-step and H-step; the looped model records every loop. */
    @Test
    void eachModelKeepsItsGradient() {
        VectorRefiner hrm = new VectorRefiner(new HrmConfig(2, 4, 8, 2, 2.0, 1, 1, 3, 2, Positions.LEARNED), 9, 1);
        VectorRefiner looped = new VectorRefiner(new LoopedConfig(2, 4, 8, 2, 2.0, 1, 3, Positions.LEARNED), 9, 1);
        assertEquals(recorded(hrm, 1), recorded(hrm, 4), "HRM: memory constant in the cycles");
        int l1 = recorded(looped, 1);
        int l2 = recorded(looped, 2);
        assertEquals(l2 - l1, recorded(looped, 3) - l2, "looped: a fixed number of ops more per loop");
        assertEquals(true, l2 > l1);
        Tape tape = new Tape();
        DMatrixRMaj f = new DMatrixRMaj(4, 9);
        f.fill(0.5);
        Tensor y = hrm.readout(tape, hrm.segment(tape, hrm.initialCarry(1), hrm.embed(tape, f), 3));
        tape.backward(tape.sum(y));
        for (Tensor p : hrm.parameters()) {
            assertNotNull(p.grad(), p.name() + " gets a gradient");
        }
    }

    /** Ops recorded for backward by one training segment of {@code iterations}. */
    private static int recorded(VectorRefiner m, int iterations) {
        Tape tape = new Tape();
        DMatrixRMaj f = new DMatrixRMaj(4, 9);
        f.fill(0.5);
        m.segment(tape, m.initialCarry(1), m.embed(tape, f), iterations);
        return tape.size();
    }
}
