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
 * The inner width is round(expansion · hidden · 2/3): the 2/3 keeps the parameter count of a
 * plain MLP with the same expansion, since SwiGLU has three matrices instead of two. (HRM also
 * rounds up to a multiple of 256, which only matters at its size; depthlab's models are small.)
 * Parameters: {@code name.gate_up_proj.weight} (2·inner × hidden; gate columns first) and
 * {@code name.down_proj.weight} (hidden × inner).
 */
public final class SwiGlu implements Module {

    private final Linear gateUp;
    private final Linear down;
    private final int inner;

    public SwiGlu(String name, int hidden, double expansion, SplittableRandom rng) {
        this.inner = innerWidth(hidden, expansion);
        this.gateUp = new Linear(name + ".gate_up_proj", hidden, 2 * inner, false, rng);
        this.down = new Linear(name + ".down_proj", inner, hidden, false, rng);
    }

    /** round(expansion · hidden · 2/3), halves rounded up, at least 1. */
    public static int innerWidth(int hidden, double expansion) {
        return Math.max(1, (int) Math.floor(expansion * hidden * 2.0 / 3.0 + 0.5));
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
