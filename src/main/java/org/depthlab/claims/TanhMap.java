package org.depthlab.claims;

import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The step map z ← tanh(W·z) + x. tanh is 1-Lipschitz, so the map is ‖W‖₂-Lipschitz in z;
 * {@link #contractive} scales a random W to spectral norm γ &lt; 1, which makes it a
 * contraction. tanh(u) is computed as 2σ(2u) − 1 from the tape's sigmoid.
 */
public final class TanhMap implements ContractiveMap {

    private final DMatrixRMaj w;
    private final DMatrixRMaj x;
    private final double declared;
    /** −1 in every entry: tanh(u) = 2σ(2u) − 1 adds it, and the tape has no scalar add. */
    private final DMatrixRMaj minusOne;

    /** The map with these weights and input, declaring Lipschitz constant {@code declared}. */
    public TanhMap(DMatrixRMaj w, DMatrixRMaj x, double declared) {
        if (w.numRows != w.numCols || x.numRows != w.numRows || x.numCols != 1) {
            throw new IllegalArgumentException("need an n x n W and an n x 1 x, got " + w.numRows + "x" + w.numCols
                    + " and " + x.numRows + "x" + x.numCols);
        }
        this.w = w;
        this.x = x;
        this.declared = declared;
        this.minusOne = new DMatrixRMaj(w.numRows, 1);
        CommonOps_DDRM.fill(minusOne, -1.0);
    }

    /** A random W (Gaussian entries) scaled to ‖W‖₂ = γ, and a random x with entries in [−1, 1]. */
    public static TanhMap contractive(int n, double gamma, SplittableRandom rng) {
        DMatrixRMaj w = new DMatrixRMaj(n, n);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] = rng.nextGaussian();
        }
        double norm = NormOps_DDRM.normP2(w);
        for (int i = 0; i < w.data.length; i++) {
            w.data[i] *= gamma / norm;
        }
        return new TanhMap(w, Draw.uniform(n, 1.0, rng), gamma);
    }

    /**
     * Not a contraction, though it says it is one: W = 3·I, so z = tanh(3z) + x has three fixed
     * points in every coordinate where |x| is small (here |x| ≤ 0.3). The contrast of the claims.
     */
    public static TanhMap expansive(int n, SplittableRandom rng) {
        DMatrixRMaj w = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            w.set(i, i, 3.0);
        }
        return new TanhMap(w, Draw.uniform(n, 0.3, rng), 0.9);
    }

    /**
     * Not a contraction either, though its eigenvalues are all ½: W = ½·I + 3·e₀e₁ᵀ (one entry
     * above the diagonal), declared ½-Lipschitz — the spectral radius mistaken for the norm
     * (‖W‖₂ ≈ 3.1). The iteration still converges to one fixed point (J is triangular with
     * diagonal below ½ everywhere), but the error can grow for a step, and ‖J‖ at the fixed point
     * is above 1. The contrast of the error and one-step-gradient claims.
     */
    public static TanhMap nonNormal(int n, SplittableRandom rng) {
        int size = Math.max(2, n);
        DMatrixRMaj w = new DMatrixRMaj(size, size);
        for (int i = 0; i < size; i++) {
            w.set(i, i, 0.5);
        }
        w.set(0, 1, 3.0);
        // A small input keeps the fixed point near 0, where tanh is steep and J is almost W.
        return new TanhMap(w, Draw.uniform(size, 0.01, rng), 0.5);
    }

    @Override
    public int dimension() {
        return w.numRows;
    }

    @Override
    public double lipschitz() {
        return declared;
    }

    @Override
    public Tensor input() {
        return Tensor.constant(x);
    }

    @Override
    public Tensor step(Tape tape, Tensor z, Tensor input) {
        Tensor u = tape.matmul(Tensor.constant(w), z);
        Tensor tanh = tape.add(tape.scale(tape.sigmoid(tape.scale(u, 2.0)), 2.0), Tensor.constant(minusOne));
        return tape.add(tanh, input);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "tanh(W z) + x, n = %d, ||W|| = %.3f", w.numRows, NormOps_DDRM.normP2(w));
    }
}
