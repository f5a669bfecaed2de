package org.depthlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * L blocks applied one after the other: x ← Block_L(…Block_1(x)). HRM's H and L modules are
 * each a stack; a looped model applies one stack K times. Its sequential depth is L layer
 * applications, whatever the sequence length — the claim the meter tests check.
 * Parameters: {@code name.layers.i.*}.
 */
public final class Stack implements Module {

    private final List<Block> blocks;

    public Stack(String name, int layers, BlockConfig config, SplittableRandom rng) {
        if (layers <= 0) {
            throw new IllegalArgumentException("a stack needs at least one layer, got " + layers);
        }
        List<Block> built = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            built.add(new Block(name + ".layers." + i, config, rng));
        }
        this.blocks = List.copyOf(built);
    }

    public Tensor forward(Tape tape, Tensor x, int seqLen) {
        Tensor h = x;
        for (Block block : blocks) {
            h = block.forward(tape, h, seqLen);
        }
        return h;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public int layers() {
        return blocks.size();
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (Block block : blocks) {
            all.addAll(block.parameters());
        }
        return List.copyOf(all);
    }
}
