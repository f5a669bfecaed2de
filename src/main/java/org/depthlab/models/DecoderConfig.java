package org.depthlab.models;

import java.util.ArrayList;
import java.util.List;
import org.depthlab.BadInputException;
import org.depthlab.tasks.Tokens;

/**
 * An autoregressive decoder's shape: L causal blocks over the puzzle followed by its answer.
 *
 * <p>{@code answerPositions} are the puzzle positions the decoder writes, in the order it
 * writes them (ascending: left to right). They are the positions the task labels: all of them
 * for Sudoku, mazes and N-Queens, only the answer slot for pointer chasing (its other targets
 * are PAD, "no label"). At every other position the decoder's answer is PAD and nothing is
 * fed back — a position no label ever constrains would otherwise put untrained tokens into the
 * decoder's own input. {@link #labelledPositions} reads them from the training targets.
 *
 * @param layers          L, causal blocks
 * @param answerPositions the positions written, strictly ascending (null: every position)
 * @param ffnMultiple     the SwiGLU width multiple ({@link ModelConfig#ffnMultiple()})
 */
public record DecoderConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers,
                            Positions positions, List<Integer> answerPositions, int ffnMultiple) implements ModelConfig {

    public DecoderConfig {
        positions = Positions.orDefault(positions);
        ffnMultiple = ModelConfig.ffnMultiple("decoder", ffnMultiple);
        ModelConfig.requireShape("decoder", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("decoder", "layers", layers);
        answerPositions = answerPositions == null ? allPositions(seqLen) : List.copyOf(answerPositions);
        if (answerPositions.isEmpty()) {
            throw new BadInputException("decoder: at least one answer position is needed");
        }
        int previous = -1;
        for (int p : answerPositions) {
            if (p <= previous || p >= seqLen) {
                throw new BadInputException("decoder: answer positions must ascend within 0.." + (seqLen - 1)
                        + ", got " + answerPositions);
            }
            previous = p;
        }
    }

    /** The same with the unrounded SwiGLU width. */
    public DecoderConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers,
                         Positions positions, List<Integer> answerPositions) {
        this(vocab, seqLen, hidden, heads, expansion, layers, positions, answerPositions, 1);
    }

    /** A decoder that writes every position, with the unrounded SwiGLU width. */
    public DecoderConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers,
                         Positions positions) {
        this(vocab, seqLen, hidden, heads, expansion, layers, positions, null);
    }

    /** The positions at which some target carries a label (is not PAD), ascending. */
    public static List<Integer> labelledPositions(List<int[]> targets, int seqLen) {
        boolean[] labelled = new boolean[seqLen];
        for (int[] t : targets) {
            for (int p = 0; p < seqLen; p++) {
                labelled[p] |= t[p] != Tokens.PAD;
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int p = 0; p < seqLen; p++) {
            if (labelled[p]) {
                out.add(p);
            }
        }
        return out;
    }

    private static List<Integer> allPositions(int seqLen) {
        List<Integer> all = new ArrayList<>(seqLen);
        for (int p = 0; p < seqLen; p++) {
            all.add(p);
        }
        return all;
    }

    @Override
    public String kind() {
        return "decoder";
    }

    @Override
    public Decoder build(long seed) {
        return new Decoder(this, seed);
    }
}
