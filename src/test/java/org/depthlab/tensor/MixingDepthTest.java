package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * The meter's mixing depth: which ops carry information from one position to another, and
 * how a value keeps its depth when it leaves the computation and comes back.
 */
class MixingDepthTest {

    private record Run(Meter meter, Tape tape) {
        static Run of() {
            Meter meter = Meter.measuringMixing();
            return new Run(meter, Tape.metered(meter));
        }

        int depth(Tensor t) {
            return meter.mixingDepth(t);
        }
    }

    /** Claim: row-wise ops, products with weights and row moves mix nothing; attention mixes once. */
    @Test
    void onlyOpsThatCrossPositionsCount() {
        Props.qt(20).forAll(integers().between(1, 6), integers().between(1, 3), longs().all())
                .checkAssert((seqLen, heads, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int h = 2 * heads;
                    Run r = Run.of();
                    Tensor x = Tensor.constant(Matrices.uniform(seqLen, h, rng));
                    Tensor w = Tensor.parameter("w", Matrices.uniform(h, h, rng));
                    Tensor y = r.tape.rmsNorm(r.tape.silu(r.tape.matmulTransB(r.tape.add(x, x), w)), 1e-6);
                    y = r.tape.gather(r.tape.concatRows(y, y), new int[] {0});
                    assertEquals(0, r.depth(y), "row-wise work and row moves");
                    Tensor a = r.tape.attention(x, x, x, seqLen, heads, AttentionMask.full());
                    assertEquals(1, r.depth(a), "attention of inputs");
                    Tensor b = r.tape.attention(a, a, a, seqLen, heads, AttentionMask.local(1));
                    assertEquals(2, r.depth(r.tape.matmulTransB(b, w)), "attention of attention");
                    assertEquals(2, r.meter.maxMixingDepth());
                });
    }

    /** Claim: attention written out by hand, softmax(q·kᵀ)·v, is one mixing step like the op. */
    @Test
    void aHandMadeAttentionIsOneStep() {
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        Run r = Run.of();
        Tensor x = Tensor.constant(Matrices.uniform(5, 4, rng));
        Tensor q = r.tape.matmul(x, Tensor.parameter("wq", Matrices.uniform(4, 4, rng)));
        Tensor k = r.tape.matmul(x, Tensor.parameter("wk", Matrices.uniform(4, 4, rng)));
        Tensor v = r.tape.matmul(x, Tensor.parameter("wv", Matrices.uniform(4, 4, rng)));
        Tensor p = r.tape.softmax(r.tape.matmulTransB(q, k), new DMatrixRMaj(5, 5));
        Tensor out = r.tape.matmul(p, v);
        assertEquals(1, r.depth(p));
        assertEquals(1, r.depth(out));
        Tensor again = r.tape.matmul(r.tape.softmax(r.tape.matmulTransB(out, out), new DMatrixRMaj(5, 5)), out);
        assertEquals(2, r.depth(again));
    }

    /** Claim: a stint in the transposed layout (TRM's token MLP) is one step, counted on the way back. */
    @Test
    void aTransposedStintIsOneStep() {
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        Run r = Run.of();
        Tensor x = Tensor.constant(Matrices.uniform(6, 4, rng));    // 2 sequences of 3 positions
        Tensor u = r.tape.transposeWithinSequences(x, 3);
        assertEquals(0, r.depth(u));
        Tensor mixed = r.tape.rmsNorm(r.tape.matmul(u, Tensor.parameter("w", Matrices.uniform(3, 3, rng))), 1e-6);
        Tensor back = r.tape.transposeWithinSequences(mixed, 4);
        assertEquals(1, r.depth(back));
        Tensor twice = r.tape.transposeWithinSequences(r.tape.transposeWithinSequences(back, 3), 4);
        assertEquals(2, r.depth(twice));
    }

    /** Claim: a detached value, or a constant made of a computed matrix or a copy of it, keeps its depth. */
    @Test
    void aValueThatReEntersKeepsItsDepth() {
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        Run r = Run.of();
        Tensor x = Tensor.constant(Matrices.uniform(4, 2, rng));
        Tensor z = r.tape.attention(x, x, x, 4, 1, AttentionMask.full());
        z = r.tape.attention(z, z, z, 4, 1, AttentionMask.full());
        for (Tensor again : new Tensor[] {z.detach(), Tensor.constant(z.value()), Tensor.constant(z.value().copy())}) {
            Tensor y = r.tape.attention(again, again, again, 4, 1, AttentionMask.full());
            assertEquals(3, r.depth(y), "re-entered value");
        }
        assertEquals(1, r.meter.reenteredCopies(), "only the copy is a re-entry; the others share the matrix");
        // A constant that merely resembles nothing computed starts at 0, and so does a constant
        // matrix (zeros, say), which carries nothing about any position.
        Tensor fresh = Tensor.constant(Matrices.uniform(4, 2, rng));
        assertEquals(1, r.depth(r.tape.attention(fresh, fresh, fresh, 4, 1, AttentionMask.full())));
        Tensor zeros = r.tape.scale(z, 0.0);
        Tensor zerosAgain = Tensor.constant(new DMatrixRMaj(4, 2));
        assertEquals(2, r.depth(zeros));
        assertEquals(0, r.depth(zerosAgain));
    }

    /** Claim: ops under noGrad are measured like any other. */
    @Test
    void noGradOpsAreMeasured() {
        Run r = Run.of();
        Tensor x = Tensor.constant(Matrices.uniform(3, 2, new SplittableRandom(Props.SEED)));
        Tensor y = r.tape.noGrad(() -> r.tape.attention(x, x, x, 3, 1, AttentionMask.full()));
        assertEquals(1, r.depth(y));
    }

    @Test
    void aPlainMeterDoesNotMeasureIt() {
        assertThrows(IllegalStateException.class, () -> new Meter().mixingDepth(Tensor.row(1)));
    }
}
