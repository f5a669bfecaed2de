package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.Trajectory;
import org.depthlab.models.TransformerConfig;
import org.depthlab.models.TrmConfig;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop's contract: reproducible, checkpoints that round-trip, resume, divergence stops. */
class TrainerTest {

    private static Task task;
    private static List<Puzzle> train;
    private static List<Puzzle> test;

    @BeforeAll
    static void puzzles() {
        task = Task.named("sudoku4");
        Dataset d = Dataset.generate(task, 24, 8, new SplittableRandom(3));
        train = d.train();
        test = d.test();
    }

    private static TrainConfig config(long steps, int segments, double lr, String optimizer) {
        return TrainConfig.defaults("hrm").withSteps(steps).withBatch(8).withMaxSegments(segments).withLr(lr)
                .withWarmupSteps(2).withOptimizer(optimizer).withSeed(7);
    }

    private static RefinementModel tinyHrm() {
        return new HrmConfig(task.vocabularySize(), task.sequenceLength(), 8, 2, 2.0, 1, 1, 2, 1).build(4);
    }

    private static double[] weights(RefinementModel model) {
        return model.parameters().stream().flatMapToDouble(p -> java.util.Arrays.stream(p.value().data)).toArray();
    }

    @Test
    void theSameSeedTrainsToTheSameBits() {
        RefinementModel a = tinyHrm();
        RefinementModel b = tinyHrm();
        Trainer.fresh(a, 4, config(12, 3, 1e-3, "adam-atan2"), "sudoku4", train, test, null, null).run();
        Trainer.fresh(b, 4, config(12, 3, 1e-3, "adam-atan2"), "sudoku4", train, test, null, null).run();
        assertArrayEquals(weights(a), weights(b), 0.0);
        assertFalse(java.util.Arrays.equals(weights(a), weights(tinyHrm())), "training changed the weights");
    }

    @Test
    void aCheckpointRoundTripGivesIdenticalOutputs(@TempDir Path dir) {
        for (ModelConfig config : List.of(
                new HrmConfig(task.vocabularySize(), 16, 8, 2, 2.0, 1, 1, 2, 1),
                new TrmConfig(task.vocabularySize(), 16, 8, 2, 2.0, 1, 2, 2, true))) {
            RefinementModel model = config.build(2);
            Path out = dir.resolve(config.kind() + (((TrmConfig.class.isInstance(config))) ? "-mixer" : ""));
            TrainConfig run = TrainConfig.defaults(config.kind()).withSteps(10).withBatch(8).withMaxSegments(2)
                    .withWarmupSteps(2).withEmaDecay(config.kind().equals("trm") ? 0.9 : 0);
            Trainer.fresh(model, 2, run, "sudoku4", train, test, out, null).run();
            Checkpoint.Loaded loaded = Checkpoint.load(out);
            int[] inputs = test.get(0).inputTokens();
            Trajectory fromDisk = Trajectory.run(loaded.model(), inputs, 3);
            assertEquals(10, loaded.manifest().progress().step());
            // With an EMA the checkpoint holds the average, so compare with what was saved.
            if (run.emaDecay() == 0) {
                Trajectory inMemory = Trajectory.run(model, inputs, 3);
                for (int s = 0; s < 3; s++) {
                    assertArrayEquals(inMemory.steps().get(s).answer(), fromDisk.steps().get(s).answer());
                    assertEquals(inMemory.steps().get(s).confidence(), fromDisk.steps().get(s).confidence(), 0.0);
                }
            }
            assertEquals(config, loaded.manifest().model());
        }
    }

    /**
     * Claim: a run stopped at a checkpoint and resumed ends with exactly the weights of the
     * same run made in one go (with one segment per puzzle no sequence is in flight at a
     * checkpoint, so nothing is lost at the break).
     */
    @Test
    void resumingContinuesTheRunBitForBit(@TempDir Path dir) {
        ModelConfig config = new TransformerConfig(task.vocabularySize(), 16, 8, 2, 2.0, 1);
        TrainConfig whole = config(9, 1, 1e-3, "adamw");
        RefinementModel straight = config.build(5);
        Trainer.fresh(straight, 5, whole, "sudoku4", train, test, null, null).run();

        RefinementModel first = config.build(5);
        Path out = dir.resolve("run");
        Trainer.fresh(first, 5, whole.withSteps(6), "sudoku4", train, test, out, null).run();
        assertEquals(6, Checkpoint.manifest(out).progress().step());
        Trainer resumed = Trainer.resume(out, 9, train, test, null);
        Trainer.Result r = resumed.run();
        assertEquals(9, r.steps());
        assertArrayEquals(weights(straight), weights(resumed.model()), 0.0);
    }

    @Test
    void aDivergingRunStopsWithAMessageAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Trainer.fresh(tinyHrm(), 4, config(4, 2, 1e-3, "adamw"), "sudoku4", train, test, out, null).run();
        byte[] before = Files.readAllBytes(out.resolve(Checkpoint.MODEL_FILE));
        byte[] config = Files.readAllBytes(out.resolve(Checkpoint.CONFIG_FILE));

        Trainer.Result r = Trainer.fresh(tinyHrm(), 4, config(50, 2, 1e300, "adamw"), "sudoku4", train, test, out,
                null).run();
        assertTrue(r.diverged());
        assertTrue(r.stoppedBecause().contains("the loss became") || r.stoppedBecause().contains("gradient norm"),
                r.stoppedBecause());
        assertTrue(r.stoppedBecause().contains("last good checkpoint"), r.stoppedBecause());
        assertArrayEquals(before, Files.readAllBytes(out.resolve(Checkpoint.MODEL_FILE)));
        assertArrayEquals(config, Files.readAllBytes(out.resolve(Checkpoint.CONFIG_FILE)));
    }

    @Test
    void aCheckpointWhoseShapesDoNotMatchItsConfigIsRejected(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Trainer.fresh(tinyHrm(), 4, config(3, 2, 1e-3, "adamw"), "sudoku4", train, test, out, null).run();
        Path json = out.resolve(Checkpoint.CONFIG_FILE);
        Files.writeString(json, Files.readString(json).replace("\"hidden\" : 8", "\"hidden\" : 12"));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.load(out));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void anInterruptedCheckpointIsReportedNotMixed(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("run");
        Trainer.fresh(tinyHrm(), 4, config(3, 2, 1e-3, "adamw"), "sudoku4", train, test, out, null).run();
        Path json = out.resolve(Checkpoint.CONFIG_FILE);
        Files.writeString(json, Files.readString(json).replace("\"generation\" : 1", "\"generation\" : 2"));
        BadInputException e = assertThrows(BadInputException.class, () -> Checkpoint.load(out));
        assertTrue(e.getMessage().contains("interrupted"), e.getMessage());
    }

    @Test
    void evaluationRunsAllSegmentsAndScoresWithThePuzzlesOwnRules() {
        RefinementModel model = tinyHrm();
        Evaluator.Result r = Evaluator.evaluate(model, test, 3, 5);
        assertEquals(test.size(), r.puzzles());
        assertEquals(3, r.exactBySegment().length);
        assertTrue(r.averageSegments() >= 1 && r.averageSegments() <= 3);
        for (Tensor p : model.parameters()) {
            assertEquals(null, p.grad(), "evaluation records nothing");
        }
    }
}
