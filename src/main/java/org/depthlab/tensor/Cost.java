package org.depthlab.tensor;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * What an op costs, as the {@link Meter} counts it: its name, its forward FLOPs, the bytes its
 * backward keeps, and how many steps of sequential depth it adds to its inputs'.
 *
 * <p>Most ops are one step. A <em>fused</em> op — several ops computed in one pass for speed —
 * reports the chain of steps it stands for, each with its depth after the fused op's inputs,
 * so the meter counts exactly what the unfused ops would have reported (names, FLOPs, bytes,
 * op count and depth), and a claim measured on the fast path holds on the reference path too.
 *
 * <p>This is the meter's side of the tape: ops describe their cost here, and {@link Tape}
 * hands it to the meter without looking inside.
 *
 * @param steps the ops this one stands for, in the order they would run
 */
record Cost(List<Step> steps) {

    /**
     * One op of a chain.
     *
     * @param op    the name in the meter's per-op report ({@link Meter#flopsByOp()})
     * @param flops its forward FLOPs
     * @param bytes 8 per float64 entry of every matrix its backward reads, if it is recorded
     * @param depth its depth after the fused op's inputs: 1 for the first op of a chain
     */
    record Step(String op, long flops, long bytes, int depth) {
    }

    Cost {
        steps = List.copyOf(steps);
    }

    /** One op that keeps {@code retained} for its backward. */
    static Cost of(String op, long flops, DMatrixRMaj... retained) {
        return new Cost(List.of(new Step(op, flops, bytes(retained), 1)));
    }

    /** One op that stands for a chain {@code depth} ops long (see {@link SwiGluGate}). */
    static Cost deep(String op, int depth, long flops, DMatrixRMaj... retained) {
        return new Cost(List.of(new Step(op, flops, bytes(retained), depth)));
    }

    /** How much deeper than its inputs the op's output lies: its deepest step. */
    int depth() {
        int d = 0;
        for (Step s : steps) {
            d = Math.max(d, s.depth());
        }
        return d;
    }

    /** 8 bytes per float64 entry. */
    static long bytes(DMatrixRMaj... matrices) {
        long b = 0;
        for (DMatrixRMaj m : matrices) {
            b += 8L * m.getNumElements();
        }
        return b;
    }

    /** A chain built step by step, for a fused op. */
    static final class Chain {
        private final List<Step> steps = new ArrayList<>();

        /** Adds an op at {@code depth} steps after the fused op's inputs. */
        Chain add(String op, int depth, long flops, long bytes) {
            steps.add(new Step(op, flops, bytes, depth));
            return this;
        }

        Cost build() {
            return new Cost(steps);
        }
    }
}
