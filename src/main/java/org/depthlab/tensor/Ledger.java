package org.depthlab.tensor;

/**
 * The tape's accounts: what every op cost ({@link Cost}), passed on to the {@link Meter} if the
 * tape has one, and the bytes kept for backward by the ops recorded so far
 * ({@link Tape#bytesRetained()}). Keeping this apart from the tape keeps the tape's own code
 * to what autograd needs: record, then replay backward.
 */
final class Ledger {

    private final Meter meter;
    private long bytesRetained;

    /** @param meter where to report, or {@code null} to report nothing */
    Ledger(Meter meter) {
        this.meter = meter;
    }

    /**
     * Charges the op that made {@code output} from {@code inputs}. Each step of its cost reaches
     * the meter as the unfused op would have: at the inputs' depth + the step's depth, with its
     * bytes only if the op was recorded (ops under {@link Tape#noGrad} keep nothing).
     */
    void charge(Cost cost, Tensor output, Tensor[] inputs, boolean recorded) {
        int inputDepth = output.depth() - cost.depth();
        String last = null;
        for (Cost.Step s : cost.steps()) {
            long bytes = recorded ? s.bytes() : 0;
            bytesRetained += bytes;
            if (meter != null) {
                meter.onOp(s.op(), s.flops(), recorded, bytes, inputDepth + s.depth(), output.layerDepth());
            }
            last = s.op();
        }
        if (meter != null && last != null) {
            // The value as the claims' mixing depth sees it: made by the op's last step (the
            // attention of a fused self-attention) from the op's inputs.
            meter.onValue(last, output, inputs);
        }
    }

    /** A layer application ending at {@code layerDepth} (see {@link Tape#countLayer}). */
    void layer(int layerDepth) {
        if (meter != null) {
            meter.onLayer(layerDepth);
        }
    }

    /** Whether a meter listens. */
    boolean metered() {
        return meter != null;
    }

    long bytesRetained() {
        return bytesRetained;
    }
}
