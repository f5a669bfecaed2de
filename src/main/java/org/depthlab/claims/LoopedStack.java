package org.depthlab.claims;

import java.util.SplittableRandom;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Embedding;
import org.depthlab.nn.Init;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The looped transformer's recurrence with any attention mask, as a map on sequences:
 * <pre>
 *   x = √h · E[tokens]
 *   z ← Stack_L(z + x)      K times, from a fixed random z₀ broadcast to every position
 * </pre>
 * ({@link org.depthlab.models.LoopedTransformer} without its read-out.) Its outputs lie
 * k = K·L layer applications deep. With a local window of radius r ({@link AttentionMask#local})
 * it has a light cone of k·r; with full attention it has none — the subject and the contrast
 * of {@link LightCone}.
 */
public final class LoopedStack implements SequenceMap {

    private final int vocab;
    private final int length;
    private final int hidden;
    private final int loops;
    private final AttentionMask mask;
    private final Embedding embed;
    private final Stack stack;
    private final DMatrixRMaj start;

    /**
     * @param layers L blocks in the stack
     * @param loops  K applications of it
     * @param mask   the blocks' attention mask
     */
    public LoopedStack(int vocab, int length, int hidden, int heads, int layers, int loops, AttentionMask mask,
                       long seed) {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be >= 1, got " + loops);
        }
        this.vocab = vocab;
        this.length = length;
        this.hidden = hidden;
        this.loops = loops;
        this.mask = mask;
        SplittableRandom rng = new SplittableRandom(seed);
        this.embed = new Embedding("embed_tokens", vocab, hidden, 1.0 / Math.sqrt(hidden), rng);
        BlockConfig block = new BlockConfig(hidden, heads, 2.0, mask, Rope.DEFAULT_THETA, length, RmsNorm.DEFAULT_EPS);
        this.stack = new Stack("layers", layers, block, rng);
        DMatrixRMaj z0 = Init.truncatedNormal(1, hidden, 1.0, rng);
        this.start = new DMatrixRMaj(length, hidden);
        for (int p = 0; p < length; p++) {
            System.arraycopy(z0.data, 0, start.data, p * hidden, hidden);
        }
    }

    @Override
    public int vocab() {
        return vocab;
    }

    @Override
    public int length() {
        return length;
    }

    /** The attention window r, or −1 for full attention. */
    @Override
    public int radius() {
        return mask.window();
    }

    /** K·L: the layer applications between a token and an output. */
    public int layerApplications() {
        return loops * stack.layers();
    }

    @Override
    public Tensor apply(Tape tape, int[] tokens) {
        if (tokens.length != length) {
            throw new IllegalArgumentException(length + " tokens expected, got " + tokens.length);
        }
        Tensor x = tape.scale(embed.forward(tape, tokens), Math.sqrt(hidden));
        Tensor z = Tensor.constant(start);
        for (int k = 0; k < loops; k++) {
            z = stack.forward(tape, tape.add(z, x), length);
        }
        return z;
    }

    @Override
    public String toString() {
        return "looped stack (L = " + stack.layers() + ", K = " + loops + ", " + mask + ")";
    }
}
