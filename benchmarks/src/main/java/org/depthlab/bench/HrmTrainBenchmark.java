package org.depthlab.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.depthlab.models.Carry;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
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
 * One HRM training update, as depthlab's trainer makes it (train/Trainer.java), on 32 puzzles
 * of 36 cells (6×6 Sudoku, vocabulary 8): hidden h ∈ {64, 128, 256}, head width 32 (h/32 heads),
 * expansion 4, 2 H layers + 2 L layers, N = T = 2, RoPE.
 *
 * <p>One operation is one update:
 * <pre>
 *   out  = segment(carry, inputs)          N·T = 4 L-steps and 2 H-steps; the last two recorded
 *   q_halt target   = answer exactly right (argmax of the logits)
 *   q_continue target = σ(max(q_halt, q_continue)) of one more segment, run without recording
 *   loss = stablemax CE + ½·(BCE(q_halt) + BCE(q_continue))
 *   backward; global gradient norm; Adam-atan2 step; forget the gradients
 * </pre>
 * Every update starts from the initial carry with the same puzzles, so the work is the same at
 * every operation while the weights move. Throughput = 32 / (seconds per update) samples per
 * second per segment. Backends as in {@link BlockBenchmark}; the process's CPU time per update
 * is reported beside the wall-clock time ({@link CpuTime}). The PyTorch reference
 * (benchmarks/reference/bench.py, family hrm) does exactly this work on the same configuration.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HrmTrainBenchmark {

    static final int SEQUENCES = 32;
    static final int POSITIONS = 36;
    static final int VOCAB = 8;
    static final int HEAD_WIDTH = 32;
    /** depthlab's training defaults for HRM (TrainConfig.defaults). */
    static final double LR = 1e-3;

    @Param({"64", "128", "256"})
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
        model = new HrmConfig(VOCAB, POSITIONS, hidden, hidden / HEAD_WIDTH, 4.0, 2, 2, 2, 2, Positions.ROPE)
                .build(42);
        optimizer = new AdamAtan2(model.parameters(), AdamAtan2.Config.of(0.9, 0.95, 0.1));
        start = model.initialCarry(SEQUENCES);
        SplittableRandom data = new SplittableRandom(7);
        // Inputs: blank (1) or a digit (2..7); targets: a digit at every cell, as in Sudoku.
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
        Tensor q = tape.binaryCrossEntropyWithLogits(out.qHalt(), exactlyRight(out.logits().value(), targets));
        q = tape.add(q, tape.binaryCrossEntropyWithLogits(out.qContinue(), continueTargets(out.carry())));
        loss = tape.add(loss, tape.scale(q, 0.5));
        tape.backward(loss);
        double norm = GradClip.globalNorm(model.parameters());
        optimizer.step(LR);
        optimizer.zeroGrad();
        cpu.stop(began);
        return loss.item() + norm;
    }

    /** 1 for a sequence whose argmax answer equals its target everywhere, else 0 (sequences × 1). */
    static DMatrixRMaj exactlyRight(DMatrixRMaj logits, int[] targets) {
        DMatrixRMaj right = new DMatrixRMaj(SEQUENCES, 1);
        for (int s = 0; s < SEQUENCES; s++) {
            boolean all = true;
            for (int p = 0; p < POSITIONS && all; p++) {
                int row = s * POSITIONS + p;
                int best = 0;
                for (int v = 1; v < VOCAB; v++) {
                    if (logits.get(row, v) > logits.get(row, best)) {
                        best = v;
                    }
                }
                all = best == targets[row];
            }
            right.data[s] = all ? 1 : 0;
        }
        return right;
    }

    /** σ(max(q_halt, q_continue)) of the next segment, from a forward pass that records nothing. */
    private DMatrixRMaj continueTargets(Carry next) {
        Tape tape = new Tape(kernels, null);
        SegmentOutput ahead = tape.noGrad(() -> model.segment(tape, next, inputs));
        DMatrixRMaj target = new DMatrixRMaj(SEQUENCES, 1);
        for (int s = 0; s < SEQUENCES; s++) {
            double best = Math.max(ahead.qHalt().get(s, 0), ahead.qContinue().get(s, 0));
            target.data[s] = 1 / (1 + Math.exp(-best));
        }
        return target;
    }
}
