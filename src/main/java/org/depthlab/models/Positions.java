package org.depthlab.models;

/**
 * How a model knows where a token is. HRM offers both (its {@code pos_encodings} setting):
 * <ul>
 *   <li>{@link #ROPE} — rotary embedding in every attention layer: attention scores depend on
 *       the <em>offset</em> between two positions (θ = 10000). Absolute position (which row of
 *       a Sudoku a cell is in) must then be inferred, which small models learn slowly.</li>
 *   <li>{@link #LEARNED} — a learned vector per position added to the token embedding,
 *       x = √h · (E[token] + P[position]) / √2, and no rotation in attention.</li>
 * </ul>
 */
public enum Positions {
    ROPE, LEARNED;

    /** The value a config uses when none is given (HRM's default). */
    static Positions orDefault(Positions p) {
        return p == null ? ROPE : p;
    }
}
