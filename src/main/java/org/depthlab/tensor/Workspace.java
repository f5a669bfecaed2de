package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Scratch matrices that a fused op reuses from one call to the next instead of allocating (and
 * zeroing) fresh ones: numbered slots, each grown to the largest shape asked of it. One thread
 * uses a workspace at a time; a {@link Tape} lends them out ({@link Tape#workspace()}) and takes
 * them back. What a slot holds is garbage until the op writes it.
 */
final class Workspace {

    private DMatrixRMaj[] slots = new DMatrixRMaj[0];

    /** Slot {@code i} as a rows × cols matrix, its old contents undefined. */
    DMatrixRMaj matrix(int i, int rows, int cols) {
        if (i >= slots.length) {
            slots = java.util.Arrays.copyOf(slots, i + 1);
        }
        DMatrixRMaj m = slots[i];
        if (m == null || m.data.length < rows * cols) {
            m = new DMatrixRMaj(rows, cols);
            slots[i] = m;
        } else {
            m.reshape(rows, cols, false);
        }
        return m;
    }
}
