/**
 * The reparameterisation trick: a Gaussian draw as a differentiable function of its mean and
 * log standard deviation, eps = mu + exp(logSigma) * xi with xi ~ N(0, 1) drawn beforehand.
 */
public final class Reparameterised {

    private Reparameterised() {
    }

    /** eps = mu + exp(logSigma) * xi, element by element, as a new array. */
    public static double[] sample(double[] mu, double[] logSigma, double[] xi) {
        return new double[mu.length];
    }

    /** Given g = dL/d(eps), returns {dL/d(mu), dL/d(logSigma)}, element by element. */
    public static double[][] backward(double[] mu, double[] logSigma, double[] xi, double[] g) {
        return new double[][] {new double[mu.length], new double[mu.length]};
    }
}
