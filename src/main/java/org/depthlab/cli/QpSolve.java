package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.solve.QpSolvers;
import org.depthlab.tasks.PuzzleText;
import org.depthlab.tasks.QuadraticProgram;

/**
 * {@code depthlab solve --task qp}: quadratic programs ({@link QuadraticProgram}, one per line)
 * solved by the closed form ({@code --solver csp}, the default: the exact minimiser) or by
 * {@code --solver gd} (gradient descent, projected onto the box for {@code qpbox}) or
 * {@code --solver cg} (conjugate gradient) for {@code --steps} steps. One minimiser per line on
 * stdout, its coordinates comma-separated; on stderr a line per malformed program and the
 * mean relative error against the exact minimiser.
 */
final class QpSolve {

    private QpSolve() {
    }

    /** Whether {@code task} names quadratic programs: qp, qp<N>, qpbox, qpbox<N>. */
    static boolean names(String task) {
        return task != null && task.strip().toLowerCase(Locale.ROOT).matches("qp(box)?[0-9]{0,2}");
    }

    static int solve(List<PuzzleText.Item> items, String solver, Integer steps, PrintWriter out, PrintWriter err) {
        String s = solver.strip().toLowerCase(Locale.ROOT);
        if (!s.equals("csp") && !s.equals("gd") && !s.equals("cg")) {
            throw new BadInputException("--solver for quadratic programs is csp (the exact minimiser), gd or cg, not '"
                    + solver + "'.");
        }
        if (!s.equals("csp") && (steps == null || steps < 0)) {
            throw new BadInputException("--solver " + s + " needs --steps K (at least 0).");
        }
        int rejected = 0;
        int solved = 0;
        double error = 0;
        for (PuzzleText.Item item : items) {
            QuadraticProgram qp;
            try {
                qp = QuadraticProgram.parse(item.text());
            } catch (BadInputException e) {
                err.println("line " + item.line() + ": " + e.getMessage());
                rejected++;
                continue;
            }
            if (s.equals("cg") && qp.box()) {
                throw new BadInputException("conjugate gradient is for unconstrained programs; line " + item.line()
                        + " is boxed (use gd, which projects).");
            }
            double[] exact = qp.solution();
            double[] x = s.equals("csp") ? exact : s.equals("gd") ? QpSolvers.gradientDescent(qp, steps)[steps]
                    : QpSolvers.conjugateGradient(qp, steps)[steps];
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < x.length; i++) {
                line.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.6f", x[i]));
            }
            out.println(line);
            error += QpSolvers.relativeError(x, exact);
            solved++;
        }
        out.flush();
        String method = s.equals("csp") ? "closed form" : (s.equals("gd") ? "gradient descent" : "conjugate gradient")
                + ", " + steps + " steps";
        err.println(String.format(Locale.ROOT, "%s: %d programs, mean relative error %.3g against the minimiser%s", method,
                solved, solved == 0 ? 0 : error / solved, rejected == 0 ? "" : "; " + rejected + " rejected"));
        err.flush();
        return rejected > 0 ? Main.BAD_INPUT : 0;
    }
}
