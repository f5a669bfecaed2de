package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The Tiny Recursive Model (Jolicoeur-Martineau 2025, arXiv 2510.04871; [TRM]): one small
 * network for both of HRM's updates, a latent z and an answer y.
 *
 * <p>Symbols as in the book: y the current answer (embedded), z the latent reasoning state,
 * x the input, n = {@code latentSteps}, T = {@code recursions}. One recursion is
 * <pre>
 *   z ← net(z + y + x)      n times        = L_level(z + (y + x))
 *   y ← net(y + z)          once           = L_level(y + z)
 * </pre>
 * and one segment is T recursions: T − 1 without gradient, then one more that is
 * back-propagated <em>in full</em> through all n + 1 of its network applications — no
 * fixed-point assumption, unlike HRM's one-step gradient. Then y is read out:
 * logits = lm_head(y), q_halt = q_head(y at the prefix position). Halting is trained by binary
 * cross-entropy of q_halt against "the answer is fully correct" (no continue target).
 *
 * <p>The network is 2 attention blocks, or, in the MLP variant that TRM found best on Sudoku,
 * 2 {@link org.depthlab.nn.MixerBlock}s. Sequential depth per segment:
 * T·(n + 1)·layers layer applications. Weights follow TRM's names ({@code L_level.*};
 * initial states {@code H_init} for y and {@code L_init} for z).
 */
public final class Trm implements RefinementModel {

    private final TrmConfig config;
    private final TokenIo io;
    private final Stack net;
    private final Tensor yInit;
    private final Tensor zInit;

    Trm(TrmConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.io = new TokenIo(config, true, rng);
        this.net = config.mixer()
                ? Stack.mixer("L_level", config.layers(), config.hidden(), io.statePositions(), config.expansion(),
                        config.ffnMultiple(), rng)
                : new Stack("L_level", config.layers(), Transformer.blockConfig(config), rng);
        this.yInit = TokenIo.initialState("H_init", config.hidden(), rng);
        this.zInit = TokenIo.initialState("L_init", config.hidden(), rng);
    }

    @Override
    public TrmConfig config() {
        return config;
    }

    @Override
    public int statePositions() {
        return io.statePositions();
    }

    @Override
    public Carry initialCarry(int sequences) {
        int rows = sequences * statePositions();
        return Carry.of("y", TokenIo.broadcast(yInit, rows), "z", TokenIo.broadcast(zInit, rows));
    }

    /** One recursion: n latent updates, then the answer update. Returns {y, z}. */
    private Tensor[] recursion(Tape tape, Tensor y, Tensor z, Tensor x) {
        for (int i = 0; i < config.latentSteps(); i++) {
            z = net.forward(tape, tape.add(z, tape.add(y, x)), statePositions());   // (B·P) × h
        }
        y = net.forward(tape, tape.add(y, z), statePositions());                    // (B·P) × h
        return new Tensor[] {y, z};
    }

    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        sequencesIn(inputs);
        Tensor x = io.embed(tape, inputs);
        Tensor[] yz = tape.noGrad(() -> {
            Tensor[] state = {carry.get("y"), carry.get("z")};
            for (int r = 0; r < config.recursions() - 1; r++) {
                state = recursion(tape, state[0], state[1], x);
            }
            return state;
        });
        // The last recursion is back-propagated in full.
        yz = recursion(tape, yz[0], yz[1], x);
        Tensor y = yz[0];
        Tensor[] q = io.q(tape, y);
        return new SegmentOutput(Carry.of("y", y, "z", yz[1]).detach(), io.logits(tape, y), q[0], null);
    }

    @Override
    public int layerApplicationsPerSegment() {
        return config.recursions() * (config.latentSteps() + 1) * config.layers();
    }

    @Override
    public boolean halts() {
        return true;
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(io, net);
    }

    @Override
    public List<Tensor> buffers() {
        return List.of(yInit, zInit);
    }
}
