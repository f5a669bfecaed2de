/**
 * One HRM segment with the one-step gradient:
 * for N cycles: T times zL <- L(zL, zH + x), then zH <- H(zH, zL);
 * every update but the last L-step and the last H-step inside tape.noGrad.
 */
public final class HrmSegment {

    /** One module application (a stack of blocks): the new state from the state and what is added to it. */
    public interface Module {
        double[] apply(double[] state, double[] added);
    }

    /** Records for backward, except inside noGrad. */
    public interface Tape {
        void noGrad(Runnable body);
    }

    /** The two states. */
    public record States(double[] zH, double[] zL) {
    }

    private HrmSegment() {
    }

    /** Runs one segment from {@code carry} and returns the final states. */
    public static States segment(Module low, Module high, Tape tape, States carry, double[] x, int cycles, int steps) {
        double[][] z = {carry.zH(), carry.zL()}; // {zH, zL}, changed inside the lambda
        tape.noGrad(() -> {
            for (int i = 0; i < cycles; i++) {
                for (int j = 0; j < steps; j++) {
                    if (i == cycles - 1 && j == steps - 1) {
                        break; // the last L-step is recorded
                    }
                    z[1] = low.apply(z[1], sum(z[0], x));
                }
                if (i != cycles - 1) {
                    z[0] = high.apply(z[0], z[1]);
                }
            }
        });
        double[] zL = low.apply(z[1], sum(z[0], x));
        double[] zH = high.apply(z[0], zL);
        return new States(zH, zL);
    }

    private static double[] sum(double[] a, double[] b) {
        double[] s = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            s[i] = a[i] + b[i];
        }
        return s;
    }
}
