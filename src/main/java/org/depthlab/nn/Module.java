package org.depthlab.nn;

import java.util.List;
import org.depthlab.tensor.Tensor;

/**
 * Anything that owns trainable weights. Parameters have stable, dotted names
 * ({@code layers.0.self_attn.qkv_proj.weight}) given when the module is built, so that a
 * model's weights can be saved, loaded, compared with PyTorch, and addressed by the claims.
 */
public interface Module {

    /** The module's parameters, always in the same order. */
    List<Tensor> parameters();

    /**
     * Named constants the module owns besides its parameters (saved and loaded with them,
     * never trained). Most modules have none.
     */
    default List<Tensor> buffers() {
        return List.of();
    }

    /** The parameters of several modules, in order; null parts (optional pieces) are skipped. */
    static List<Tensor> parametersOf(Module... parts) {
        List<Tensor> all = new java.util.ArrayList<>();
        for (Module part : parts) {
            if (part != null) {
                all.addAll(part.parameters());
            }
        }
        return List.copyOf(all);
    }

    /** The total number of trainable numbers. */
    default long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) {
            n += p.value().getNumElements();
        }
        return n;
    }
}
