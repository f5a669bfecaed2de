package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * The delta rule on a fast-weight memory, as two ops: a <em>write</em> of key–value pairs into
 * a d×d matrix W that belongs to one sequence (not a parameter), and a <em>read</em> q ↦ W·q.
 * Schlag, Irie and Schmidhuber (ICML 2021, "Linear Transformers Are Secretly Fast Weight
 * Programmers", §4.2) write the update as
 * <pre>
 *   u  = W·k                   what the memory holds at k now
 *   W' = W + β·(v − u)·kᵀ      move the answer at k a fraction β of the way to v
 * </pre>
 * With ‖k‖ = 1 and β = 1 the write stores v exactly (W'·k = v), and it leaves W·x unchanged
 * for every x orthogonal to k — so an orthonormal set of keys is stored and recalled exactly,
 * while keys that overlap disturb each other's values. The book's chapter 12 and the claim
 * {@code delta-rule recall} are about these two facts.
 *
 * <p><b>Layout.</b> A batch of B sequences keeps its memories stacked: W is (B·d) × d, the
 * matrix of sequence b in rows b·d … b·d + d − 1. A write takes s key–value pairs per sequence
 * (K and V are (B·s) × d, β is (B·s) × 1, row b·s + i is pair i of sequence b) and applies them
 * <em>one after the other</em>: the delta rule is sequential, each write sees what the earlier
 * ones left. The op therefore lies s steps deeper than its inputs (as s separate writes would),
 * and keeps for backward the memory as it was before each of the s writes.
 *
 * <p><b>Backward</b> of one write, with G = ∂L/∂W' and e = v − W·k:
 * <pre>
 *   ∂L/∂W = G − β·(G·k)·kᵀ            (W' = W·(I − β·k·kᵀ) + β·v·kᵀ)
 *   ∂L/∂v = β·G·k
 *   ∂L/∂β = eᵀ·G·k
 *   ∂L/∂k = β·Gᵀ·e − β·Wᵀ·(G·k)
 * </pre>
 * run from the last write of a sequence back to the first. FLOPs: 4d² + 2d per write (two
 * d×d products with a vector, the difference and its scaling); 2d² per read.
 *
 * <p>The loops below are the equations written out, one sequence at a time; the memory is
 * small (the book's d is 16–32), so no kernel or thread is worth its complexity here.
 */
public final class DeltaRule {

    private DeltaRule() {
    }

    /**
     * Writes {@code slots} key–value pairs per sequence into the memories W, in order.
     *
     * @param w     (B·d) × d: the memories before the writes
     * @param keys  (B·slots) × d
     * @param values (B·slots) × d
     * @param beta  (B·slots) × 1: the write strengths
     * @return (B·d) × d: the memories after all the writes, {@code slots} ops deeper
     */
    public static Tensor write(Tape tape, Tensor w, Tensor keys, Tensor values, Tensor beta, int slots) {
        int d = w.cols();
        Shapes.require(d > 0 && w.rows() % d == 0, "delta-rule write", "memory must be (B·d) × d, got "
                + Shapes.shape(w));
        int sequences = w.rows() / d;
        Shapes.require(slots > 0 && keys.rows() == sequences * slots && keys.cols() == d, "delta-rule write",
                "keys must be (" + sequences + "·" + slots + ") × " + d + ", got " + Shapes.shape(keys));
        Shapes.requireSame("delta-rule write (keys, values)", keys, values);
        Shapes.require(beta.rows() == keys.rows() && beta.cols() == 1, "delta-rule write",
                "beta must be " + keys.rows() + " × 1, got " + Shapes.shape(beta));
        double[] k = keys.value().data;
        double[] v = values.value().data;
        double[] b = beta.value().data;
        // before[i] holds every sequence's memory as it was before write i (for backward).
        DMatrixRMaj[] before = new DMatrixRMaj[slots];
        DMatrixRMaj current = w.value().copy();
        double[] u = new double[d];
        for (int i = 0; i < slots; i++) {
            before[i] = current.copy();
            for (int s = 0; s < sequences; s++) {
                int row = s * slots + i;
                writeOne(current.data, s * d * d, k, v, row * d, b[row], d, u);
            }
        }
        long flops = (long) sequences * slots * (4L * d * d + 2L * d);
        DMatrixRMaj[] kept = new DMatrixRMaj[slots + 3];
        System.arraycopy(before, 0, kept, 0, slots);
        kept[slots] = keys.value();
        kept[slots + 1] = values.value();
        kept[slots + 2] = beta.value();
        return tape.record(Cost.deep("delta-rule write", slots, flops, kept), current,
                dy -> writeBackward(w, keys, values, beta, before, dy, sequences, slots, d), w, keys, values, beta);
    }

    /** W ← W + β·(v − W·k)·kᵀ on the d×d block at {@code at}, k and v at {@code kv}; u is scratch. */
    private static void writeOne(double[] w, int at, double[] k, double[] v, int kv, double beta, int d,
                                 double[] u) {
        for (int r = 0; r < d; r++) {
            double sum = 0;
            for (int c = 0; c < d; c++) {
                sum += w[at + r * d + c] * k[kv + c];
            }
            u[r] = sum;
        }
        for (int r = 0; r < d; r++) {
            double e = beta * (v[kv + r] - u[r]);
            for (int c = 0; c < d; c++) {
                w[at + r * d + c] += e * k[kv + c];
            }
        }
    }

    private static void writeBackward(Tensor w, Tensor keys, Tensor values, Tensor beta, DMatrixRMaj[] before,
                                      DMatrixRMaj dy, int sequences, int slots, int d) {
        double[] k = keys.value().data;
        double[] v = values.value().data;
        double[] b = beta.value().data;
        double[] dk = keys.requiresGrad() ? keys.gradBuffer().data : null;
        double[] dv = values.requiresGrad() ? values.gradBuffer().data : null;
        double[] db = beta.requiresGrad() ? beta.gradBuffer().data : null;
        double[] g = dy.data.clone();
        double[] gk = new double[d];
        double[] e = new double[d];
        for (int i = slots - 1; i >= 0; i--) {
            double[] wi = before[i].data;
            for (int s = 0; s < sequences; s++) {
                int at = s * d * d;
                int row = s * slots + i;
                int kv = row * d;
                double bi = b[row];
                // gk = G·k, e = v − W·k
                for (int r = 0; r < d; r++) {
                    double sg = 0;
                    double sw = 0;
                    for (int c = 0; c < d; c++) {
                        sg += g[at + r * d + c] * k[kv + c];
                        sw += wi[at + r * d + c] * k[kv + c];
                    }
                    gk[r] = sg;
                    e[r] = v[kv + r] - sw;
                }
                if (dv != null) {
                    for (int r = 0; r < d; r++) {
                        dv[kv + r] += bi * gk[r];
                    }
                }
                if (db != null) {
                    double sum = 0;
                    for (int r = 0; r < d; r++) {
                        sum += e[r] * gk[r];
                    }
                    db[row] += sum;
                }
                if (dk != null) {
                    // ∂L/∂k_c = β·Σ_r (G_rc·e_r − W_rc·gk_r)
                    for (int c = 0; c < d; c++) {
                        double sum = 0;
                        for (int r = 0; r < d; r++) {
                            sum += g[at + r * d + c] * e[r] - wi[at + r * d + c] * gk[r];
                        }
                        dk[kv + c] += bi * sum;
                    }
                }
                // G ← G − β·(G·k)·kᵀ: the gradient with respect to the memory before this write.
                for (int r = 0; r < d; r++) {
                    double f = bi * gk[r];
                    for (int c = 0; c < d; c++) {
                        g[at + r * d + c] -= f * k[kv + c];
                    }
                }
            }
        }
        if (w.requiresGrad()) {
            double[] dw = w.gradBuffer().data;
            for (int i = 0; i < g.length; i++) {
                dw[i] += g[i];
            }
        }
    }

    /**
     * Reads the memories: row j of sequence b's queries gives W_b·q.
     *
     * <p>Backward: ∂L/∂W_b = Σ_j g_j·q_jᵀ over the sequence's queries, ∂L/∂q_j = W_bᵀ·g_j.
     *
     * @param w       (B·d) × d
     * @param queries (B·perSequence) × d
     * @return (B·perSequence) × d
     */
    public static Tensor read(Tape tape, Tensor w, Tensor queries, int perSequence) {
        int d = w.cols();
        Shapes.require(d > 0 && w.rows() % d == 0, "delta-rule read", "memory must be (B·d) × d, got "
                + Shapes.shape(w));
        int sequences = w.rows() / d;
        Shapes.require(perSequence > 0 && queries.rows() == sequences * perSequence && queries.cols() == d,
                "delta-rule read", "queries must be (" + sequences + "·" + perSequence + ") × " + d + ", got "
                        + Shapes.shape(queries));
        double[] m = w.value().data;
        double[] q = queries.value().data;
        DMatrixRMaj y = new DMatrixRMaj(queries.rows(), d);
        for (int s = 0; s < sequences; s++) {
            int at = s * d * d;
            for (int j = 0; j < perSequence; j++) {
                int row = (s * perSequence + j) * d;
                for (int r = 0; r < d; r++) {
                    double sum = 0;
                    for (int c = 0; c < d; c++) {
                        sum += m[at + r * d + c] * q[row + c];
                    }
                    y.data[row + r] = sum;
                }
            }
        }
        long flops = 2L * queries.rows() * d * d;
        return tape.record(Cost.of("delta-rule read", flops, w.value(), queries.value()), y, dy -> {
            double[] dw = w.requiresGrad() ? w.gradBuffer().data : null;
            double[] dq = queries.requiresGrad() ? queries.gradBuffer().data : null;
            for (int s = 0; s < sequences; s++) {
                int at = s * d * d;
                for (int j = 0; j < perSequence; j++) {
                    int row = (s * perSequence + j) * d;
                    for (int r = 0; r < d; r++) {
                        double g = dy.data[row + r];
                        for (int c = 0; c < d; c++) {
                            if (dw != null) {
                                dw[at + r * d + c] += g * q[row + c];
                            }
                            if (dq != null) {
                                dq[row + c] += m[at + r * d + c] * g;
                            }
                        }
                    }
                }
            }
        }, w, queries);
    }
}
