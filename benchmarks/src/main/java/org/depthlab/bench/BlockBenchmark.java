package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Backend;
import org.depthlab.tensor.Backends;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HRM block (post-norm, RoPE attention, SwiGLU; see {@link Block}), forward and backward,
 * on 1152 rows = 32 sequences × 36 positions, for hidden width h ∈ {64, 128, 256}, head width
 * 32 (h/32 heads), expansion 4, full attention.
 *
 * <p>Backends: {@code ejml} (the reference, one thread), {@code blocked} (the default) and
 * {@code vector} (optional: it needs {@code --add-modules jdk.incubator.vector} in the forked
 * JVM, which benchmarks/compare passes; without it, it runs as {@code blocked}). The fast
 * backends use {@code -Ddepthlab.threads} threads, 2 unless set.
 *
 * <p>One operation: zero the parameter gradients, run the block on a fresh tape, and
 * back-propagate a fixed upstream gradient (the vector–Jacobian product with dL/dy). The
 * input x is a constant, so no gradient with respect to x is formed.
 *
 * <p>FLOPs per operation, counting matrix products only (2mnk each), with N = 1152 rows,
 * S = 36, i = round(4h·2/3) the SwiGLU inner width: forward F = 8Nh² + 4NSh + 6Nhi
 * (q/k/v 6Nh², scores and P·V 4NSh, output 2Nh², gate/up 4Nhi, down 2Nhi), and
 * forward + backward = 3F by the usual convention. The PyTorch reference
 * (benchmarks/reference/bench.py) times the same configuration and uses the same count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BlockBenchmark {

    /** Sequences per batch and positions per sequence: 32 × 36 = 1152 rows. */
    static final int SEQUENCES = 32;
    static final int POSITIONS = 36;
    static final int HEAD_WIDTH = 32;

    @Param({"64", "128", "256"})
    public int hidden;

    /** A name for {@link Backends#named(String)}. */
    @Param({"ejml", "blocked", "vector"})
    public String backend;

    private Backend kernels;

    private Block block;
    private Tensor x;
    private DMatrixRMaj gradOut;

    @Setup
    public void setUp() {
        kernels = Backends.named(backend);
        System.out.println("backend: " + kernels);
        BlockConfig config = new BlockConfig(hidden, hidden / HEAD_WIDTH, 4.0, AttentionMask.full(),
                10000, POSITIONS, 1e-5);
        block = new Block("block", config, new SplittableRandom(42));
        SplittableRandom data = new SplittableRandom(7);
        x = Tensor.constant(random(SEQUENCES * POSITIONS, hidden, data));
        gradOut = random(SEQUENCES * POSITIONS, hidden, data);
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble(-1, 1);
        }
        return m;
    }

    /** Forward and backward once; returns a gradient so the work cannot be optimised away. */
    @Benchmark
    public DMatrixRMaj forwardBackward() {
        for (Tensor p : block.parameters()) {
            p.zeroGrad();
        }
        Tape tape = new Tape(kernels, null);
        Tensor y = block.forward(tape, x, POSITIONS);
        tape.backward(y, gradOut);
        return block.parameters().get(0).grad();
    }
}
