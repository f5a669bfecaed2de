package org.depthlab.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Rope;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.GradientCheck;
import org.depthlab.tensor.Tensor;

/** Tour part: the tape's backward through a whole block agrees with finite differences. */
final class TourGradientCheck implements TourPart {

    @Override
    public String title() {
        return "A gradient check";
    }

    @Override
    public boolean run(Context tour) {
        tour.say("Every op has a hand-written backward. Here the whole block (attention with RoPE,",
                "SwiGLU, post-norm RMSNorm) is differentiated by the tape and by finite differences,",
                "(L(w + h) - L(w - h)) / 2h for every weight and every input number.");
        SplittableRandom rng = new SplittableRandom(tour.seed());
        BlockConfig config = new BlockConfig(8, 2, 2.0, AttentionMask.full(), Rope.DEFAULT_THETA, 5, 1e-5);
        Block block = new Block("block", config, rng);
        Tensor x = Tensor.parameter("x", Context.gaussian(2 * 5, 8, rng));
        List<Tensor> inputs = new ArrayList<>(block.parameters());
        inputs.add(x);
        double error = GradientCheck.relativeError(t -> block.forward(t, x, 5), inputs, tour.seed());
        boolean passed = error <= 1e-6;
        tour.out().printf(Locale.ROOT, "   %,d numbers checked, relative error %.1e: %s%n", GradientCheck.size(inputs),
                error, passed ? "passed (float64 agrees to ~1e-9)" : "FAILED (expected <= 1e-6)");
        return passed;
    }
}
