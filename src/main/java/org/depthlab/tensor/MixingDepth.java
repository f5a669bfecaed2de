package org.depthlab.tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * Sequential depth in <em>mixing steps</em>, measured from the ops themselves: the largest
 * number of ops on any path from the inputs to a value that carried information from one
 * position (row) of a computed value into another. It is the meter's measure of layer depth
 * that no model can under-report, because nothing in it is announced by the model: a layer
 * built from the public parts counts as much as a {@code Block}.
 *
 * <p>Which ops mix positions (rows are positions; a computed value is the output of an op):
 * <ul>
 *   <li>{@code attention}: output row i reads the keys and values of other rows: +1 from k and
 *       v, computed or not;</li>
 *   <li>a product A·B or A·Bᵀ whose right factor B is computed: output row i combines every row
 *       of B (a hand-made attention, q·kᵀ then p·v, counts +1 in all, since p·v adds one to v's
 *       depth and p already is one deeper than k); a product with a weight matrix does not mix;</li>
 *   <li>{@code transpose} within sequences: the ops between a transpose and the transpose back
 *       work across positions (TRM's MLP mixer), so coming back counts +1 — the whole stint in
 *       the transposed layout is one mixing step;</li>
 *   <li>sums and losses over all entries: +1.</li>
 * </ul>
 * Every other op works row by row, or only moves rows (gather, concatenation), and adds
 * nothing. So a {@code Block} or a {@code MixerBlock} is one mixing step, and a stack of L of
 * them L — the count {@code Block} announces with {@link Tape#countLayer}, now measured.
 *
 * <p><b>Provenance.</b> A value is known by its tensor and by its matrix: a detached tensor
 * ({@link Tensor#detach()}) or a constant made from a computed matrix
 * ({@code Tensor.constant(z.value())}) shares the matrix, and keeps the depth of the op that
 * computed it. A leaf whose matrix is a bit-for-bit <em>copy</em> of a computed one (not a
 * constant matrix) is taken to be that value re-entered: it keeps its depth too, and is counted
 * ({@link #reentered()}). What cannot be traced: a transformed copy (negated, rounded, re-encoded
 * as token ids and embedded again) starts at depth 0.
 */
final class MixingDepth {

    /** A computed value's depth in mixing steps, and whether its positions are in its columns. */
    private record Mark(int depth, boolean transposed) {
    }

    private final Map<Tensor, Mark> byTensor = new IdentityHashMap<>();
    private final Map<DMatrixRMaj, Mark> byMatrix = new IdentityHashMap<>();
    private final Map<Integer, List<DMatrixRMaj>> byContent = new HashMap<>();
    private final Set<Tensor> leaves = Collections.newSetFromMap(new IdentityHashMap<>());
    private long reentered;
    private int max;

    /** An op produced {@code output} from {@code inputs}. */
    void record(String op, Tensor output, Tensor[] inputs) {
        int depth = 0;
        boolean transposed = false;
        for (int i = 0; i < inputs.length; i++) {
            Mark in = resolve(inputs[i]);
            boolean leaf = in == null;          // a weight, a mask, an input
            depth = Math.max(depth, (leaf ? 0 : in.depth()) + (crosses(op, i, leaf) ? 1 : 0));
            transposed |= !leaf && in.transposed();
        }
        if (op.equals("transpose")) {
            Mark in = resolve(inputs[0]);
            boolean back = in != null && in.transposed();
            depth = (in == null ? 0 : in.depth()) + (back ? 1 : 0);
            transposed = !back;
        }
        Mark mark = new Mark(depth, transposed);
        byTensor.put(output, mark);
        byMatrix.merge(output.value(), mark, (a, b) -> a.depth() >= b.depth() ? a : b);
        if (!constant(output.value())) {
            byContent.computeIfAbsent(hash(output.value()), h -> new ArrayList<>(1)).add(output.value());
        }
        max = Math.max(max, depth);
    }

    /**
     * Whether input {@code index} of {@code op} has its rows carried into other rows. A leaf
     * right factor of a product is a weight, whose rows are features, not positions.
     */
    private static boolean crosses(String op, int index, boolean leaf) {
        return switch (op) {
            case "attention" -> index >= 1;                       // q, k, v: the keys and values
            case "matmul" -> index == 1 && !leaf;                 // A·B, A·Bᵀ: a computed right factor's rows
            case "sum", "mean", "cross_entropy", "stablemax_cross_entropy", "bce_with_logits" -> true;
            default -> false;
        };
    }

    /** The mark of a computed value, or null for a leaf; resolves tensors it has not seen by their matrix. */
    private Mark resolve(Tensor t) {
        Mark m = byTensor.get(t);
        if (m != null || leaves.contains(t)) {
            return m;
        }
        m = byMatrix.get(t.value());
        if (m == null && !constant(t.value())) {
            List<DMatrixRMaj> same = byContent.get(hash(t.value()));
            if (same != null) {
                for (DMatrixRMaj computed : same) {
                    if (equal(computed, t.value())) {
                        m = byMatrix.get(computed);
                        reentered++;
                        break;
                    }
                }
            }
        }
        if (m == null) {
            leaves.add(t);
        } else {
            byTensor.put(t, m);
        }
        return m;
    }

    /** Mixing steps on the longest path to {@code t}; 0 for a leaf no op computed. */
    int depthOf(Tensor t) {
        Mark m = resolve(t);
        return m == null ? 0 : m.depth();
    }

    /** The largest mixing depth of any value computed. */
    int max() {
        return max;
    }

    /** Leaves whose matrix was a copy of a computed value: values that re-entered the computation. */
    long reentered() {
        return reentered;
    }

    private static boolean constant(DMatrixRMaj m) {
        double[] d = m.data;
        int n = m.getNumElements();
        for (int i = 1; i < n; i++) {
            if (Double.doubleToLongBits(d[i]) != Double.doubleToLongBits(d[0])) {
                return false;
            }
        }
        return true;
    }

    private static int hash(DMatrixRMaj m) {
        int h = 31 * m.numRows + m.numCols;
        int n = m.getNumElements();
        for (int i = 0; i < n; i++) {
            h = 31 * h + Double.hashCode(m.data[i]);
        }
        return h;
    }

    private static boolean equal(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return false;
        }
        int n = a.getNumElements();
        for (int i = 0; i < n; i++) {
            if (Double.doubleToLongBits(a.data[i]) != Double.doubleToLongBits(b.data[i])) {
                return false;
            }
        }
        return true;
    }
}
