package org.depthlab.models;

import java.util.Locale;
import org.depthlab.BadInputException;

/**
 * The stochastic recursive model's shape ({@link Gram}; [GRAM] in book/references.md): TRM's
 * fields, then how its latent step is random.
 *
 * <p>Two kinds of randomness, on the same state (the answer state y after each recursion's
 * update, h ← u + ε):
 * <ul>
 *   <li>{@code variational}: ε drawn from a learned prior p(ε | u), trained through a posterior
 *       q(ε | u, target) and the ELBO with weight β on the KL term — GRAM's model;</li>
 *   <li>{@code fixed}: ε ~ N(0, σ²) with σ = {@code noise} fixed, nothing learned about it —
 *       the "naive noise" GRAM's ablation compares against. With the same seed its weights are
 *       drawn exactly as TRM's, so a trained TRM's weights load into it unchanged.</li>
 * </ul>
 *
 * @param vocab        token vocabulary
 * @param seqLen       positions per puzzle
 * @param hidden       model width h
 * @param heads        attention heads
 * @param expansion    SwiGLU expansion
 * @param layers       blocks of the one network (TRM: 2)
 * @param recursions   T: recursions per segment, T − 1 without gradient
 * @param latentSteps  n: latent updates per recursion
 * @param mixer        the MLP-mixer variant of the network
 * @param positions    how positions are encoded
 * @param ffnMultiple  the SwiGLU width multiple ({@link ModelConfig#ffnMultiple()})
 * @param puzzleEmbLen prefix positions (TRM: 16; 0 reads as 1)
 * @param latent       "variational" or "fixed"
 * @param noise        fixed: σ of the noise; variational: the prior's and the posterior's σ before
 *                     training (their log σ starts there)
 * @param beta         variational: the weight β of the KL term in the loss
 * @param latentWidth  variational: the hidden width of the prior and posterior MLPs
 */
public record GramConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int recursions,
                         int latentSteps, boolean mixer, Positions positions, int ffnMultiple, int puzzleEmbLen,
                         String latent, double noise, double beta, int latentWidth) implements ModelConfig {

    /** The variational model: ε from a learned prior, trained through a posterior. */
    public static final String VARIATIONAL = "variational";
    /** Naive noise: ε ~ N(0, σ²), σ fixed. */
    public static final String FIXED = "fixed";

    public GramConfig {
        positions = Positions.orDefault(positions);
        ffnMultiple = ModelConfig.ffnMultiple("gram", ffnMultiple);
        ModelConfig.requireShape("gram", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("gram", "layers", layers);
        ModelConfig.requireCount("gram", "recursions (T)", recursions);
        ModelConfig.requireCount("gram", "latent steps (n)", latentSteps);
        if (puzzleEmbLen < 0) {
            throw new BadInputException("gram: the puzzle-embedding prefix must be at least 1 position, got "
                    + puzzleEmbLen);
        }
        puzzleEmbLen = puzzleEmbLen == 0 ? 1 : puzzleEmbLen;
        latent = latent == null ? VARIATIONAL : latent.strip().toLowerCase(Locale.ROOT);
        if (!latent.equals(VARIATIONAL) && !latent.equals(FIXED)) {
            throw new BadInputException("gram: the latent step must be variational or fixed, not '" + latent + "'");
        }
        if (!(noise > 0) || !Double.isFinite(noise)) {
            throw new BadInputException("gram: the noise scale must be positive, got " + noise);
        }
        if (!(beta >= 0) || !Double.isFinite(beta)) {
            throw new BadInputException("gram: beta (the KL weight) must be at least 0, got " + beta);
        }
        if (latent.equals(VARIATIONAL)) {
            ModelConfig.requireCount("gram", "the latent width", latentWidth);
        }
    }

    /** The same shape as {@code trm} with the given latent step. */
    public static GramConfig of(TrmConfig trm, String latent, double noise, double beta, int latentWidth) {
        return new GramConfig(trm.vocab(), trm.seqLen(), trm.hidden(), trm.heads(), trm.expansion(), trm.layers(),
                trm.recursions(), trm.latentSteps(), trm.mixer(), trm.positions(), trm.ffnMultiple(),
                trm.puzzleEmbLen(), latent, noise, beta, latentWidth);
    }

    /** The deterministic TRM this model is built around (same fields, same weights from the same seed). */
    public TrmConfig trm() {
        return new TrmConfig(vocab, seqLen, hidden, heads, expansion, layers, recursions, latentSteps, mixer, positions,
                ffnMultiple, puzzleEmbLen);
    }

    /** Whether ε comes from a learned prior (true) or is fixed-variance noise (false). */
    public boolean variational() {
        return latent.equals(VARIATIONAL);
    }

    @Override
    public String kind() {
        return "gram";
    }

    @Override
    public Gram build(long seed) {
        return new Gram(this, seed);
    }
}
