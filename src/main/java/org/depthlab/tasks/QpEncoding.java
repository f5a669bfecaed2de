package org.depthlab.tasks;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A quadratic program as the input of a model with a vector head: one position per variable,
 * padded to a fixed number P of positions, each position a row of real features
 * <pre>
 *   variable i:  [ A_i1 … A_iP | b_i | e_i ]        2P + 1 numbers
 * </pre>
 * — row i of A, its entry of b, and a one-hot code of i, which tells the model which
 * coefficient of the row couples it to which other position. A program with n &lt; P variables
 * is padded with the identity: A gets 1 on the padded diagonal and b 0, so the padded
 * coordinates of the minimiser are 0 and the rest is unchanged (the padded block does not
 * couple to the real one). Every model of chapter 11 reads this and writes one number per
 * position, its estimate of x*ᵢ.
 */
public final class QpEncoding {

    private QpEncoding() {
    }

    /** The features per position for P positions: 2P + 1. */
    public static int features(int positions) {
        return 2 * positions + 1;
    }

    /** The programs' features, (programs · P) × (2P + 1), program after program. */
    public static DMatrixRMaj features(List<QuadraticProgram> programs, int positions) {
        int width = features(positions);
        DMatrixRMaj out = new DMatrixRMaj(programs.size() * positions, width);
        for (int s = 0; s < programs.size(); s++) {
            QuadraticProgram qp = programs.get(s);
            if (qp.n() > positions) {
                throw new IllegalArgumentException("a " + qp.n() + "-variable program on " + positions + " positions");
            }
            for (int i = 0; i < positions; i++) {
                int row = (s * positions + i) * width;
                for (int j = 0; j < positions; j++) {
                    out.data[row + j] = i < qp.n() && j < qp.n() ? qp.a(i, j) : i == j ? 1 : 0;
                }
                out.data[row + positions] = i < qp.n() ? qp.b(i) : 0;
                out.data[row + positions + 1 + i] = 1;
            }
        }
        return out;
    }

    /** The minimisers, padded with zeros: (programs · P) × 1. */
    public static DMatrixRMaj targets(List<double[]> solutions, int positions) {
        DMatrixRMaj out = new DMatrixRMaj(solutions.size() * positions, 1);
        for (int s = 0; s < solutions.size(); s++) {
            double[] x = solutions.get(s);
            System.arraycopy(x, 0, out.data, s * positions, x.length);
        }
        return out;
    }

    /** The first n of the P values of program s in a (programs · P) × 1 column. */
    public static double[] unpad(DMatrixRMaj column, int s, int positions, int n) {
        double[] x = new double[n];
        System.arraycopy(column.data, s * positions, x, 0, n);
        return x;
    }
}
