package org.depthlab.tensor;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * A value in a computation: a float64 matrix, the gradient that flows back into it, and two
 * measurements of how far it lies from the inputs.
 *
 * <p>Activations are 2-D: rows are (batch × sequence position), columns are features. A
 * {@code Tensor} is made in one of three ways: as a <em>parameter</em> (a named weight that
 * wants a gradient), as a <em>constant</em> (an input; no gradient), or as the result of an op
 * recorded by a {@link Tape}. Values are never changed after an op has produced them, with one
 * exception made visible by its name: an optimizer updates a parameter's value in place.
 *
 * <p>The two depths are the book's measure of computational depth:
 * <ul>
 *   <li>{@link #depth()} — sequential depth in ops: 0 for parameters and constants, and
 *       1 + the largest depth among an op's inputs. It is the length of the longest chain of
 *       ops that had to run one after the other to produce this value, whatever the width of
 *       the matrices.</li>
 *   <li>{@link #layerDepth()} — the same longest chain counted in layer applications (one per
 *       {@code Block} call, see {@link Tape#countLayer(Tensor)}).</li>
 * </ul>
 * {@link #detach()} cuts the gradient path but keeps both depths: the value still had to be
 * computed first.
 */
public final class Tensor {

    private final DMatrixRMaj value;
    private final String name;
    private final boolean requiresGrad;
    private final int depth;
    private int layerDepth;
    private DMatrixRMaj grad;

    Tensor(DMatrixRMaj value, String name, boolean requiresGrad, int depth, int layerDepth) {
        this.value = Objects.requireNonNull(value, "value");
        this.name = name;
        this.requiresGrad = requiresGrad;
        this.depth = depth;
        this.layerDepth = layerDepth;
    }

    /** A named trainable weight: it wants a gradient and starts at depth 0. */
    public static Tensor parameter(String name, DMatrixRMaj value) {
        return new Tensor(value, Objects.requireNonNull(name, "name"), true, 0, 0);
    }

    /**
     * A named constant that belongs to a model and is saved with it but never trained — HRM's
     * fixed initial states, for example (PyTorch calls these buffers).
     */
    public static Tensor buffer(String name, DMatrixRMaj value) {
        return new Tensor(value, Objects.requireNonNull(name, "name"), false, 0, 0);
    }

    /** An input: no gradient, depth 0. The matrix is used as it is, not copied. */
    public static Tensor constant(DMatrixRMaj value) {
        return new Tensor(value, null, false, 0, 0);
    }

    /** A constant from rows of numbers (all rows the same length). */
    public static Tensor of(double[][] rows) {
        return constant(new DMatrixRMaj(rows));
    }

    /** A constant 1 × n row. */
    public static Tensor row(double... values) {
        return constant(new DMatrixRMaj(1, values.length, true, values));
    }

    /**
     * The same value, cut from the graph: gradients do not flow through the result. The depths
     * are kept, because detaching changes what is differentiated, not what was computed.
     */
    public Tensor detach() {
        return new Tensor(value, null, false, depth, layerDepth);
    }

    /** The value. Treat it as read-only unless you are an optimizer. */
    public DMatrixRMaj value() {
        return value;
    }

    /** The accumulated gradient, or {@code null} if none has flowed here yet. */
    public DMatrixRMaj grad() {
        return grad;
    }

    /** The gradient buffer, created as zeros on first use; ops accumulate into it. */
    DMatrixRMaj gradBuffer() {
        if (grad == null) {
            grad = new DMatrixRMaj(value.numRows, value.numCols);
        }
        return grad;
    }

    /** Forgets the accumulated gradient (before the next backward pass). */
    public void zeroGrad() {
        if (grad != null) {
            grad.zero();
        }
    }

    /**
     * Drops the gradient, so that {@link #grad()} is {@code null} until a backward pass reaches
     * this value again. Optimizers skip a parameter whose gradient is {@code null}; a zeroed
     * gradient would instead still decay it and feed zeros into its moment estimates.
     */
    public void clearGrad() {
        grad = null;
    }

    /** The parameter's stable name (for example {@code blocks.0.attn.qkv_proj.weight}), or null. */
    public String name() {
        return name;
    }

    /** Whether a gradient flows into this value. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Sequential depth in ops: the longest chain of ops that produced this value. */
    public int depth() {
        return depth;
    }

    /** Sequential depth in layer applications (Block calls). */
    public int layerDepth() {
        return layerDepth;
    }

    void setLayerDepth(int layerDepth) {
        this.layerDepth = layerDepth;
    }

    public int rows() {
        return value.numRows;
    }

    public int cols() {
        return value.numCols;
    }

    /** One entry of the value. */
    public double get(int row, int col) {
        return value.get(row, col);
    }

    /** The single entry of a 1 × 1 tensor (a loss). */
    public double item() {
        if (value.getNumElements() != 1) {
            throw new IllegalStateException("item() needs a 1x1 tensor, this one is "
                    + rows() + "x" + cols());
        }
        return value.data[0];
    }

    @Override
    public String toString() {
        return (name == null ? "Tensor" : name) + "[" + rows() + "x" + cols() + ", depth " + depth
                + (requiresGrad ? ", grad" : "") + "]";
    }
}
