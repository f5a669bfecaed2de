package org.depthlab.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.depthlab.models.Carry;
import org.depthlab.models.VectorRefiner;
import org.depthlab.solve.QpSolvers;
import org.depthlab.tasks.QpEncoding;
import org.depthlab.tasks.QuadraticProgram;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Chapter 11's measurements of an answer to quadratic programs, after every iteration — of a
 * trained {@link VectorRefiner} (loops, H-cycles), or of gradient descent and conjugate
 * gradient (steps), so that the curves can be set side by side:
 * <pre>
 *   relative error    ‖x − x*‖ / ‖x*‖                  (mean and median over the programs)
 *   objective gap     (f(x) − f(x*)) / |f(x*)|          (mean)
 *   feasible          share of programs with x in the box (to 1e-6; the box variant)
 * </pre>
 * Genuine iteration keeps lowering the error as iterations are added, towards a fixed point;
 * a model that learned a template plateaus or drifts once past the iterations it was trained
 * with.
 */
public final class QpEvaluation {

    /** The box a feasible answer keeps to, within this. */
    public static final double FEASIBLE_TOLERANCE = 1e-6;

    /**
     * Metrics after iteration 1, 2, … (index 0 is after one).
     *
     * @param name             what was measured ("looped", "gradient descent", …)
     * @param meanError        mean relative error
     * @param medianError      median relative error
     * @param objectiveGap     mean relative objective gap
     * @param feasible         share of answers inside the box (1 without a box)
     */
    public record Curve(String name, double[] meanError, double[] medianError, double[] objectiveGap,
                        double[] feasible) {

        /** The number of iterations measured. */
        public int length() {
            return meanError.length;
        }
    }

    private QpEvaluation() {
    }

    /** A model's answers after 1 … {@code iterations} iterations, {@code batch} programs per pass. */
    public static Curve model(String name, VectorRefiner model, List<QuadraticProgram> programs, int iterations,
                              int batch) {
        List<double[][]> answers = new ArrayList<>(); // per program: [iteration][coordinate]
        for (int from = 0; from < programs.size(); from += batch) {
            List<QuadraticProgram> chunk = programs.subList(from, Math.min(programs.size(), from + batch));
            double[][][] a = answers(model, chunk, iterations);
            answers.addAll(Arrays.asList(a));
        }
        return curve(name, programs, answers, iterations);
    }

    /** A model's answers to {@code programs}: [program][iteration − 1][coordinate]. */
    static double[][][] answers(VectorRefiner model, List<QuadraticProgram> programs, int iterations) {
        int p = model.positions();
        double[][][] out = new double[programs.size()][iterations][];
        Tape tape = new Tape();
        tape.noGrad(() -> {
            Tensor x = model.embed(tape, QpEncoding.features(programs, p));
            Carry c = model.initialCarry(programs.size());
            for (int k = 0; k < iterations; k++) {
                c = model.iterate(tape, c, x);
                DMatrixRMaj y = model.readout(tape, c).value();
                for (int s = 0; s < programs.size(); s++) {
                    out[s][k] = QpEncoding.unpad(y, s, p, programs.get(s).n());
                }
            }
            return null;
        });
        return out;
    }

    /**
     * The latent state the answer is read from after 1 … {@code iterations} iterations, for a
     * linear probe: [iteration − 1] → (programs · P) × h.
     */
    public static List<DMatrixRMaj> states(VectorRefiner model, List<QuadraticProgram> programs, int iterations) {
        int p = model.positions();
        List<DMatrixRMaj> out = new ArrayList<>();
        Tape tape = new Tape();
        tape.noGrad(() -> {
            Tensor x = model.embed(tape, QpEncoding.features(programs, p));
            Carry c = model.initialCarry(programs.size());
            for (int k = 0; k < iterations; k++) {
                c = model.iterate(tape, c, x);
                out.add(model.state(c).value().copy());
            }
            return null;
        });
        return out;
    }

    /** Gradient descent (projected onto the box for boxed programs) after 1 … {@code steps} steps. */
    public static Curve gradientDescent(List<QuadraticProgram> programs, int steps) {
        List<double[][]> answers = new ArrayList<>();
        for (QuadraticProgram qp : programs) {
            answers.add(Arrays.copyOfRange(QpSolvers.gradientDescent(qp, steps), 1, steps + 1));
        }
        return curve(programs.get(0).box() ? "projected gradient" : "gradient descent", programs, answers, steps);
    }

    /** Conjugate gradient after 1 … {@code steps} steps (unconstrained programs). */
    public static Curve conjugateGradient(List<QuadraticProgram> programs, int steps) {
        List<double[][]> answers = new ArrayList<>();
        for (QuadraticProgram qp : programs) {
            answers.add(Arrays.copyOfRange(QpSolvers.conjugateGradient(qp, steps), 1, steps + 1));
        }
        return curve("conjugate gradient", programs, answers, steps);
    }

    private static Curve curve(String name, List<QuadraticProgram> programs, List<double[][]> answers, int iterations) {
        double[] mean = new double[iterations];
        double[] median = new double[iterations];
        double[] gap = new double[iterations];
        double[] feasible = new double[iterations];
        int count = programs.size();
        List<double[]> solutions = new ArrayList<>();
        for (QuadraticProgram qp : programs) {
            solutions.add(qp.solution());
        }
        for (int k = 0; k < iterations; k++) {
            double[] errors = new double[count];
            for (int s = 0; s < count; s++) {
                double[] x = answers.get(s)[k];
                errors[s] = QpSolvers.relativeError(x, solutions.get(s));
                mean[k] += errors[s] / count;
                gap[k] += QpSolvers.objectiveGap(programs.get(s), x, solutions.get(s)) / count;
                feasible[k] += programs.get(s).feasible(x, FEASIBLE_TOLERANCE) ? 1.0 / count : 0;
            }
            Arrays.sort(errors);
            median[k] = count % 2 == 1 ? errors[count / 2] : (errors[count / 2 - 1] + errors[count / 2]) / 2;
        }
        return new Curve(name, mean, median, gap, feasible);
    }
}
