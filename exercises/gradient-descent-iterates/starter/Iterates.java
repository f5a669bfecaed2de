/** The iterates of gradient descent and conjugate gradient on f(x) = ½xᵀAx − bᵀx. */
public final class Iterates {

    private Iterates() {
    }

    /** x₀ = 0, x₁ … x_k of x ← x − step·(Ax − b). */
    public static double[][] gradientDescent(double[][] a, double[] b, double step, int k) {
        return new double[k + 1][b.length];
    }

    /** x₀ = 0, x₁ … x_k of conjugate gradient. */
    public static double[][] conjugateGradient(double[][] a, double[] b, int k) {
        return new double[k + 1][b.length];
    }
}
