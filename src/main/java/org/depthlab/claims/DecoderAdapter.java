package org.depthlab.claims;

import java.util.Map;
import org.depthlab.models.Carry;
import org.depthlab.models.Decoder;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;

/** What the {@link StepDecoder}s made from a {@link Decoder} share: its shape and its teacher forcing. */
abstract class DecoderAdapter implements StepDecoder {

    final Decoder decoder;

    DecoderAdapter(Decoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public int vocab() {
        return decoder.vocab();
    }

    @Override
    public int seqLen() {
        return decoder.seqLen();
    }

    @Override
    public int layers() {
        return decoder.layerApplicationsPerToken();
    }

    @Override
    public int[] answerPositions() {
        return decoder.answerPositions();
    }

    @Override
    public Tensor teacherForced(Tape tape, int[] inputs, int[] targets) {
        return decoder.trainingSegment(tape, new Carry(Map.of()), inputs, targets).logits();
    }
}
