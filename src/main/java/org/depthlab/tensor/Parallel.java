package org.depthlab.tensor;

/**
 * Loops whose iterations are independent — attention for each sequence, a norm for each row —
 * spread over the threads of the tape's backend, when it has threads.
 *
 * <p>The rule that keeps results deterministic: every iteration writes only its own part of the
 * output (its rows), and computes it exactly as it would alone. Then how the iterations are
 * grouped into ranges, and how many threads run them, cannot change a single bit. A backend
 * without threads ({@link EjmlBackend}) runs the whole range on the calling thread.
 */
final class Parallel {

    /**
     * Below this many elements of work a loop stays on the calling thread: handing a range to
     * another thread costs some microseconds, as much as a few thousand elementwise operations.
     */
    static final long MIN_WORK = 1L << 15;

    /**
     * A backend with threads of its own, which loops of the ops may share, and scratch matrices
     * its fused ops may borrow (kept with the backend, which lives as long as the program, so
     * that they are allocated once rather than once per tape).
     */
    interface Threaded {
        Workers workers();

        Workspace.Pool workspaces();
    }

    /** The body of a loop over items [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    private Parallel() {
    }

    /**
     * Runs {@code body} over items [0, count), in contiguous ranges spread over the backend's
     * threads when the loop is big enough ({@code count · workPerItem ≥} {@link #MIN_WORK}).
     */
    static void forRange(Backend backend, int count, long workPerItem, Range body) {
        if (backend instanceof Threaded threaded && (long) count * workPerItem >= MIN_WORK) {
            threaded.workers().forRanges(count, 1, body);
        } else {
            body.run(0, count);
        }
    }
}
