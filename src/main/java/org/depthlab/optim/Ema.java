package org.depthlab.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * An exponential moving average of the weights: a shadow copy s of every parameter p that
 * follows it slowly, an average over roughly the last 1/(1 − μ) weights. Evaluating with s
 * instead of p smooths out the noise of the last few updates; TRM uses μ = 0.999 and reports
 * that without it Sudoku accuracy drops from 87.4% to 79.9% ([TRM] in book/references.md). The
 * averaging of iterates goes back to Polyak and Juditsky (1992, [EMA]).
 *
 * <p><b>Bias-corrected</b> (the default, {@link #Ema(List, double)}): after the k-th optimizer update,
 * <pre>
 *   s ← (1 − w_k)·s + w_k·p,    w_k = (1 − μ)/(1 − μᵏ)
 * </pre>
 * so that s = Σⱼ (1 − μ)·μ^(k−j)·pⱼ / (1 − μᵏ), j = 1 … k: the weights of the last updates,
 * normalised as Adam normalises its moments. After one update s = p₁; before any, s = p₀.
 *
 * <p><b>Uncorrected</b> ({@link #uncorrected}), TRM's {@code EMAHelper} ({@code models/ema.py}):
 * s₀ = p₀ and s ← (1 − μ)·p + μ·s, so s = μᵏ·p₀ + (1 − μ)·Σⱼ μ^(k−j)·pⱼ. The two agree once
 * μᵏ ≪ 1 — after a few thousand updates at μ = 0.999, which TRM's runs of tens of thousands of
 * updates are far beyond — but a short run evaluates mostly p₀, the untrained initial weights:
 * after 100 updates μᵏ = 0.90. That is why depthlab corrects the bias (docs/decisions.md,
 * "Differences from the published code").
 *
 * <p>Training continues on the raw weights p; to evaluate with the average, run the
 * evaluation inside {@link #withShadowWeights(Supplier)}, which swaps s into the parameters and
 * swaps it back afterwards, bit for bit.
 */
public final class Ema {

    private final List<Tensor> params;
    private final double decay;
    private final boolean biasCorrected;
    private final DMatrixRMaj[] shadow;
    private long updates;
    private boolean swapped;

    /**
     * A bias-corrected average, started at the parameters' current values (what it holds
     * until the first update).
     *
     * @param decay μ in [0, 1); 0.999 in TRM
     */
    public Ema(List<Tensor> params, double decay) {
        this(params, decay, true);
    }

    /** TRM's {@code EMAHelper}: started at the parameters' current values, no bias correction; μ in [0, 1]. */
    public static Ema uncorrected(List<Tensor> params, double decay) {
        return new Ema(params, decay, false);
    }

    private Ema(List<Tensor> params, double decay, boolean biasCorrected) {
        boolean inRange = decay >= 0 && (biasCorrected ? decay < 1 : decay <= 1);
        if (!inRange) {
            throw new BadInputException("the EMA decay is " + decay + " but should be in [0, "
                    + (biasCorrected ? "1)" : "1]"));
        }
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        this.decay = decay;
        this.biasCorrected = biasCorrected;
        this.shadow = new DMatrixRMaj[this.params.size()];
        for (int i = 0; i < shadow.length; i++) {
            Tensor p = Objects.requireNonNull(this.params.get(i), "parameter " + i);
            if (p.name() == null) {
                throw new IllegalArgumentException("an EMA takes named parameters, got " + p);
            }
            shadow[i] = p.value().copy();
        }
        if (state().size() != shadow.length) {
            throw new IllegalArgumentException("parameter names must be unique, got " + this.params);
        }
    }

    /** μ. */
    public double decay() {
        return decay;
    }

    /** Whether the average is bias-corrected (the default) or TRM's uncorrected one. */
    public boolean biasCorrected() {
        return biasCorrected;
    }

    /** k, the updates averaged so far. */
    public long updates() {
        return updates;
    }

    /** s ← w·p + (1 − w)·s for every parameter; call it after each optimizer step. */
    public void update() {
        requireNotSwapped("update");
        updates++;
        // Uncorrected: w = 1 − μ. Corrected: w_k = (1 − μ)/(1 − μᵏ), StrictMath for the same
        // bits on every JVM (a resumed run repeats exactly).
        double w = biasCorrected ? (1 - decay) / (1 - StrictMath.pow(decay, updates)) : 1 - decay;
        double keep = biasCorrected ? 1 - w : decay;
        for (int i = 0; i < shadow.length; i++) {
            double[] p = params.get(i).value().data;
            double[] s = shadow[i].data;
            int n = shadow[i].getNumElements();
            for (int j = 0; j < n; j++) {
                s[j] = w * p[j] + keep * s[j];
            }
        }
    }

    /** What evaluation with this average runs on, for a reader: "EMA 0.999 of 100 updates, bias-corrected". */
    public String describe() {
        return String.format(Locale.ROOT, "EMA %s of %d update%s, %s", decay, updates,
                updates == 1 ? "" : "s", biasCorrected ? "bias-corrected" : "uncorrected as TRM's");
    }

    /**
     * Exchanges the averaged and the raw weights: afterwards the parameters hold s and this
     * object holds p. Calling it again restores both exactly. Prefer
     * {@link #withShadowWeights(Supplier)}, which cannot forget the second call.
     */
    public void swap() {
        for (int i = 0; i < shadow.length; i++) {
            double[] p = params.get(i).value().data;
            double[] s = shadow[i].data;
            int n = shadow[i].getNumElements();
            for (int j = 0; j < n; j++) {
                double t = p[j];
                p[j] = s[j];
                s[j] = t;
            }
        }
        swapped = !swapped;
    }

    /** Whether the parameters hold the averaged weights now (after an odd number of swaps). */
    public boolean isSwapped() {
        return swapped;
    }

    /**
     * Runs {@code body} (an evaluation) with the averaged weights in the parameters, then puts
     * the raw weights back, also if {@code body} throws.
     */
    public <T> T withShadowWeights(Supplier<T> body) {
        requireNotSwapped("withShadowWeights");
        swap();
        try {
            return body.get();
        } finally {
            swap();
        }
    }

    /**
     * A copy of the averaged weights under the parameters' names — the same names as the
     * model's own weights, so they can be saved and later loaded as a model of their own.
     */
    public Map<String, DMatrixRMaj> state() {
        Map<String, DMatrixRMaj> out = new LinkedHashMap<>();
        for (int i = 0; i < shadow.length; i++) {
            DMatrixRMaj average = swapped ? params.get(i).value() : shadow[i];
            out.put(params.get(i).name(), average.copy());
        }
        return out;
    }

    /**
     * Restores averaged weights saved by {@link #state()} and the number of updates they average
     * ({@link #updates()}), so that the next update weighs the newest weights as the saved
     * average would have.
     *
     * @throws BadInputException if a parameter's entry is missing or misshapen, or an entry
     *                           names no parameter, or the count is negative; the average is
     *                           then left unchanged
     */
    public void loadState(Map<String, DMatrixRMaj> state, long updatesSoFar) {
        if (updatesSoFar < 0) {
            throw new BadInputException("the EMA's update count is " + updatesSoFar + " but should be 0 or more");
        }
        requireNotSwapped("loadState");
        for (String key : state.keySet()) {
            if (params.stream().noneMatch(p -> p.name().equals(key))) {
                throw new BadInputException("EMA state has an entry \"" + key
                        + "\" that names no parameter; expected the EMA of the same parameters");
            }
        }
        for (Tensor p : params) {
            DMatrixRMaj s = state.get(p.name());
            if (s == null || s.numRows != p.rows() || s.numCols != p.cols()) {
                throw new BadInputException("EMA state entry \"" + p.name() + "\" is "
                        + (s == null ? "missing" : s.numRows + "x" + s.numCols)
                        + " but should be " + p.rows() + "x" + p.cols());
            }
        }
        for (int i = 0; i < shadow.length; i++) {
            shadow[i].setTo(state.get(params.get(i).name()));
        }
        updates = updatesSoFar;
    }

    private void requireNotSwapped(String what) {
        if (swapped) {
            throw new IllegalStateException(what + " needs the raw weights in the parameters;"
                    + " swap() back first");
        }
    }
}
