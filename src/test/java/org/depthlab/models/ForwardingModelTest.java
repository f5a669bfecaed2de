package org.depthlab.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.SplittableRandom;
import org.depthlab.tensor.Tape;
import org.junit.jupiter.api.Test;

/** A forwarding model is the model it wraps in everything it does not override, training included. */
class ForwardingModelTest {

    @Test
    void aWrapperIsItsModelInEverythingItDoesNotOverride() {
        // HRM: a prefix in its states, a halting head and buffers, so no default stands in for it.
        RefinementModel hrm = new HrmConfig(7, 6, 8, 2, 2.0, 1, 1, 2, 1).build(3);
        int[] segments = {0};
        RefinementModel counting = new ForwardingModel(hrm) {
            @Override
            public SegmentOutput segment(Tape tape, Carry carry, int[] inputs) {
                segments[0]++;
                return super.segment(tape, carry, inputs);
            }
        };
        assertSame(hrm.config(), counting.config());
        assertEquals(hrm.vocab(), counting.vocab());
        assertEquals(hrm.seqLen(), counting.seqLen());
        assertEquals(hrm.statePositions(), counting.statePositions());
        assertEquals(hrm.layerApplicationsPerSegment(), counting.layerApplicationsPerSegment());
        assertEquals(hrm.halts(), counting.halts());
        assertEquals(hrm.parameters(), counting.parameters());
        assertEquals(hrm.buffers(), counting.buffers());

        int[] inputs = new SplittableRandom(5).ints(2L * hrm.seqLen(), 0, hrm.vocab()).toArray();
        SegmentOutput direct = hrm.segment(new Tape(), hrm.initialCarry(2), inputs);
        SegmentOutput wrapped = counting.trainingSegment(new Tape(), counting.initialCarry(2), inputs, inputs);
        assertArrayEquals(direct.logits().value().data, wrapped.logits().value().data, 0.0);
        assertEquals(1, segments[0], "training goes through the wrapper's segment");
    }
}
