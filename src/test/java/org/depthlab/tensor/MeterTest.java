package org.depthlab.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.testing.Matrices;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** Claims about the meter's counts that the book's formulas rely on. */
class MeterTest {

    /** Claim: an m×k by k×n product is counted as exactly 2·m·k·n FLOPs, in both forms. */
    @Test
    void matmulFlopsAreExactlyTwoMkn() {
        Props.qt(50).forAll(integers().between(1, 40), integers().between(1, 40), integers().between(1, 40),
                longs().all()).checkAssert((m, k, n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    Meter meter = new Meter();
                    Tape tape = Tape.metered(meter);
                    tape.matmul(Tensor.constant(Matrices.uniform(m, k, rng)), Tensor.constant(Matrices.uniform(k, n, rng)));
                    assertEquals(2L * m * k * n, meter.flops());
                    tape.matmulTransB(Tensor.constant(Matrices.uniform(m, k, rng)),
                            Tensor.constant(Matrices.uniform(n, k, rng)));
                    assertEquals(4L * m * k * n, meter.flops());
                    assertEquals(1, meter.maxDepth());
                });
    }

    /** Claim: recorded ops retain exactly the matrices their backward reads; noGrad ops none. */
    @Test
    void retainedBytesCountWhatBackwardReads() {
        SplittableRandom rng = new SplittableRandom(3);
        Tensor x = Tensor.parameter("x", Matrices.uniform(5, 4, rng));
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        tape.exp(x);          // keeps its 5x4 output
        tape.add(x, x);       // keeps nothing
        tape.noGrad(() -> tape.exp(x));
        assertEquals(8L * 20, meter.bytesRetained());
        assertEquals(meter.bytesRetained(), tape.bytesRetained());
    }
}
