package org.depthlab.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.models.Recall;
import org.depthlab.models.RecallConfig;
import org.depthlab.tasks.FactChains;
import org.depthlab.tensor.Tape;
import org.depthlab.train.WeightMask;
import org.junit.jupiter.api.Test;

/**
 * The numeric answers of chapters 12 and 13 are what the code measures: the numbers the
 * recall models keep after the drop, and the IoU the mask code computes.
 */
class StudyExerciseAnswersTest {

    private static JsonNode answer(String id) throws IOException {
        return new ObjectMapper().readTree(Files.readString(Path.of("exercises", id, "reference", "answer.json")));
    }

    private static long kept(RecallConfig.Kind kind, int facts) {
        Recall model = RecallConfig.of(kind, 64, 1).build(1);
        FactChains.Batch batch = FactChains.Batch.of(List.of(new FactChains(facts, 1).generate(new SplittableRandom(1))));
        Tape tape = new Tape();
        return tape.noGrad(() -> model.consolidate(tape, model.read(tape, batch.subjects(), batch.objects(), 1)))
                .valuesPerSequence();
    }

    @Test
    void theKeptContextOutgrowsTheFastWeightsAtTheAnswersNumberOfFacts() throws IOException {
        int n = answer("consolidated-memory-size").get("value").asInt();
        assertEquals(32, RecallConfig.of(RecallConfig.Kind.FAST_WEIGHTS, 2, 0).keyWidth(), "the instructions' d");
        for (int facts = 2; facts < n; facts++) {
            assertTrue(kept(RecallConfig.Kind.KEPT_CONTEXT, facts) <= kept(RecallConfig.Kind.FAST_WEIGHTS, facts),
                    "at " + facts + " facts the kept context already keeps more");
        }
        assertTrue(kept(RecallConfig.Kind.KEPT_CONTEXT, n) > kept(RecallConfig.Kind.FAST_WEIGHTS, n));
    }

    @Test
    void theOverlapIsWhatTheMaskCodeComputes() throws IOException {
        double[] a = new double[12_000];
        double[] b = new double[12_000];
        for (int i = 0; i < 1_500; i++) {
            a[i] = 1;
        }
        for (int i = 1_000; i < 3_000; i++) {
            b[i] = 1;
        }
        double iou = WeightMask.of(Map.of("w", a)).iou(WeightMask.of(Map.of("w", b)));
        JsonNode ref = answer("mask-overlap");
        assertEquals(ref.get("value").asDouble(), iou, ref.get("tolerance").asDouble());
    }
}
