/**
 * Rotary position embedding of one vector: pair (i, i + d/2) turned by p * theta^(-2i/d).
 */
public final class Rope {

    private final int d;
    private final double theta;

    public Rope(int d, double theta) {
        this.d = d;
        this.theta = theta;
    }

    /** Returns x rotated for position p (a new vector). */
    public double[] rotate(double[] x, int p) {
        throw new UnsupportedOperationException("rotate is not written yet");
    }

    /** Returns the vector whose rotation for position p is y (a new vector). */
    public double[] unrotate(double[] y, int p) {
        throw new UnsupportedOperationException("unrotate is not written yet");
    }
}
