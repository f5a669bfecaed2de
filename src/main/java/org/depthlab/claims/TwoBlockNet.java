package org.depthlab.claims;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.nn.Linear;
import org.depthlab.nn.Module;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Two blocks side by side, each Linear → SiLU → Linear over the same input x, their outputs
 * [y_A | y_B] side by side: the instances of the ablation-isolation claim. Disconnected by
 * construction, no weight of block A ({@code a.*}) lies on a path to y_B. The connected
 * variant — the contrast — feeds A's hidden layer into B as well (y_B = B([x ; h_A])), as
 * the layers of a real network share a residual stream.
 */
public final class TwoBlockNet implements Module {

    private final boolean connected;
    private final Linear aIn;
    private final Linear aOut;
    private final Linear bIn;
    private final Linear bOut;

    /** Two blocks on inputs of width n, hidden width h, outputs of width o each. */
    public TwoBlockNet(int n, int h, int o, boolean connected, SplittableRandom rng) {
        this.connected = connected;
        this.aIn = new Linear("a.in", n, h, true, rng);
        this.aOut = new Linear("a.out", h, o, true, rng);
        this.bIn = new Linear("b.in", connected ? n + h : n, h, true, rng);
        this.bOut = new Linear("b.out", h, o, true, rng);
    }

    /** Whether A's hidden layer feeds B. */
    public boolean connected() {
        return connected;
    }

    /** [y_A, y_B] for the rows of x. */
    public Tensor[] forward(Tape tape, Tensor x) {
        Tensor hA = tape.silu(aIn.forward(tape, x));
        Tensor yA = aOut.forward(tape, hA);
        Tensor hB = tape.silu(bIn.forward(tape, connected ? tape.concat(x, hA) : x));
        return new Tensor[] {yA, bOut.forward(tape, hB)};
    }

    @Override
    public List<Tensor> parameters() {
        return Module.parametersOf(aIn, aOut, bIn, bOut);
    }
}
