package org.depthlab.optim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * The per-parameter memory of an optimizer: for every parameter, a few buffers of its shape
 * (Adam's moments, SGD's momentum) and the number of updates it has received.
 *
 * <p>The count is kept per parameter, as PyTorch does, because an update skips a parameter
 * whose gradient is {@code null}: such a parameter's bias correction must not advance.
 *
 * <p>The state travels to and from a checkpoint as a flat map of matrices named
 * {@code <parameter>.<buffer>} and {@code <parameter>.step} (a 1 × 1 matrix), the names
 * PyTorch uses for the same buffers, so that a checkpoint can be read by either side.
 */
final class ParamStates {

    static final String STEP = "step";

    private final String optimizer;
    private final List<Tensor> params;
    private final List<String> buffers;
    private final DMatrixRMaj[][] values;
    private final long[] steps;

    /**
     * @param optimizer the optimizer's name, for messages
     * @param params    trainable parameters with unique names
     * @param buffers   the names of the buffers each parameter gets, all starting at zero
     */
    ParamStates(String optimizer, List<Tensor> params, String... buffers) {
        this.optimizer = optimizer;
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        this.buffers = List.of(buffers);
        this.values = new DMatrixRMaj[this.params.size()][buffers.length];
        this.steps = new long[this.params.size()];
        for (int i = 0; i < this.params.size(); i++) {
            Tensor p = Objects.requireNonNull(this.params.get(i), "parameter " + i);
            if (!p.requiresGrad() || p.name() == null) {
                throw new IllegalArgumentException("an optimizer takes named parameters, got " + p);
            }
            for (int b = 0; b < buffers.length; b++) {
                values[i][b] = new DMatrixRMaj(p.rows(), p.cols());
            }
        }
        // Two parameters with one name would share a checkpoint entry; fail now, not at resume.
        Map<String, Shape> names = layout();
        if (names.size() != this.params.size() * (buffers.length + 1)) {
            throw new IllegalArgumentException("parameter names must be unique (and must not"
                    + " collide with <name>." + STEP + " etc.), got " + this.params);
        }
    }

    List<Tensor> params() {
        return params;
    }

    /** Buffer {@code b} (in constructor order) of parameter {@code i}, updated in place. */
    DMatrixRMaj buffer(int i, int b) {
        return values[i][b];
    }

    /** Counts one more update of parameter {@code i} and returns the new count t ≥ 1. */
    long advance(int i) {
        return ++steps[i];
    }

    /** A copy of the state, in parameter order. */
    Map<String, DMatrixRMaj> export() {
        Map<String, DMatrixRMaj> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).name();
            for (int b = 0; b < buffers.size(); b++) {
                out.put(name + "." + buffers.get(b), values[i][b].copy());
            }
            DMatrixRMaj step = new DMatrixRMaj(1, 1);
            step.data[0] = steps[i];
            out.put(name + "." + STEP, step);
        }
        return out;
    }

    /**
     * Replaces the state with a copy of {@code state}, after checking all of it first, so that
     * a rejected state leaves this one untouched.
     *
     * @throws BadInputException if an entry is missing, unexpected, of the wrong shape, or a
     *                           step count that is not a whole number ≥ 0
     */
    void load(Map<String, DMatrixRMaj> state) {
        Map<String, Shape> expected = layout();
        String same = "; expected the state of " + optimizer + " over the same parameters";
        for (String key : state.keySet()) {
            if (!expected.containsKey(key)) {
                throw new BadInputException("optimizer state has an unexpected entry \"" + key + "\"" + same);
            }
        }
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            DMatrixRMaj got = state.get(e.getKey());
            if (got == null) {
                throw new BadInputException("optimizer state has no entry \"" + e.getKey() + "\"" + same);
            }
            Shape shape = e.getValue();
            if (got.numRows != shape.rows() || got.numCols != shape.cols()) {
                throw new BadInputException("optimizer state entry \"" + e.getKey() + "\" is "
                        + got.numRows + "x" + got.numCols + " but should be "
                        + shape.rows() + "x" + shape.cols() + same);
            }
        }
        for (int i = 0; i < params.size(); i++) {
            String key = params.get(i).name() + "." + STEP;
            double t = state.get(key).data[0];
            if (!(t >= 0 && t == Math.rint(t) && t <= 0x1p53)) {
                throw new BadInputException("optimizer state entry \"" + key + "\" is " + t
                        + " but should be a whole number of updates, 0 or more");
            }
        }
        for (int i = 0; i < params.size(); i++) {
            String name = params.get(i).name();
            for (int b = 0; b < buffers.size(); b++) {
                values[i][b].setTo(state.get(name + "." + buffers.get(b)));
            }
            steps[i] = (long) state.get(name + "." + STEP).data[0];
        }
    }

    private record Shape(int rows, int cols) {
    }

    /** Every key the state has, with the shape its matrix must have. */
    private Map<String, Shape> layout() {
        Map<String, Shape> out = new LinkedHashMap<>();
        for (Tensor p : params) {
            for (String buffer : buffers) {
                out.put(p.name() + "." + buffer, new Shape(p.rows(), p.cols()));
            }
            out.put(p.name() + "." + STEP, new Shape(1, 1));
        }
        return out;
    }
}
