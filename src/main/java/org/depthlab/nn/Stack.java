package org.depthlab.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * L layers applied one after the other: x ← Block_L(…Block_1(x)). HRM's H and L modules are
 * each a stack; a looped model applies one stack K times. Its sequential depth is L layer
 * applications, whatever the sequence length — the claim the meter tests check.
 * Parameters: {@code name.layers.i.*}. The layers are {@link Block}s, or {@link MixerBlock}s
 * for TRM's MLP variant.
 */
public final class Stack implements Module {

    private final List<SequenceLayer> blocks;

    /** A stack of {@code layers} attention blocks named {@code name.layers.i}. */
    public Stack(String name, int layers, BlockConfig config, SplittableRandom rng) {
        this(build(layers, i -> new Block(name + ".layers." + i, config, rng)));
    }

    /** A stack of the given layers, in order. */
    public Stack(List<? extends SequenceLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a stack needs at least one layer");
        }
        this.blocks = List.copyOf(layers);
    }

    /** A stack of {@code layers} TRM mixer blocks named {@code name.layers.i}. */
    public static Stack mixer(String name, int layers, int hidden, int seqLen, double expansion, int ffnMultiple,
                              SplittableRandom rng) {
        return new Stack(build(layers, i -> new MixerBlock(name + ".layers." + i, hidden, seqLen, expansion,
                RmsNorm.DEFAULT_EPS, ffnMultiple, rng)));
    }

    private static List<SequenceLayer> build(int layers, java.util.function.IntFunction<SequenceLayer> layer) {
        if (layers <= 0) {
            throw new IllegalArgumentException("a stack needs at least one layer, got " + layers);
        }
        List<SequenceLayer> built = new ArrayList<>(layers);
        for (int i = 0; i < layers; i++) {
            built.add(layer.apply(i));
        }
        return built;
    }

    /** x ← Block_L(…Block_1(x)) on every sequence of {@code seqLen} rows; (B·S) × h in and out. */
    public Tensor forward(Tape tape, Tensor x, int seqLen) {
        Tensor h = x;
        for (SequenceLayer block : blocks) {
            h = block.forward(tape, h, seqLen);
        }
        return h;
    }

    public List<SequenceLayer> blocks() {
        return blocks;
    }

    public int layers() {
        return blocks.size();
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> all = new ArrayList<>();
        for (SequenceLayer block : blocks) {
            all.addAll(block.parameters());
        }
        return List.copyOf(all);
    }
}
