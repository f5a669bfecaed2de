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
        return stack.apply(z0);
    }
}
