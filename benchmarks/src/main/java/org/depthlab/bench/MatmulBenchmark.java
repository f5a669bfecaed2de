package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.tensor.Backend;
import org.depthlab.tensor.Backends;
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
 * Square float64 matrix products through a backend: C = A·B with n×n operands, 2n³ FLOPs
 * each, on {@code ejml} (the reference, one thread), {@code blocked} (the default) and
 * {@code vector} (optional: it needs {@code --add-modules jdk.incubator.vector} in the forked
 * JVM, which benchmarks/compare passes; without it, it runs as {@code blocked}). The fast
 * backends use {@code -Ddepthlab.threads} threads, 2 unless set. The PyTorch reference times
 * the same sizes (benchmarks/compare).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatmulBenchmark {

    @Param({"64", "128", "256", "512", "1024"})
    public int n;

    /** A name for {@link Backends#named(String)}. */
    @Param({"ejml", "blocked", "vector"})
    public String backend;

    private Backend kernels;
    private DMatrixRMaj a;
    private DMatrixRMaj b;
    private DMatrixRMaj c;

    @Setup
    public void setUp() {
        kernels = Backends.named(backend);
        System.out.println("backend: " + kernels);
        SplittableRandom rng = new SplittableRandom(42);
        a = random(n, rng);
        b = random(n, rng);
        c = new DMatrixRMaj(n, n);
    }

    private static DMatrixRMaj random(int n, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextDouble(-1, 1);
        }
        return m;
    }

    @Benchmark
    public DMatrixRMaj matmul() {
        kernels.mult(a, b, c);
        return c;
    }
}
