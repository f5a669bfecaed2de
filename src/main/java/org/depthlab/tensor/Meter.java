package org.depthlab.tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts what a computation costs, as the {@link Tape} runs it: floating-point operations,
 * bytes kept alive for the backward pass, and sequential depth.
 *
 * <p>Conventions, so that the book's formulas can be checked exactly:
 * <ul>
 *   <li><b>FLOPs.</b> A multiply and an add are one FLOP each, so an m×k by k×n matrix product
 *       is exactly {@code 2·m·k·n}. Elementwise ops count one FLOP per output entry per
 *       arithmetic step they document. Ops run under {@link Tape#noGrad} are counted too:
 *       they still compute.</li>
 *   <li><b>Bytes retained.</b> For every op recorded for backward, 8 bytes per float64 entry
 *       of each matrix its backward reads (inputs, output or saved intermediates). Like
 *       PyTorch's saved tensors, a matrix read by two ops counts twice; this makes the count
 *       a simple, exact upper bound. Ops under {@code noGrad} retain nothing.</li>
 *   <li><b>Depth.</b> The largest {@link Tensor#depth()} and {@link Tensor#layerDepth()} of
 *       any value produced while this meter listened.</li>
 *   <li><b>Mixing depth</b> (a meter made by {@link #measuringMixing()}): for every value, the
 *       number of ops on the longest path to it that carried information from one position to
 *       another ({@link MixingDepth} says which ops do). It is layer depth <em>measured</em>:
 *       a {@code Block} is one mixing step whether or not it calls {@link Tape#countLayer}, and
 *       so is a layer built from the same parts.</li>
 * </ul>
 * A meter is attached to a tape when it is made; a tape without one does no counting.
 */
public final class Meter {

    private long flops;
    private long recordedFlops;
    private long bytesRetained;
    private long ops;
    private long layers;
    private int maxDepth;
    private int maxLayerDepth;
    private final Map<String, Long> flopsByOp = new LinkedHashMap<>();
    private final MixingDepth mixing;

    /** A meter of FLOPs, bytes retained and depth. */
    public Meter() {
        this(null);
    }

    private Meter(MixingDepth mixing) {
        this.mixing = mixing;
    }

    /**
     * A meter that also measures every value's mixing depth ({@link #mixingDepth(Tensor)}). It
     * keeps a note of every value computed while it listens, so use one per measurement.
     */
    public static Meter measuringMixing() {
        return new Meter(new MixingDepth());
    }

    void onOp(String op, long opFlops, boolean recorded, long opBytesRetained, int depth, int layerDepth) {
        flops += opFlops;
        recordedFlops += recorded ? opFlops : 0;
        bytesRetained += opBytesRetained;
        ops++;
        maxDepth = Math.max(maxDepth, depth);
        maxLayerDepth = Math.max(maxLayerDepth, layerDepth);
        flopsByOp.merge(op, opFlops, Long::sum);
    }

    /** The hook for the mixing depth: an op made {@code output} from {@code inputs}. */
    void onValue(String op, Tensor output, Tensor[] inputs) {
        if (mixing != null) {
            mixing.record(op, output, inputs);
        }
    }

    void onLayer(int layerDepth) {
        layers++;
        maxLayerDepth = Math.max(maxLayerDepth, layerDepth);
    }

    /** Total floating-point operations of every op, forward only. */
    public long flops() {
        return flops;
    }

    /**
     * The forward FLOPs of the ops recorded for backward — the part of {@link #flops()} that a
     * backward pass will differentiate (ops under {@link Tape#noGrad}, or on inputs that need
     * no gradient, are not in it). The lab charges a training update its forward FLOPs plus
     * twice these for the backward (experiments/TrainingFlops).
     */
    public long recordedFlops() {
        return recordedFlops;
    }

    /** Total bytes kept for the backward pass by recorded ops. */
    public long bytesRetained() {
        return bytesRetained;
    }

    /** Number of ops run. */
    public long ops() {
        return ops;
    }

    /** Number of layer applications (Block calls). */
    public long layers() {
        return layers;
    }

    /** The largest sequential depth, in ops, of any value produced. */
    public int maxDepth() {
        return maxDepth;
    }

    /** The largest sequential depth, in layer applications, of any value produced. */
    public int maxLayerDepth() {
        return maxLayerDepth;
    }

    /**
     * Mixing steps on the longest path to {@code value} (0 for an input or a weight): its layer
     * depth measured from the ops. Needs a meter made by {@link #measuringMixing()}.
     */
    public int mixingDepth(Tensor value) {
        return requireMixing().depthOf(value);
    }

    /** The largest mixing depth of any value computed while this meter listened. */
    public int maxMixingDepth() {
        return requireMixing().max();
    }

    /**
     * How many inputs to ops were bit-for-bit copies of values computed earlier, made into new
     * constants: values that left the computation and re-entered it (they keep their depth).
     */
    public long reenteredCopies() {
        return requireMixing().reentered();
    }

    private MixingDepth requireMixing() {
        if (mixing == null) {
            throw new IllegalStateException("this meter does not measure mixing depth; make it with Meter.measuringMixing()");
        }
        return mixing;
    }

    /** FLOPs per op name, in the order the ops first ran. */
    public Map<String, Long> flopsByOp() {
        return Collections.unmodifiableMap(flopsByOp);
    }

    @Override
    public String toString() {
        return String.format("%,d FLOPs, %,d bytes retained, %d ops, %d layer calls, depth %d ops / %d layers",
                flops, bytesRetained, ops, layers, maxDepth, maxLayerDepth);
    }
}
