package org.depthlab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The attention-free block of TRM's MLP variant (Jolicoeur-Martineau 2025, "Less is More:
 * Recursive Reasoning with Tiny Networks", arXiv 2510.04871; the token-mixing idea is
 * Tolstikhin et al. 2021, "MLP-Mixer"). Positions are mixed by a SwiGLU applied to each
 * feature's column of positions, then features by the usual SwiGLU, both post-norm:
 * <pre>
 *   u = xᵀ                         per sequence: features × positions
 *   u ← rms(u + tokenMlp(u))       tokenMlp: a SwiGLU of width S (seqLen)
 *   x ← uᵀ
 *   x ← rms(x + mlp(x))
 * </pre>
 * As in TRM's code the first norm is taken in the transposed layout, i.e. over positions.
 * A mixer block is tied to one sequence length (its token MLP is S wide), which suits
 * fixed-size puzzles such as Sudoku. Parameters: {@code name.mlp_t.*} and {@code name.mlp.*}.
 */
public final class MixerBlock implements SequenceLayer {

    private final SwiGlu tokenMlp;
    private final SwiGlu mlp;
    private final RmsNorm norm;
    private final int seqLen;

    /** Both SwiGLUs' inner widths are rounded up to a multiple of {@code ffnMultiple} (TRM: 256). */
    public MixerBlock(String name, int hidden, int seqLen, double expansion, double normEps, int ffnMultiple,
                      SplittableRandom rng) {
        this.seqLen = seqLen;
        this.tokenMlp = new SwiGlu(name + ".mlp_t", seqLen, expansion, ffnMultiple, rng);
        this.mlp = new SwiGlu(name + ".mlp", hidden, expansion, ffnMultiple, rng);
        this.norm = new RmsNorm(normEps);
    }

    /** The same with unrounded SwiGLU widths (ffnMultiple 1). */
    public MixerBlock(String name, int hidden, int seqLen, double expansion, double normEps, SplittableRandom rng) {
        this(name, hidden, seqLen, expansion, normEps, 1, rng);
    }

    @Override
    public Tensor forward(Tape tape, Tensor x, int sequenceLength) {
        if (sequenceLength != seqLen) {
            throw new IllegalArgumentException("this mixer block mixes " + seqLen + " positions, got sequences of "
                    + sequenceLength);
        }
        int hidden = x.cols();
        Tensor u = tape.transposeWithinSequences(x, seqLen);                 // (B·h) × S
        u = norm.forward(tape, tape.add(u, tokenMlp.forward(tape, u)));      // (B·h) × S
        Tensor h = tape.transposeWithinSequences(u, hidden);                 // (B·S) × h
        Tensor y = norm.forward(tape, tape.add(h, mlp.forward(tape, h)));    // (B·S) × h
        return tape.countLayer(y);
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(tokenMlp, mlp);
    }
}
