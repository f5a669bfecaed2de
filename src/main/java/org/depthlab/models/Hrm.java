package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The Hierarchical Reasoning Model (Wang et al. 2025, arXiv 2506.21734; [HRM]): two
 * recurrent modules of identical blocks on two timescales — a slow module H that plans and a
 * fast module L that works out details.
 *
 * <p>Symbols as in the book: {@code zH}, {@code zL} the two states, x the input embedding,
 * N = {@code hCycles}, T = {@code lCycles}. One segment is N·T L-steps with an H-step after
 * every T of them:
 * <pre>
 *   for i in 1..N:
 *     for j in 1..T:
 *       zL ← L(zL, zH + x)         = L_level(zL + (zH + x))
 *     zH ← H(zH, zL)               = H_level(zH + zL)
 *   y = lm_head(zH),  (q_halt, q_continue) = q_head(zH at the puzzle-embedding prefix)
 * </pre>
 * x enters only L; H sees the input only through zL. Every state and x is (B·P) × h: B
 * sequences of P = {@link #statePositions()} positions (the puzzle's and the prefix).
 *
 * <p><b>One-step gradient.</b> All updates except the final L-step and the final H-step run
 * without gradient; only those two are back-propagated. This is the implicit-function view of
 * a deep equilibrium model with (I − J)⁻¹ ≈ I (Bai et al. 2019): it keeps training memory
 * constant in N·T. The carry leaving the segment is detached.
 *
 * <p>Sequential depth per segment: N·T·|L| + N·|H| layer applications.
 *
 * <p>Weights are named as in the HRM repository: {@code H_level.layers.i.*},
 * {@code L_level.layers.i.*}, {@code embed_tokens.weight}, {@code lm_head.weight},
 * {@code q_head.*}, and the fixed initial states {@code H_init}, {@code L_init} (buffers,
 * truncated normal with std 1).
 */
public final class Hrm implements RefinementModel {

    private final HrmConfig config;
    private final TokenIo io;
    private final Stack hLevel;
    private final Stack lLevel;
    private final Tensor hInit;
    private final Tensor lInit;

    Hrm(HrmConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.io = new TokenIo(config, true, rng);
        this.hLevel = new Stack("H_level", config.hLayers(), Transformer.blockConfig(config), rng);
        this.lLevel = new Stack("L_level", config.lLayers(), Transformer.blockConfig(config), rng);
        this.hInit = TokenIo.initialState("H_init", config.hidden(), rng);
        this.lInit = TokenIo.initialState("L_init", config.hidden(), rng);
    }

    @Override
    public HrmConfig config() {
        return config;
    }

    @Override
    public int statePositions() {
        return io.statePositions();
    }

    @Override
    public Carry initialCarry(int sequences) {
        int rows = sequences * statePositions();
        return Carry.of("zH", TokenIo.broadcast(hInit, rows), "zL", TokenIo.broadcast(lInit, rows));
    }

    /** zL ← L_level(zL + (zH + x)), all (B·P) × h. */
    private Tensor lowStep(Tape tape, Tensor zL, Tensor zH, Tensor x) {
        return lLevel.forward(tape, tape.add(zL, tape.add(zH, x)), statePositions());
    }

    /** zH ← H_level(zH + zL), all (B·P) × h. */
    private Tensor highStep(Tape tape, Tensor zH, Tensor zL) {
        return hLevel.forward(tape, tape.add(zH, zL), statePositions());
    }

    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        sequencesIn(inputs);
        Tensor x = embed(tape, inputs);                                    // (B·P) × h
        Carry beforeLastSteps = tape.noGrad(() -> hiddenSteps(tape, carry, x));
        return lastSteps(tape, beforeLastSteps, x);
    }

    /** x = embed_tokens[inputs]·√h. */
    Tensor embed(Tape tape, int[] inputs) {
        return io.embed(tape, inputs);
    }

    /**
     * Every update of the segment except the final L-step and the final H-step (run it under
     * no-grad): the states those two start from.
     */
    Carry hiddenSteps(Tape tape, Carry carry, Tensor x) {
        int n = config.hCycles();
        int t = config.lCycles();
        Tensor zH = carry.get("zH");
        Tensor zL = carry.get("zL");
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) {
                boolean lastLowStep = i == n - 1 && j == t - 1;
                if (!lastLowStep) {
                    zL = lowStep(tape, zL, zH, x);
                }
            }
            if (i != n - 1) {
                zH = highStep(tape, zH, zL);
            }
        }
        return Carry.of("zH", zH, "zL", zL);
    }

    /** The one-step gradient: the final L-step and H-step, the only ones recorded for backward. */
    SegmentOutput lastSteps(Tape tape, Carry before, Tensor x) {
        Tensor zL = lowStep(tape, before.get("zL"), before.get("zH"), x);   // (B·P) × h
        Tensor zH = highStep(tape, before.get("zH"), zL);                  // (B·P) × h
        Tensor[] q = io.q(tape, zH);                                       // two B × 1
        return new SegmentOutput(Carry.of("zH", zH, "zL", zL).detach(), io.logits(tape, zH), q[0], q[1]);
    }

    @Override
    public int layerApplicationsPerSegment() {
        return config.hCycles() * config.lCycles() * config.lLayers() + config.hCycles() * config.hLayers();
    }

    @Override
    public boolean halts() {
        return true;
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(io, hLevel, lLevel);
    }

    @Override
    public List<Tensor> buffers() {
        return List.of(hInit, lInit);
    }
}
