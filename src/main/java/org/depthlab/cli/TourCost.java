package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.nn.Block;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.Stack;
import org.depthlab.tensor.AttentionMask;
import org.depthlab.tensor.Meter;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/**
 * Tour part: what a block costs as the meter counts it — FLOPs per op, bytes kept for
 * backward, and sequential depth, which stays put when the sequence grows and grows with
 * every block.
 */
final class TourCost implements TourPart {

    private static final int BATCH = 32;
    private static final int SEQ = 8;

    @Override
    public String title() {
        return "What a block costs, as the meter counts it";
    }

    @Override
    public boolean run(Context tour) {
        PrintWriter out = tour.out();
        SplittableRandom rng = new SplittableRandom(tour.seed());
        BlockConfig config = BlockConfig.hrm(32, 2, 64).withMask(AttentionMask.full());
        Block block = new Block("block", config, rng);
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        Tensor x = Tensor.constant(Context.gaussian(BATCH * SEQ, 32, rng));
        block.forward(tape, x, SEQ);
        out.printf(Locale.ROOT, "   one block, hidden 32, 2 heads, on %d sequences x %d positions (forward):%n", BATCH, SEQ);
        for (Map.Entry<String, Long> e : meter.flopsByOp().entrySet()) {
            out.printf(Locale.ROOT, "     %-10s %,12d FLOPs%n", e.getKey(), e.getValue());
        }
        out.printf(Locale.ROOT, "     %-10s %,12d FLOPs; %,d bytes kept for the backward pass%n", "total", meter.flops(),
                meter.bytesRetained());
        out.printf(Locale.ROOT, "     sequential depth: %d ops, %d layer%n", meter.maxDepth(), meter.maxLayerDepth());
        out.println();
        out.println("   Longer sequences cost more FLOPs but not more depth; more blocks add depth:");
        out.printf(Locale.ROOT, "     %-22s %14s %10s %8s%n", "", "FLOPs", "depth/ops", "layers");
        for (int seqLen : new int[] {8, 32}) {
            costRow(out, 1, seqLen, rng);
        }
        for (int layers : new int[] {2, 4}) {
            costRow(out, layers, 8, rng);
        }
        return true;
    }

    private static void costRow(PrintWriter out, int layers, int seqLen, SplittableRandom rng) {
        Stack stack = new Stack("stack", layers, BlockConfig.hrm(32, 2, 64), rng);
        Meter meter = new Meter();
        Tape tape = Tape.metered(meter);
        Tensor y = tape.noGrad(() -> stack.forward(tape, Tensor.constant(Context.gaussian(4 * seqLen, 32, rng)), seqLen));
        out.printf(Locale.ROOT, "     %d block%s, length %-3d   %,14d %10d %8d%n", layers, layers == 1 ? " " : "s",
                seqLen, meter.flops(), y.depth(), y.layerDepth());
    }
}
