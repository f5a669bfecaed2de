package org.depthlab.tensor;

import org.ejml.data.DMatrixRMaj;

/**
 * The Kullback–Leibler divergence between two diagonal Gaussians, as one op with its
 * hand-written backward: the regulariser of a variational model's ELBO (Kingma and Welling,
 * "Auto-Encoding Variational Bayes", ICLR 2014, appendix B; GRAM's prior and posterior over the
 * latent step, [GRAM] in book/references.md).
 *
 * <p>Each row r is one position's distribution over d features, parameterised by its mean μ
 * and its log standard deviation s = log σ (so σ = eˢ is positive whatever the network that
 * produced s). For the posterior q = N(μq, σq²) and the prior p = N(μp, σp²), feature by feature,
 * <pre>
 *   KL(q ‖ p) = sp − sq + (σq² + (μq − μp)²) / (2 σp²) − ½
 * </pre>
 * and the op returns the sum over features, averaged over rows (1 × 1):
 * KL = (1/R) Σ_r Σ_j KL_rj. It is 0 exactly when the two distributions agree and positive
 * otherwise.
 *
 * <p>Backward, with v = σq²/σp² and δ = (μq − μp)/σp², for the output gradient g/R per row:
 * <pre>
 *   ∂KL/∂μq =  δ            ∂KL/∂sq = v − 1
 *   ∂KL/∂μp = −δ            ∂KL/∂sp = 1 − v − (μq − μp)·δ
 * </pre>
 * (d/dsq of σq² = e^{2sq} is 2σq², which cancels the ½.) The op is checked against finite
 * differences like every other ({@code GaussianKlTest}).
 *
 * <p>Called as {@code GaussianKl.kl(tape, muQ, logSigmaQ, muP, logSigmaP)} rather than through a
 * method of {@link Tape}: it is the only op of its family, and the variational model is its only
 * user.
 */
public final class GaussianKl {

    private GaussianKl() {
    }

    /**
     * KL(N(μq, e^{2sq}) ‖ N(μp, e^{2sp})) summed over columns, averaged over rows; all four
     * inputs R × d.
     */
    public static Tensor kl(Tape tape, Tensor muQ, Tensor logSigmaQ, Tensor muP, Tensor logSigmaP) {
        int rows = muQ.rows();
        int cols = muQ.cols();
        for (Tensor t : new Tensor[] {logSigmaQ, muP, logSigmaP}) {
            if (t.rows() != rows || t.cols() != cols) {
                throw new IllegalArgumentException("gaussianKl needs four " + rows + "x" + cols + " inputs, got "
                        + t.rows() + "x" + t.cols());
            }
        }
        double[] mq = muQ.value().data;
        double[] sq = logSigmaQ.value().data;
        double[] mp = muP.value().data;
        double[] sp = logSigmaP.value().data;
        int n = rows * cols;
        // v = σq²/σp² and δ = (μq − μp)/σp², kept for the backward.
        DMatrixRMaj ratio = new DMatrixRMaj(rows, cols);
        DMatrixRMaj delta = new DMatrixRMaj(rows, cols);
        double total = 0;
        for (int i = 0; i < n; i++) {
            double inverseVarP = Math.exp(-2 * sp[i]);
            double diff = mq[i] - mp[i];
            double v = Math.exp(2 * sq[i]) * inverseVarP;
            ratio.data[i] = v;
            delta.data[i] = diff * inverseVarP;
            total += sp[i] - sq[i] + 0.5 * (v + diff * delta.data[i]) - 0.5;
        }
        DMatrixRMaj out = new DMatrixRMaj(1, 1);
        double perRow = 1.0 / Math.max(rows, 1);
        out.data[0] = total * perRow;
        return tape.record(Cost.of("gaussian_kl", 12L * n, ratio, delta, muQ.value(), muP.value()), out, dy -> {
            double g = dy.data[0] * perRow;
            if (muQ.requiresGrad()) {
                double[] d = muQ.gradBuffer().data;
                for (int i = 0; i < n; i++) {
                    d[i] += g * delta.data[i];
                }
            }
            if (muP.requiresGrad()) {
                double[] d = muP.gradBuffer().data;
                for (int i = 0; i < n; i++) {
                    d[i] -= g * delta.data[i];
                }
            }
            if (logSigmaQ.requiresGrad()) {
                double[] d = logSigmaQ.gradBuffer().data;
                for (int i = 0; i < n; i++) {
                    d[i] += g * (ratio.data[i] - 1);
                }
            }
            if (logSigmaP.requiresGrad()) {
                double[] d = logSigmaP.gradBuffer().data;
                for (int i = 0; i < n; i++) {
                    d[i] += g * (1 - ratio.data[i] - (mq[i] - mp[i]) * delta.data[i]);
                }
            }
        }, muQ, logSigmaQ, muP, logSigmaP);
    }
}
