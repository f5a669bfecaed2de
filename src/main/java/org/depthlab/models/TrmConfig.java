package org.depthlab.models;

/**
 * The Tiny Recursive Model's shape (Jolicoeur-Martineau 2025). Book symbols: T = recursions,
 * n = latentSteps.
 *
 * @param layers      blocks in the one shared network (TRM uses 2)
 * @param recursions  T: T − 1 recursions without gradient, then one with
 * @param latentSteps n: latent updates per recursion
 * @param mixer       true for the MLP-mixer variant (an MLP across positions instead of attention)
 */
public record TrmConfig(int vocab, int seqLen, int hidden, int heads, double expansion, int layers, int recursions,
                        int latentSteps, boolean mixer, Positions positions) implements ModelConfig {

    public TrmConfig {
        positions = Positions.orDefault(positions);
        ModelConfig.requireShape("trm", vocab, seqLen, hidden, heads, expansion);
        ModelConfig.requireCount("trm", "layers", layers);
        ModelConfig.requireCount("trm", "recursions (T)", recursions);
        ModelConfig.requireCount("trm", "latent steps (n)", latentSteps);
    }

    /** The same with RoPE positions, HRM's default. */
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
