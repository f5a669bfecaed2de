package org.depthlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A mask over some of a model's weights: a number M_ij in [0, 1] for every entry of every
 * masked parameter (named), 1 = kept. A binary mask picks a <em>subnetwork</em>: the model
 * with W ⊙ M in place of W. Its complement 1 − M is the model with that subnetwork
 * <em>ablated</em>, and for a binary mask the two split the weights exactly:
 * <pre>
 *   W ⊙ M + W ⊙ (1 − M) = W,      (W ⊙ M) ⊙ (W ⊙ (1 − M)) = 0
 * </pre>
 * entry by entry and bit for bit (one of the two terms is W_ij, the other 0). A soft mask
 * (continuous sparsification's σ(m/T) before T reaches 0) keeps a fraction of a weight in both
 * parts — the contrast of the claim {@code mask algebra}.
 *
 * <p>{@link #applyTo} writes W ⊙ M into the model's parameters in place and gives back a handle
 * that restores the original values, so a frozen model is used under a mask and left as it was,
 * bit for bit (Lepori, Serre and Pavlick 2023 mask a frozen network the same way).
 */
public final class WeightMask {

    private final Map<String, double[]> values;

    private WeightMask(Map<String, double[]> values) {
        this.values = values;
    }

    /** A mask of the given values, parameter name → one number per entry (copied). */
    public static WeightMask of(Map<String, double[]> values) {
        Map<String, double[]> copy = new LinkedHashMap<>();
        values.forEach((name, v) -> copy.put(name, v.clone()));
        return new WeightMask(copy);
    }

    /** All of the selected parameters kept (M = 1 everywhere). */
    public static WeightMask full(Module model, Predicate<String> masked) {
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Tensor p : selected(model, masked)) {
            double[] ones = new double[p.value().getNumElements()];
            java.util.Arrays.fill(ones, 1.0);
            v.put(p.name(), ones);
        }
        return new WeightMask(v);
    }

    /**
     * A random binary mask with as many kept entries in every parameter as {@code like} has there
     * (rounded): the control subnetwork "of the same size", placed at random.
     */
    public static WeightMask randomLike(WeightMask like, SplittableRandom rng) {
        Map<String, double[]> v = new LinkedHashMap<>();
        like.values.forEach((name, m) -> {
            int n = m.length;
            long keep = 0;
            for (double x : m) {
                keep += x >= 0.5 ? 1 : 0;
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double[] r = new double[n];
            for (int i = 0; i < keep; i++) {
                r[order[i]] = 1.0;
            }
            v.put(name, r);
        });
        return new WeightMask(v);
    }

    /** The parameters of {@code model} whose names {@code masked} accepts, in the model's order. */
    public static List<Tensor> selected(Module model, Predicate<String> masked) {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : model.parameters()) {
            if (p.name() != null && masked.test(p.name())) {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no parameter of the model is selected for masking");
        }
        return out;
    }

    /** The masked parameters' names, in order. */
    public List<String> names() {
        return List.copyOf(values.keySet());
    }

    /** The mask's numbers for one parameter (a copy). */
    public double[] of(String name) {
        double[] v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("the mask has no parameter " + name);
        }
        return v.clone();
    }

    /** 1 − M. */
    public WeightMask complement() {
        Map<String, double[]> v = new LinkedHashMap<>();
        values.forEach((name, m) -> {
            double[] c = new double[m.length];
            for (int i = 0; i < m.length; i++) {
                c[i] = 1.0 - m[i];
            }
            v.put(name, c);
        });
        return new WeightMask(v);
    }

    /** Whether every entry is 0 or 1. */
    public boolean isBinary() {
        for (double[] m : values.values()) {
            for (double x : m) {
                if (x != 0.0 && x != 1.0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The number of masked entries. */
    public long size() {
        long n = 0;
        for (double[] m : values.values()) {
            n += m.length;
        }
        return n;
    }

    /** The number of entries kept (M ≥ ½). */
    public long kept() {
        return keptWhere(name -> true);
    }

    /** The entries kept in the parameters whose names {@code which} accepts. */
    public long keptWhere(Predicate<String> which) {
        long n = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (which.test(e.getKey())) {
                for (double x : e.getValue()) {
                    n += x >= 0.5 ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** The entries masked (kept or not) in the parameters whose names {@code which} accepts. */
    public long sizeWhere(Predicate<String> which) {
        long n = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            if (which.test(e.getKey())) {
                n += e.getValue().length;
            }
        }
        return n;
    }

    /** The fraction of masked entries removed: 1 − kept / size. */
    public double sparsity() {
        return 1.0 - kept() / (double) size();
    }

    /** |A ∩ B| / |A ∪ B| of the kept entries of two masks over the same parameters. */
    public double iou(WeightMask other) {
        long both = 0;
        long either = 0;
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            double[] a = e.getValue();
            double[] b = other.values.get(e.getKey());
            if (b == null || b.length != a.length) {
                throw new IllegalArgumentException("the masks cover different parameters (" + e.getKey() + ")");
            }
            for (int i = 0; i < a.length; i++) {
                boolean x = a[i] >= 0.5;
                boolean y = b[i] >= 0.5;
                both += x && y ? 1 : 0;
                either += x || y ? 1 : 0;
            }
        }
        return either == 0 ? 0.0 : both / (double) either;
    }

    /** Restores the weights a mask replaced; closing twice restores once. */
    public interface Applied extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Writes W ⊙ M into every masked parameter of {@code model}, in place; closing the handle
     * writes the original values back, bit for bit. Use it in try-with-resources.
     */
    public Applied applyTo(Module model) {
        Map<Tensor, DMatrixRMaj> saved = new LinkedHashMap<>();
        Map<String, Tensor> byName = new LinkedHashMap<>();
        for (Tensor p : model.parameters()) {
            if (p.name() != null) {
                byName.put(p.name(), p);
            }
        }
        values.forEach((name, m) -> {
            Tensor p = byName.get(name);
            if (p == null || p.value().getNumElements() != m.length) {
                throw new IllegalArgumentException("the model has no parameter " + name + " of " + m.length + " entries");
            }
            saved.put(p, p.value().copy());
            double[] w = p.value().data;
            for (int i = 0; i < m.length; i++) {
                w[i] = w[i] * m[i];
            }
        });
        return new Applied() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    saved.forEach((p, original) -> p.value().setTo(original));
                }
            }
        };
    }
}
