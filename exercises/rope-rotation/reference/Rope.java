/**
 * Rotary position embedding of one vector: pair (i, i + d/2) turned by p * theta^(-2i/d).
 */
public final class Rope {

    private final int d;
    private final double theta;

    public Rope(int d, double theta) {
        if (d < 2 || d % 2 != 0) {
            throw new IllegalArgumentException("the width must be even and at least 2, got " + d);
        }
        this.d = d;
        this.theta = theta;
    }

    /** Returns x rotated for position p (a new vector). */
    public double[] rotate(double[] x, int p) {
        int half = d / 2;
        double[] y = new double[d];
        for (int i = 0; i < half; i++) {
            double angle = p * Math.pow(theta, -2.0 * i / d);
            double c = Math.cos(angle);
            double s = Math.sin(angle);
            y[i] = x[i] * c - x[i + half] * s;
            y[i + half] = x[i] * s + x[i + half] * c;
        }
        return y;
    }

    /** Returns the vector whose rotation for position p is y: the rotation by the opposite angle. */
    public double[] unrotate(double[] y, int p) {
        return rotate(y, -p);
    }
}
