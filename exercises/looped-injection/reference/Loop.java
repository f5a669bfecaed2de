/**
 * Flat recurrence with input injection: z <- stack(z + x), K times.
 */
public final class Loop {

    /** One application of the shared stack of blocks. */
    public interface Stack {
        /** The new state computed from h = z + x (a new array). */
        double[] apply(double[] h);
    }

    private Loop() {
    }

    /** Applies the stack {@code loops} times, injecting x before each application; returns the last state. */
    public static double[] run(Stack stack, double[] z0, double[] x, int loops) {
        double[] z = z0;
        for (int k = 0; k < loops; k++) {
            double[] h = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                h[i] = z[i] + x[i];
            }
            z = stack.apply(h);
        }
        return z;
    }
}
