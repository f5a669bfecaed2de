package org.depthlab.models;

/**
 * How a model knows where a token is: HRM's and TRM's {@code pos_encodings} setting.
 * <ul>
 *   <li>{@link #ROPE} — rotary embedding in every attention layer: attention scores depend on
 *       the <em>offset</em> between two positions (θ = 10000). Absolute position (which row of
 *       a Sudoku a cell is in) must then be inferred, which small models learn slowly.</li>
 *   <li>{@link #LEARNED} — a learned vector per position added to the token embedding,
 *       x = √h · (E[token] + P[position]) / √2, and no rotation in attention.</li>
 *   <li>{@link #NONE} — neither (TRM's code: any other value). TRM's MLP variant on Sudoku
 *       runs so ({@code arch.pos_encodings=none} in its README): its token-mixing MLP has a
 *       weight per position, so it knows where every cell is without being told. Attention
 *       without positions cannot tell two cells apart except by their content.</li>
 * </ul>
 */
public enum Positions {
    ROPE, LEARNED, NONE;

    /** The value a config uses when none is given (HRM's default). */
    static Positions orDefault(Positions p) {
        return p == null ? ROPE : p;
    }
}
