package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The fused SwiGLU gate against the four ops it replaces: slice, slice, silu, mul. */
class SwiGluGateTest {

    private static final Backend EJML = Backends.named("ejml");
    /** Three threads: rows of a large enough gate are split over them (Parallel.MIN_WORK). */
    private static final Backend THREADED = Backends.blocked(3);

    private record Run(DMatrixRMaj y, DMatrixRMaj grad, Tensor out, Meter meter) {
    }

    private static Run run(DMatrixRMaj value, DMatrixRMaj seed, int inner, boolean fused, Backend backend) {
        Tensor gu = Tensor.parameter("gu", value.copy());
        Meter meter = new Meter();
        Tape tape = new Tape(backend, meter);
        Tensor y = fused ? tape.swiGluGate(gu, inner)
                : tape.mul(tape.silu(tape.slice(gu, 0, inner)), tape.slice(gu, inner, 2 * inner));
        tape.backward(y, seed);
        return new Run(y.value(), gu.grad(), y, meter);
    }

    /**
     * Claim: the fused gate gives the same bits as mul(silu(slice), slice), forward and backward,
     * on one thread and on several, and reports the same FLOPs, bytes kept and op depth.
     */
    @Test
    void fusedGateEqualsTheUnfusedOpsBitForBitAndCostsTheSame() {
        Props.qt(30).forAll(integers().between(1, 1200), integers().between(1, 64), longs().all())
                .checkAssert((m, inner, s) -> {
                    SplittableRandom rng = new SplittableRandom(s);
                    DMatrixRMaj value = Matrices.uniform(m, 2 * inner, -30, 30, rng);
                    DMatrixRMaj seed = Matrices.uniform(m, inner, -1, 1, rng);
                    Run plain = run(value, seed, inner, false, EJML);
                    for (Backend backend : new Backend[] {EJML, THREADED}) {
                        Run fused = run(value, seed, inner, true, backend);
                        assertArrayEquals(plain.y().data, fused.y().data, 0.0, "forward, seed " + s);
                        assertArrayEquals(plain.grad().data, fused.grad().data, 0.0, "backward, seed " + s);
                        assertEquals(plain.out().depth(), fused.out().depth(), "depth, seed " + s);
                        assertEquals(plain.meter().flops(), fused.meter().flops(), "FLOPs, seed " + s);
                        assertEquals(plain.meter().bytesRetained(), fused.meter().bytesRetained(),
                                "bytes, seed " + s);
                        assertEquals(plain.meter().maxDepth(), fused.meter().maxDepth(), "max depth, seed " + s);
                    }
                });
    }
}
