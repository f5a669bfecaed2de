package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * One part of {@code depthlab tour}: a title, a few lines that say what the reader is about
 * to see, and something that runs. Later chapters add parts; {@link TourCommand} numbers and
 * runs them in order.
 */
interface TourPart {

    /** What the tour hands every part: where to write, and the run's seed and step budget. */
    record Context(PrintWriter out, PrintWriter err, long seed, int steps) {

        /** Prints lines of explanation, each indented as the tour's body is. */
        void say(String... lines) {
            for (String line : lines) {
                out.println(line);
            }
            out.flush();
        }

        /** A rows × cols matrix of standard normal numbers. */
        static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rng) {
            DMatrixRMaj m = new DMatrixRMaj(rows, cols);
            for (int i = 0; i < m.data.length; i++) {
                m.data[i] = rng.nextGaussian();
            }
            return m;
        }
    }

    /** The part's heading. */
    String title();

    /** Runs the part; false if what it sets out to show did not happen (the tour then exits 1). */
    boolean run(Context tour);
}
