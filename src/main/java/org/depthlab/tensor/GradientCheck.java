package org.depthlab.tensor;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;

/**
 * Finite-difference gradient checking: the test that every hand-written backward is right.
 *
 * <p>For a computation y = f(θ) and a fixed random weighting R of its output, the scalar
 * L(θ) = Σ_ij R_ij·y_ij has gradient ∂L/∂θ = the backward pass seeded with R. The check
 * compares that with the central difference (L(θ + h·e_k) − L(θ − h·e_k)) / 2h for every
 * entry k of every input, whose error is O(h²) plus rounding. With float64 and h = 1e-6 the
 * two agree to about 1e-9 when the backward is right; a wrong backward is off by O(1).
 *
 * <p>The relative error reported is ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖, 1e-3)
 * over all inputs together. The floor makes the measure absolute for gradients whose norm is
 * below 1e-3 (RMSNorm of a single number, for example, has a gradient of order ε = 1e-5):
 * there the finite difference's own rounding noise, about 1e-10, would otherwise pass for a
 * relative error. A wrong backward on such a small gradient is still off by about its own
 * size, far above 1e-9.
 */
public final class GradientCheck {

    private static final double H = 1e-6;
    private static final long WEIGHT_STREAM = 0x9E3779B97F4A7C15L;

    private GradientCheck() {
    }

    /**
     * @param f      builds the output from the inputs on the tape it is given
     * @param inputs the tensors to differentiate (parameters); their values are perturbed and
     *               restored
     * @param seed   seeds the output weighting R
     * @return the relative error
     */
    public static double relativeError(Function<Tape, Tensor> f, List<Tensor> inputs, long seed) {
        return relativeError(Backends.defaultBackend(), f, inputs, seed);
    }

    /** {@link #relativeError(Function, List, long)} with every tape on {@code backend}. */
    public static double relativeError(Backend backend, Function<Tape, Tensor> f, List<Tensor> inputs, long seed) {
        for (Tensor input : inputs) {
            input.zeroGrad();
        }
        Tape tape = new Tape(backend, null);
        Tensor y = f.apply(tape);
        // A stream of its own: were R drawn like the inputs, it could equal them up to scale.
        DMatrixRMaj weights = new DMatrixRMaj(y.rows(), y.cols());
        SplittableRandom rng = new SplittableRandom(seed ^ WEIGHT_STREAM);
        for (int i = 0; i < weights.data.length; i++) {
            weights.data[i] = rng.nextDouble(-1, 1);
        }
        tape.backward(y, weights);

        double diff = 0;
        double analyticNorm = 0;
        double numericNorm = 0;
        for (Tensor input : inputs) {
            DMatrixRMaj grad = input.grad();
            double[] v = input.value().data;
            for (int k = 0; k < v.length; k++) {
                double original = v[k];
                v[k] = original + H;
                double plus = weighted(backend, f, weights);
                v[k] = original - H;
                double minus = weighted(backend, f, weights);
                v[k] = original;
                double numeric = (plus - minus) / (2 * H);
                double analytic = grad == null ? 0.0 : grad.data[k];
                diff += (analytic - numeric) * (analytic - numeric);
                analyticNorm += analytic * analytic;
                numericNorm += numeric * numeric;
            }
            input.zeroGrad();
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(Math.max(analyticNorm, numericNorm)), 1e-3);
    }

    private static double weighted(Backend backend, Function<Tape, Tensor> f, DMatrixRMaj weights) {
        Tape tape = new Tape(backend, null);
        Tensor y = tape.noGrad(() -> f.apply(tape));
        double total = 0;
        for (int i = 0; i < weights.data.length; i++) {
            total += weights.data[i] * y.value().data[i];
        }
        return total;
    }

    /** How many numbers a check perturbs: the total size of its inputs. */
    public static long size(List<Tensor> inputs) {
        long n = 0;
        for (Tensor input : inputs) {
            n += input.value().getNumElements();
        }
        return n;
    }

    /** A parameter (so it receives a gradient) with the given value. */
    public static Tensor input(String name, DMatrixRMaj value) {
        return Tensor.parameter(name, value);
    }
}
