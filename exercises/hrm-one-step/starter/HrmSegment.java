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
        return carry;
    }
}
