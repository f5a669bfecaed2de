package org.depthlab.models;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * What a refinement model hands from one supervision segment to the next: its named latent
 * states, each (sequences · seqLen) × hidden. HRM carries {@code zH} and {@code zL}, TRM its
 * answer {@code y} and latent {@code z}, a looped transformer one {@code z}.
 *
 * <p>Between segments the carry is {@linkplain #detach() detached}: the next segment starts
 * from these values but no gradient flows back into the segment that made them (deep
 * supervision, [HRM]). When a sequence halts, its rows {@linkplain #restart restart} from
 * the model's initial state while the other sequences keep theirs.
 *
 * @param states name → state, in the model's order
 */
public record Carry(Map<String, Tensor> states) {

    public Carry {
        states = Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    /** A carry of one state. */
    public static Carry of(String name, Tensor state) {
        return new Carry(Map.of(name, state));
    }

    /** A carry of two states, in this order. */
    public static Carry of(String first, Tensor a, String second, Tensor b) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(first, a);
        m.put(second, b);
        return new Carry(m);
    }

    /** The named state. */
    public Tensor get(String name) {
        Tensor t = states.get(name);
        if (t == null) {
            throw new IllegalArgumentException("carry has no state '" + name + "', only " + states.keySet());
        }
        return t;
    }

    /** The same values, cut from the graph (depths kept). */
    public Carry detach() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        states.forEach((k, v) -> m.put(k, v.detach()));
        return new Carry(m);
    }

    /**
     * A carry whose sequences marked in {@code fresh} take their rows from {@code initial} and
     * whose other sequences keep theirs. Both carries must hold the same states and shapes.
     */
    public Carry restart(boolean[] fresh, Carry initial, int seqLen) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        states.forEach((name, state) -> {
            DMatrixRMaj mixed = state.value().copy();
            DMatrixRMaj start = initial.get(name).value();
            int width = mixed.numCols * seqLen;
            for (int s = 0; s < fresh.length; s++) {
                if (fresh[s]) {
                    System.arraycopy(start.data, s * width, mixed.data, s * width, width);
                }
            }
            m.put(name, Tensor.constant(mixed));
        });
        return new Carry(m);
    }

    /** The root-mean-square of each state over all its entries (for trajectories and figures). */
    public Map<String, Double> rmsNorms() {
        Map<String, Double> norms = new LinkedHashMap<>();
        states.forEach((name, state) -> {
            double sum = 0;
            for (double v : state.value().data) {
                sum += v * v;
            }
            norms.put(name, Math.sqrt(sum / Math.max(1, state.value().getNumElements())));
        });
        return norms;
    }
}
