/**
 * The reparameterisation trick: a Gaussian draw as a differentiable function of its mean and
 * log standard deviation, eps = mu + exp(logSigma) * xi with xi ~ N(0, 1) drawn beforehand.
 */
public final class Reparameterised {

    private Reparameterised() {
    }

    /** eps = mu + exp(logSigma) * xi, element by element, as a new array. */
    public static double[] sample(double[] mu, double[] logSigma, double[] xi) {
        double[] eps = new double[mu.length];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = mu[i] + Math.exp(logSigma[i]) * xi[i];
        }
        return eps;
    }

    /** Given g = dL/d(eps), returns {dL/d(mu), dL/d(logSigma)}, element by element. */
    public static double[][] backward(double[] mu, double[] logSigma, double[] xi, double[] g) {
        double[] dMu = new double[mu.length];
        double[] dLogSigma = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            dMu[i] = g[i];
            dLogSigma[i] = g[i] * Math.exp(logSigma[i]) * xi[i];
        }
        return new double[][] {dMu, dLogSigma};
    }
}
