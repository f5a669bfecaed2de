package org.depthlab.nn;

import org.depthlab.tensor.RopeTable;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Rotary position embedding (Su et al. 2021, arXiv 2104.09864), θ = 10000 in HRM: the table
 * of angles for positions 0..maxPositions−1, applied to queries and keys. Position of a row is
 * its index within its sequence. The rotation and its backward are in
 * {@code tensor/Rotary.java}.
 */
public final class Rope {

    /** HRM's base. */
    public static final double DEFAULT_THETA = 10000.0;

    private final RopeTable table;

    public Rope(int headDim, int maxPositions, double theta) {
        this.table = RopeTable.of(maxPositions, headDim, theta);
    }

    /** Rotates every head of every row of x (rows = sequences × seqLen, columns = heads × d). */
    public Tensor apply(Tape tape, Tensor x, int seqLen, int heads) {
        return tape.rope(x, table, seqLen, heads);
    }

    /** The same for rows at positions offset, offset + 1, … of their sequences (a cached decoding step). */
    public Tensor apply(Tape tape, Tensor x, int seqLen, int heads, int offset) {
        return tape.rope(x, table, seqLen, heads, offset);
    }

    /** The table of angles. */
    public RopeTable table() {
        return table;
    }

    public int headDim() {
        return table.headDim();
    }

    public int maxPositions() {
        return table.positions();
    }
}
