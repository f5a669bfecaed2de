package org.depthlab.models;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.nn.Module;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The "direct prediction" baseline: a fixed stack of L blocks, one pass, no carry.
 * <pre>
 *   y = lm_head(Stack_L(x))
 * </pre>
 * Its sequential depth is L layer applications whatever the puzzle — the fixed-depth model
 * that [HRM] reports at 0% on Sudoku-Extreme at 27M parameters. Every segment gives the
 * same answer, because nothing is carried from one to the next.
 */
public final class Transformer implements RefinementModel {

    private final TransformerConfig config;
    private final TokenIo io;
    private final Stack stack;

    Transformer(TransformerConfig config, long seed) {
        this.config = config;
        SplittableRandom rng = new SplittableRandom(seed);
        this.io = new TokenIo(config, false, rng);
        this.stack = new Stack("layers", config.layers(), blockConfig(config), rng);
    }

    /** The blocks every refinement model builds from its config: full attention over its states. */
    static BlockConfig blockConfig(ModelConfig c) {
        double theta = c.positions() == Positions.ROPE ? Rope.DEFAULT_THETA : 0;
        return new BlockConfig(c.hidden(), c.heads(), c.expansion(), AttentionMask.full(), theta,
                c.seqLen() + TokenIo.prefixLength(c), RmsNorm.DEFAULT_EPS, c.ffnMultiple());
    }

    @Override
    public TransformerConfig config() {
        return config;
    }

    @Override
    public int statePositions() {
        return io.statePositions();
    }

    @Override
    public Carry initialCarry(int sequences) {
        return new Carry(java.util.Map.of());
    }

    @Override
    public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
        sequencesIn(inputs);
        Tensor z = stack.forward(tape, io.embed(tape, inputs), statePositions());   // (B·P) × h
        return new SegmentOutput(carry, io.logits(tape, z), null, null);
    }

    @Override
    public int layerApplicationsPerSegment() {
        return config.layers();
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(io, stack);
    }
}
