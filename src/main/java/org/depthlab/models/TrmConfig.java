package org.depthlab.models;

/**
 * The Tiny Recursive Model's shape (Jolicoeur-Martineau 2025; [TRM] in book/references.md).
 * Book symbols: T = recursions, n = latentSteps.
 *
 * <p>TRM's code ({@code config/arch/trm.yaml}, {@code models/recursive_reasoning/trm.py})
 * rounds the SwiGLU width up to a multiple of 256 and puts a 16-position puzzle-embedding
 * prefix in front of the puzzle ({@code puzzle_emb_len: 16}): one learned vector and 15 zero
 * positions, scratch rows every state carries. That is what {@code depthlab train --model trm}
 * builds ({@link #PUZZLE_EMB_LEN}, {@link org.depthlab.nn.BlockConfig#HRM_FFN_MULTIPLE}); the
 * shorter constructors build the unrounded width and HRM's one-position prefix, the small
 * shapes the tests and the claims draw.
 *
 * @param layers       blocks in the one shared network (TRM uses 2)
 * @param recursions   T: T − 1 recursions without gradient, then one with
 * @param latentSteps  n: latent updates per recursion
 * @param mixer        true for the MLP-mixer variant (an MLP across positions instead of attention)
 * @param ffnMultiple  the SwiGLU width multiple ({@link ModelConfig#ffnMultiple()})
 * @param puzzleEmbLen positions in front of the puzzle: the learned puzzle embedding, then
 *                     zeros (TRM: 16). 0 means 1, as in TRM's code for a puzzle embedding of
 *                     width h — and as a config.json written before this field reads.
 */
public record TrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int recursions,
                        int latentSteps, boolean mixer, Positions positions, int ffnMultiple, int puzzleEmbLen)
        implements ModelConfig {

    /** TRM's {@code puzzle_emb_len}. */
    public static final int PUZZLE_EMB_LEN = 16;

    public TrmConfig {
        positions = Positions.orDefault(positions);
        ffnMultiple = ModelConfig.ffnMultiple("trm", ffnMultiple);
        ModelConfig.requireShape("trm", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("trm", "layers", layers);
        ModelConfig.requireCount("trm", "recursions (T)", recursions);
        ModelConfig.requireCount("trm", "latent steps (n)", latentSteps);
        if (puzzleEmbLen < 0) {
            throw new org.depthlab.BadInputException("trm: the puzzle-embedding prefix must be at least 1 position,"
                    + " got " + puzzleEmbLen);
        }
        puzzleEmbLen = puzzleEmbLen == 0 ? 1 : puzzleEmbLen;
    }

    /** The same with the unrounded SwiGLU width and a one-position prefix. */
    public TrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int recursions,
                     int latentSteps, boolean mixer, Positions positions) {
        this(vocab, seqLen, hidden, heads, expansion, layers, recursions, latentSteps, mixer, positions, 1, 1);
    }

    /** The same with RoPE positions, HRM's default, the unrounded SwiGLU width and a one-position prefix. */
    public TrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int recursions, int latentSteps, boolean mixer) {
        this(vocab, seqLen, hidden, heads, expansion, layers, recursions, latentSteps, mixer, Positions.ROPE);
    }

    @Override
    public String kind() {
        return "trm";
    }

    @Override
    public RefinementModel build(long seed) {
        return new Trm(this, seed);
    }
}
