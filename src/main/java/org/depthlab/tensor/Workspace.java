package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * Scratch matrices that a fused op reuses from one call to the next instead of allocating (and
 * zeroing) fresh ones: numbered slots, each grown to the largest shape asked of it. One thread
 * uses a workspace at a time; a threaded backend keeps a {@link Pool} of them that lends them
 * out and takes them back. What a slot holds is garbage until the op writes it.
 */
final class Workspace {

    private DMatrixRMaj[] slots = new DMatrixRMaj[0];

    /** Workspaces to lend, one per thread that asks at the same time; safe to share between threads. */
    static final class Pool {
        private final java.util.ArrayDeque<Workspace> free = new java.util.ArrayDeque<>();

        /** A workspace for the calling thread alone until it is {@linkplain #release released}. */
        synchronized Workspace take() {
            Workspace w = free.poll();
            return w != null ? w : new Workspace();
        }

        synchronized void release(Workspace w) {
            free.push(w);
        }
    }

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
