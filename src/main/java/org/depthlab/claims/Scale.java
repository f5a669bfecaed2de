package org.depthlab.claims;

/**
 * How large the instances a claim draws may be. A violation that only starts beyond the sizes
 * tried is never seen — depth that grows every 16 positions, a leak from position 8 on, a
 * checkpoint every 5 steps — so claims draw sizes across scales, log-uniformly from the
 * smallest that makes sense up to these bounds, and the first instance of every check takes
 * the bound itself. A family whose violations could hide further out raises the bound
 * ({@link Family#withScale}); the verdict says which sizes were tried.
 *
 * @param maxLength the most positions (sequence length, answer tokens, bits, a state's dimension)
 * @param maxSteps  the most recurrent steps (N·T for tape memory, segments for halting)
 */
public record Scale(int maxLength, int maxSteps) {

    /** The default bounds: 64 positions and 16 recurrent steps. */
    public static final Scale DEFAULT = new Scale(64, 16);

    public Scale {
        if (maxLength < 2 || maxSteps < 2) {
            throw new IllegalArgumentException("a scale needs at least 2 positions and 2 steps, got " + maxLength
                    + " and " + maxSteps);
        }
    }

    /** The same scale with another bound on positions. */
    public Scale withMaxLength(int n) {
        return new Scale(n, maxSteps);
    }

    /** The same scale with another bound on recurrent steps. */
    public Scale withMaxSteps(int n) {
        return new Scale(maxLength, n);
    }
}
