package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.models.Carry;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.models.TrmConfig;
import org.depthlab.optim.AdamAtan2;
import org.depthlab.optim.GradClip;
import org.depthlab.tasks.Tokens;
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
 * One TRM training update, as depthlab's trainer makes it (train/Trainer.java), on the
 * configuration of {@link HrmTrainBenchmark}'s puzzles (32 puzzles of 36 cells, vocabulary 8):
 * hidden h ∈ {64, 128}, head width 32, expansion 4, RoPE, and the README's 6×6 TRM shape —
 * 2 attention layers, T = 2 recursions of n = 2 latent steps.
 *
 * <p>One operation is one update:
 * <pre>
 *   out  = segment(carry, inputs)     T·(n + 1)·2 = 12 block applications; the last recursion
 *                                     (6 of them) recorded and back-propagated in full
 *   q_halt target = answer exactly right (argmax of the logits); TRM trains no continue head
 *   loss = stablemax CE + ½·BCE(q_halt)
 *   backward; global gradient norm; Adam-atan2 step; forget the gradients
 * </pre>
 * Every update starts from the initial carry with the same puzzles. The PyTorch reference
 * (benchmarks/reference/bench.py, family hrm, configurations {@code trm h=…}) does exactly this
 * work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrmTrainBenchmark {

    static final int SEQUENCES = HrmTrainBenchmark.SEQUENCES;
    static final int POSITIONS = HrmTrainBenchmark.POSITIONS;
    static final int VOCAB = HrmTrainBenchmark.VOCAB;

    @Param({"64", "128"})
    public int hidden;

    /** A name for {@link Backends#named(String)}. */
    @Param({"ejml", "blocked", "vector"})
    public String backend;

    private Backend kernels;
    private RefinementModel model;
    private AdamAtan2 optimizer;
    private Carry start;
    private int[] inputs;
    private int[] targets;

    @Setup
    public void setUp() {
        kernels = Backends.named(backend);
        System.out.println("backend: " + kernels);
        model = new TrmConfig(VOCAB, POSITIONS, hidden, hidden / HrmTrainBenchmark.HEAD_WIDTH, 4.0, 2, 2, 2, false,
                Positions.ROPE).build(42);
        optimizer = new AdamAtan2(model.parameters(), AdamAtan2.Config.of(0.9, 0.95, 0.1));
        start = model.initialCarry(SEQUENCES);
        SplittableRandom data = new SplittableRandom(7);
        inputs = data.ints(SEQUENCES * POSITIONS, Tokens.BLANK, VOCAB).toArray();
        targets = data.ints(SEQUENCES * POSITIONS, Tokens.VALUE_BASE, VOCAB).toArray();
    }

    /** One training update; returns the loss and gradient norm so the work cannot be optimised away. */
    @Benchmark
    public double update(CpuTime cpu) {
        long began = cpu.start();
        Tape tape = new Tape(kernels, null);
        SegmentOutput out = model.segment(tape, start, inputs);
        Tensor loss = tape.stablemaxCrossEntropy(out.logits(), targets, Tokens.PAD);
        Tensor q = tape.binaryCrossEntropyWithLogits(out.qHalt(),
                HrmTrainBenchmark.exactlyRight(out.logits().value(), targets));
        loss = tape.add(loss, tape.scale(q, 0.5));
        tape.backward(loss);
        double norm = GradClip.globalNorm(model.parameters());
        optimizer.step(HrmTrainBenchmark.LR);
        optimizer.zeroGrad();
        cpu.stop(began);
        return loss.item() + norm;
    }
}
