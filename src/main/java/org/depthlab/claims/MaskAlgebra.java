package org.depthlab.claims;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.WeightMask;

/**
 * The mask algebra behind ablation (Lepori, Serre and Pavlick 2023, §3: a subnetwork is the
 * model under a binary mask M, its ablation the model under 1 − M): for a binary mask the
 * subnetwork and its ablation split the weights exactly,
 * <pre>
 *   W ⊙ M + W ⊙ (1 − M) = W      and      (W ⊙ M) ⊙ (W ⊙ (1 − M)) = 0      entry by entry,
 * </pre>
 * bit for bit, and the model is left as it was when the mask is taken off. The check applies M
 * and then 1 − M to the model ({@link WeightMask#applyTo}, the code the modularity experiment
 * uses), reads the weights each leaves, and compares with the original as doubles. A soft mask —
 * continuous sparsification before its temperature reaches 0 — puts part of a weight in both
 * halves: removing "the subnetwork" then does not leave exactly the rest.
 */
public final class MaskAlgebra implements Claim<MaskedModel> {

    @Override
    public About about() {
        return new About("mask algebra",
                "A binary mask splits the weights: W*M + W*(1-M) = W bit for bit, no weight is in both parts, and the"
                        + " model is restored exactly.",
                "binary masks over a model's weights", Rigor.exact());
    }

    @Override
    public Verdict check(Family<MaskedModel> family, long seed, int tries) {
        return Trial.run(seed, tries, family.scale(), in -> {
            MaskedModel mm = family.draw(in.seed(), 3 + in.rng().nextInt(4), in.length(2));
            WeightMask mask = mm.mask();
            Map<String, double[]> original = weights(mm, mask);
            Map<String, double[]> kept;
            Map<String, double[]> ablated;
            try (WeightMask.Applied a = mask.applyTo(mm.model())) {
                kept = weights(mm, mask);
            }
            try (WeightMask.Applied a = mask.complement().applyTo(mm.model())) {
                ablated = weights(mm, mask);
            }
            Map<String, double[]> after = weights(mm, mask);
            in.tried("weights", mask.size());
            in.inputs(1);
            long both = 0;
            String example = null;
            for (String name : mask.names()) {
                double[] w = original.get(name);
                double[] k = kept.get(name);
                double[] r = ablated.get(name);
                for (int i = 0; i < w.length; i++) {
                    if (k[i] * r[i] != 0) {
                        both++;
                        if (example == null) {
                            example = String.format(Locale.ROOT, "%s[%d] = %.3g is %.3g in the subnetwork and %.3g in"
                                    + " its ablation", name, i, w[i], k[i], r[i]);
                        }
                    }
                }
            }
            if (both > 0) {
                return Trial.failed(mask.size(), String.format(Locale.ROOT, "%,d of %,d weights are in both parts (%s)",
                        both, mask.size(), example));
            }
            for (String name : mask.names()) {
                double[] w = original.get(name);
                double[] k = kept.get(name);
                double[] r = ablated.get(name);
                double[] x = after.get(name);
                for (int i = 0; i < w.length; i++) {
                    if (k[i] + r[i] != w[i]) {
                        return Trial.failed(mask.size(), String.format(Locale.ROOT, "%s[%d]: kept %.17g + ablated %.17g"
                                + " is not the weight %.17g", name, i, k[i], r[i], w[i]));
                    }
                    if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(w[i])) {
                        return Trial.failed(mask.size(), name + "[" + i + "] is not restored: " + x[i] + " for " + w[i]);
                    }
                }
            }
            return Trial.held(String.format(Locale.ROOT, "%,d weights in %d parameters, %,d kept: the two parts add up"
                    + " to W bit for bit, share no weight, and the model is restored", mask.size(), mask.names().size(),
                    mask.kept()));
        });
    }

    private static Map<String, double[]> weights(MaskedModel mm, WeightMask mask) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Tensor p : mm.model().parameters()) {
            if (mask.names().contains(p.name())) {
                out.put(p.name(), p.value().data.clone());
            }
        }
        return out;
    }
}
