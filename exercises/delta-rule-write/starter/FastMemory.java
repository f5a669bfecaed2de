/**
 * A fast-weight memory: a d × d matrix W read at q as W·q and written by the delta rule
 * W' = W + β·(v − W·k)·kᵀ.
 */
public final class FastMemory {

    private FastMemory() {
    }

    /** W·q. */
    public static double[] read(double[][] w, double[] q) {
        throw new UnsupportedOperationException("read is not written yet");
    }

    /** W + β·(v − W·k)·kᵀ, as a new matrix. */
    public static double[][] write(double[][] w, double[] k, double[] v, double beta) {
        throw new UnsupportedOperationException("write is not written yet");
    }
}
