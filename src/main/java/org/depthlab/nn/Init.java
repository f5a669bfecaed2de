package org.depthlab.nn;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Weight initialisation, from an explicit random source.
 *
 * <p>HRM initialises every linear weight with a <b>truncated LeCun normal</b>: normal with
 * standard deviation 1/√fan_in, cut at ±2 standard deviations (LeCun et al. 1998, "Efficient
 * BackProp"; the truncation is JAX's default). Cutting the tails shrinks the spread, so the
 * samples are rescaled to make the standard deviation exactly the one asked for — as HRM's
 * {@code trunc_normal_init_} does.
 */
public final class Init {

    /** Truncation point, in standard deviations. */
    private static final double CUT = 2.0;

    /**
     * The standard deviation of a standard normal truncated to [−2, 2]:
     * √(1 − 2·a·φ(a) / (2Φ(a) − 1)) at a = 2, with 2Φ(2) − 1 = erf(√2).
     */
    private static final double TRUNCATED_STD = Math.sqrt(
            1 - 2 * CUT * Math.exp(-CUT * CUT / 2) / Math.sqrt(2 * Math.PI) / 0.9544997361036416);

    private Init() {
    }

    /** rows × cols, truncated normal with standard deviation 1/√fanIn. */
    public static DMatrixRMaj truncatedLecunNormal(int rows, int cols, int fanIn, SplittableRandom rng) {
        return truncatedNormal(rows, cols, 1.0 / Math.sqrt(fanIn), rng);
    }

    /** rows × cols, normal cut at ±2σ and rescaled so that its standard deviation is {@code std}. */
    public static DMatrixRMaj truncatedNormal(int rows, int cols, double std, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        double scale = std / TRUNCATED_STD;
        for (int i = 0; i < m.data.length; i++) {
            double z;
            do {
                z = rng.nextGaussian();
            } while (Math.abs(z) > CUT);
            m.data[i] = z * scale;
        }
        return m;
    }

    /** rows × cols, plain normal N(0, std²) (HRM's fixed initial states use std 1). */
    public static DMatrixRMaj normal(int rows, int cols, double std, SplittableRandom rng) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = std * rng.nextGaussian();
        }
        return m;
    }
}
