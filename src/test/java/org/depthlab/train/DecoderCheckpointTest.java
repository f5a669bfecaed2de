package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.models.Decoder;
import org.depthlab.models.DecoderConfig;
import org.depthlab.models.Positions;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.tensor.Tape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A decoder trained by the shared loop, saved and loaded: the same configuration, the same answers to the bit. */
class DecoderCheckpointTest {

    @Test
    void aDecoderCheckpointRoundTripsWithItsAnswerPositions(@TempDir Path dir) {
        Task task = Task.named("pointer");
        Dataset data = Dataset.generate(task, 16, 4, new SplittableRandom(5));
        List<Integer> labelled = DecoderConfig.labelledPositions(
                data.train().stream().map(Puzzle::targetTokens).toList(), task.sequenceLength());
        assertEquals(List.of(task.sequenceLength() - 1), labelled, "pointer chasing labels its answer slot only");
        DecoderConfig config = new DecoderConfig(task.vocabularySize(), task.sequenceLength(), 8, 2, 2.0, 1,
                Positions.ROPE, labelled);
        Decoder decoder = config.build(3);
        TrainConfig run = TrainConfig.defaults("decoder").withSteps(4).withBatch(4).withWarmupSteps(1)
                .withOptimizer("adamw").withLoss("softmax").withSeed(2);
        Trainer.fresh(decoder, 3, run, task.name(), data.train(), data.test(), dir, null).run();

        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        assertEquals(config, loaded.manifest().model());
        assertEquals(1, loaded.manifest().train().maxSegments());
        assertTrue(loaded.model() instanceof Decoder);
        int[] inputs = data.test().get(0).inputTokens();
        Tape tape = new Tape();
        assertArrayEquals(decoder.segment(tape, decoder.initialCarry(1), inputs).logits().value().data,
                loaded.model().segment(tape, loaded.model().initialCarry(1), inputs).logits().value().data, 0.0);
    }
}
