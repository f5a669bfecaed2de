package org.depthlab.models;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The transformer, the looped model and HRM on real-valued inputs: their recurrences,
 * unchanged, around the vector head {@link VectorIo} instead of the token head — so that
 * chapter 11 can ask of the same architectures whether, given more loops than they were
 * trained with, they keep iterating towards a quadratic program's minimiser.
 * <pre>
 *   transformer   z = Stack_L(x)                                          one pass
 *   looped        z ← Stack_L(z + x)                                      one iteration = one loop
 *   HRM           zL ← L(zL + zH + x)  T times;  zH ← H(zH + zL)           one iteration = one H-cycle
 *   answer        x̂ = readout(z)  (HRM: readout(zH))
 * </pre>
 * The configurations are the token models' own ({@link TransformerConfig}, {@link LoopedConfig},
 * {@link HrmConfig}) with {@code seqLen} the positions P and a vocabulary that is not used;
 * the stacks are built from them exactly as the token models build theirs
 * ({@link Transformer#blockConfig}, the same parameter names, the same fixed initial states),
 * and a test checks that, given the same weights and the same x, the states after every
 * iteration equal the token models' to the last bit. With {@link Positions#LEARNED} in the
 * config the blocks have no rotary positions and the head adds none: the positions of a
 * program are a set, told apart only by the one-hot code in their features.
 *
 * <p><b>Training</b> ({@link #segment}) keeps each model's gradient: the looped model
 * back-propagates through all its loops, HRM through its last L-step and H-step only (the
 * one-step gradient), the transformer through its one pass. <b>Evaluation</b> runs
 * {@link #iterate} as often as asked, reading an answer after each iteration: the test that
 * separates iterating from matching templates runs it for 1 … 4K iterations after training
 * with K.
 */
public final class VectorRefiner implements Module {

    /** Which recurrence. */
    public enum Kind { TRANSFORMER, LOOPED, HRM }

    private final ModelConfig config;
    private final Kind kind;
    private final VectorIo io;
    private final Stack stack;
    private final Stack hLevel;
    private final Stack lLevel;
    private final Tensor zInit;
    private final Tensor hInit;
    private final Tensor lInit;

    /**
     * A model with weights from {@code seed}.
     *
     * @param config   a {@link TransformerConfig}, {@link LoopedConfig} or {@link HrmConfig}; its
     *                 {@code seqLen} is the positions per input
     * @param features the features per position the head reads
     */
    public VectorRefiner(ModelConfig config, int features, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.io = new VectorIo(features, config.hidden(), rng);
        if (config instanceof TransformerConfig t) {
            kind = Kind.TRANSFORMER;
            stack = new Stack("layers", t.layers(), Transformer.blockConfig(t), rng);
            hLevel = null;
            lLevel = null;
            zInit = null;
            hInit = null;
            lInit = null;
        } else if (config instanceof LoopedConfig l) {
            kind = Kind.LOOPED;
            stack = new Stack("layers", l.layers(), Transformer.blockConfig(l), rng);
            zInit = TokenIo.initialState("z_init", l.hidden(), rng);
            hLevel = null;
            lLevel = null;
            hInit = null;
            lInit = null;
        } else if (config instanceof HrmConfig h) {
            kind = Kind.HRM;
            stack = null;
            zInit = null;
            hLevel = new Stack("H_level", h.hLayers(), Transformer.blockConfig(h), rng);
            lLevel = new Stack("L_level", h.lLayers(), Transformer.blockConfig(h), rng);
            hInit = TokenIo.initialState("H_init", h.hidden(), rng);
            lInit = TokenIo.initialState("L_init", h.hidden(), rng);
        } else {
            throw new IllegalArgumentException("a vector model is a transformer, looped model or HRM, not "
                    + config.kind());
        }
    }

    /** The configuration it was built from. */
    public ModelConfig config() {
        return config;
    }

    /** Which recurrence it runs. */
    public Kind kind() {
        return kind;
    }

    /** Positions per input: the config's {@code seqLen}. */
    public int positions() {
        return config.seqLen();
    }

    /** The iterations one segment runs as configured: K loops, N H-cycles, one pass. */
    public int configuredIterations() {
        if (config instanceof LoopedConfig l) {
            return l.loops();
        }
        return config instanceof HrmConfig h ? h.hCycles() : 1;
    }

    /** Layer applications of one iteration: L (transformer, looped), T·|L| + |H| (HRM). */
    public int layerApplicationsPerIteration() {
        if (config instanceof HrmConfig h) {
            return h.lCycles() * h.lLayers() + h.hLayers();
        }
        return stack.layers();
    }

    /** The state before the first iteration, for {@code sequences} inputs. */
    public Carry initialCarry(int sequences) {
        int rows = sequences * positions();
        switch (kind) {
            case TRANSFORMER: return Carry.of("z", Tensor.constant(new DMatrixRMaj(rows, config.hidden())));
            case LOOPED: return Carry.of("z", TokenIo.broadcast(zInit, rows));
            case HRM: return Carry.of("zH", TokenIo.broadcast(hInit, rows), "zL", TokenIo.broadcast(lInit, rows));
            default: throw new AssertionError(kind);
        }
    }

    /** x: the head's embedding of the features, (S·P) × h. */
    public Tensor embed(Tape tape, DMatrixRMaj features) {
        return io.embed(tape, features);
    }

    /** One iteration from {@code carry}, recorded on {@code tape} (run it inside noGrad to infer). */
    public Carry iterate(Tape tape, Carry carry, Tensor x) {
        switch (kind) {
            case TRANSFORMER: return Carry.of("z", stack.forward(tape, x, positions()));
            case LOOPED: return Carry.of("z", stack.forward(tape, tape.add(carry.get("z"), x), positions()));
            case HRM: return hrmCycle(tape, carry, x, true, true);
            default: throw new AssertionError(kind);
        }
    }

    /** One H-cycle: T L-steps then an H-step, the last L-step and the H-step only when asked (the rest always). */
    private Carry hrmCycle(Tape tape, Carry carry, Tensor x, boolean lastLowStep, boolean highStep) {
        HrmConfig h = (HrmConfig) config;
        Tensor zH = carry.get("zH");
        Tensor zL = carry.get("zL");
        for (int j = 0; j < h.lCycles(); j++) {
            if (j < h.lCycles() - 1 || lastLowStep) {
                zL = lLevel.forward(tape, tape.add(zL, tape.add(zH, x)), positions());
            }
        }
        if (highStep) {
            zH = hLevel.forward(tape, tape.add(zH, zL), positions());
        }
        return Carry.of("zH", zH, "zL", zL);
    }

    /**
     * {@code iterations} iterations as training runs them, with each model's gradient: the
     * looped model records all its loops; HRM runs all but its final L-step and H-step without
     * gradient and records those two (the one-step gradient); the transformer records its pass.
     * The carry returned is not detached: read the answer from it, then detach.
     */
    public Carry segment(Tape tape, Carry carry, Tensor x, int iterations) {
        if (kind != Kind.HRM) {
            Carry c = carry;
            for (int k = 0; k < (kind == Kind.TRANSFORMER ? 1 : iterations); k++) {
                c = iterate(tape, c, x);
            }
            return c;
        }
        Carry before = tape.noGrad(() -> {
            Carry c = carry;
            for (int i = 0; i < iterations; i++) {
                boolean last = i == iterations - 1;
                c = hrmCycle(tape, c, x, !last, !last);
            }
            return c;
        });
        Tensor zL = lLevel.forward(tape, tape.add(before.get("zL"), tape.add(before.get("zH"), x)), positions());
        Tensor zH = hLevel.forward(tape, tape.add(before.get("zH"), zL), positions());
        return Carry.of("zH", zH, "zL", zL);
    }

    /** The state the answer is read from: z, or zH for HRM. */
    public Tensor state(Carry carry) {
        return carry.get(kind == Kind.HRM ? "zH" : "z");
    }

    /** x̂ = readout(state), (S·P) × 1. */
    public Tensor readout(Tape tape, Carry carry) {
        return io.readout(tape, state(carry));
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(io, stack, hLevel, lLevel);
    }

    @Override
    public List<Tensor> buffers() {
        return kind == Kind.LOOPED ? List.of(zInit) : kind == Kind.HRM ? List.of(hInit, lInit) : List.of();
    }

    /** The parameters and buffers by name (for checkpoints and for copying weights from a token model). */
    public Map<String, Tensor> named() {
        Map<String, Tensor> m = new java.util.LinkedHashMap<>();
        for (Tensor t : parameters()) {
            m.put(t.name(), t);
        }
        for (Tensor t : buffers()) {
            m.put(t.name(), t);
        }
        return m;
    }
}
