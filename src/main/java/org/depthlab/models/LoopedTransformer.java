package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Flat parameter-sharing recurrence: one stack of L blocks applied K times per segment, with
 * the input injected before every application (one timescale).
 * <pre>
 *   z ← Stack(z + x)      K times
 *   y = lm_head(z)
 * </pre>
 * This is the Universal Transformer's recurrence (Dehghani et al. 2018) without per-position
 * halting, and the "looped" model of Saunshi et al. (ICLR 2025): K·L layer applications of
 * depth from L blocks of parameters. The gradient flows through all K applications (memory
 * grows with K — the contrast with HRM's one-step gradient). The state z is carried, detached,
 * from segment to segment, starting from a fixed random vector as HRM's states do.
 */
public final class LoopedTransformer implements RefinementModel {

    private final LoopedConfig config;
    private final TokenIo io;
    private final Stack stack;
    private final Tensor zInit;

    LoopedTransformer(LoopedConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.io = new TokenIo(config, false, rng);
        this.stack = new Stack("layers", config.layers(), Transformer.blockConfig(config), rng);
        this.zInit = TokenIo.initialState("z_init", config.hidden(), rng);
    }

    @Override
    public LoopedConfig config() {
        return config;
    }

    @Override
    public int statePositions() {
        return io.statePositions();
    }

    @Override
    public Carry initialCarry(int sequences) {
        return Carry.of("z", TokenIo.broadcast(zInit, sequences * statePositions()));
    }

    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        sequencesIn(inputs);
        Tensor x = io.embed(tape, inputs);                                 // (B·P) × h
        Tensor z = carry.get("z");                                         // (B·P) × h
        for (int k = 0; k < config.loops(); k++) {
            z = stack.forward(tape, tape.add(z, x), statePositions());     // z ← stack(z + x)
        }
        return new SegmentOutput(Carry.of("z", z).detach(), io.logits(tape, z), null, null);
    }

    @Override
    public int layerApplicationsPerSegment() {
        return config.loops() * config.layers();
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(io, stack);
    }

    @Override
    public List<Tensor> buffers() {
        return List.of(zInit);
    }
}
