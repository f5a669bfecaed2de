package org.depthlab.nn;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * The SwiGLU feed-forward layer (Shazeer 2020, "GLU Variants Improve Transformer",
 * arXiv 2002.05202), bias-free as in HRM:
 * <pre>
 *   [g | u] = x·W_gate_upᵀ
 *   y = (SiLU(g) ⊙ u)·W_downᵀ
 * </pre>
 * The inner width is HRM's and TRM's rule ({@code models/layers.py} in both repositories;
 * [HRM], [TRM] in book/references.md):
 * <pre>
 *   inner = _find_multiple(round(expansion · hidden · 2/3), multiple)
 * </pre>
 * the smallest multiple of {@code multiple} at least round(e·h·2/3) ({@link #findMultiple} of
 * {@link #innerWidth}), with Python's round (halves to even). The 2/3 keeps the parameter count
 * of a plain MLP with the same expansion, since SwiGLU has three matrices instead of two; the
 * multiple of 256 suits GPU tiles. It matters most at depthlab's sizes: at h = 64, e = 4 the
 * inner width is 256 rather than 171, half as many parameters again. {@code multiple} 1 gives
 * the unrounded width.
 * Parameters: {@code name.gate_up_proj.weight} (2·inner × hidden; gate columns first) and
 * {@code name.down_proj.weight} (hidden × inner).
 */
public final class SwiGlu implements Module {

    private final Linear gateUp;
    private final Linear down;
    private final int inner;

    /**
     * A SwiGLU of inner width {@code findMultiple(innerWidth(hidden, expansion), multiple)}, as
     * HRM's {@code SwiGLU} computes it.
     *
     * @param multiple ≥ 1; 256 in HRM and TRM, 1 for the unrounded width
     */
    public SwiGlu(String name, int hidden, double expansion, int multiple, SplittableRandom rng) {
        this.inner = findMultiple(innerWidth(hidden, expansion), multiple);
        this.gateUp = new Linear(name + ".gate_up_proj", hidden, 2 * inner, false, rng);
        this.down = new Linear(name + ".down_proj", inner, hidden, false, rng);
    }

    /** The unrounded width, round(expansion · hidden · 2/3) (multiple 1). */
    public SwiGlu(String name, int hidden, double expansion, SplittableRandom rng) {
        this(name, hidden, expansion, 1, rng);
    }

    /**
     * round(expansion · hidden · 2/3), rounded as Python rounds a float (halves to even,
     * {@link Math#rint}), at least 1 (where Python would give 0 for a tiny layer).
     */
    public static int innerWidth(int hidden, double expansion) {
        // The same order of operations as HRM's expansion * hidden_size * 2 / 3.
        return (int) Math.max(1, Math.rint(expansion * hidden * 2.0 / 3.0));
    }

    /** HRM's {@code _find_multiple(a, b)}: the smallest multiple of b that is at least a (b ≥ 1). */
    public static int findMultiple(int a, int b) {
        if (b < 1) {
            throw new IllegalArgumentException("the SwiGLU width multiple must be at least 1, got " + b);
        }
        return Math.toIntExact(((long) a + b - 1) / b * b);
    }

    /** y = (SiLU(g) ⊙ u)·W_downᵀ for rows x of width h (any number of rows N). */
    public Tensor forward(Tape tape, Tensor x) {
        Tensor gu = gateUp.forward(tape, x);                // N × 2i = [g | u]
        // SiLU(gate) ⊙ up, read from gu's two halves in one op (tensor/SwiGluGate).
        Tensor gated = tape.swiGluGate(gu, inner);          // N × i
        return down.forward(tape, gated);                   // N × h
    }

    Tensor gateUpWeight() {
        return gateUp.weight();
    }

    Tensor downWeight() {
        return down.weight();
    }

    public int inner() {
        return inner;
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(gateUp, down);
    }
}
