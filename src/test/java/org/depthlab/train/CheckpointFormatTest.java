package org.depthlab.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints written before depthlab followed the published code (format 1) load and resume
 * as they were trained, and the two Adam-atan2 forms are different optimizers in training.
 */
class CheckpointFormatTest {

    private static final Task TASK = Task.named("sudoku4");
    private static final Dataset DATA = Dataset.generate(TASK, 16, 4, new SplittableRandom(9));

    private static RefinementModel tinyHrm() {
        return new HrmConfig(TASK.vocabularySize(), TASK.sequenceLength(), 8, 2, 2.0, 1, 1, 1, 1).build(3);
    }

    private static TrainConfig run(String optimizer) {
        return TrainConfig.defaults("hrm").withSteps(4).withBatch(4).withMaxSegments(2).withWarmupSteps(0)
                .withOptimizer(optimizer);
    }

    private static double[] weights(RefinementModel model) {
        return model.parameters().stream().flatMapToDouble(p -> Arrays.stream(p.value().data)).toArray();
    }

    /** Claim: a format-1 run's "adam-atan2" (bias correction inside the atan2) resumes as adam-atan2-inside. */
    @Test
    void aFormatOneCheckpointKeepsTheAdamAtan2FormItWasTrainedWith(@TempDir Path dir) throws IOException {
        Trainer.fresh(tinyHrm(), 3, run("adam-atan2-inside"), TASK.name(), DATA.train(), List.of(), dir, null).run();
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        String json = Files.readString(config);
        Files.writeString(config, json.replace(Checkpoint.FORMAT, Checkpoint.FORMAT_1)
                .replace("\"adam-atan2-inside\"", "\"adam-atan2\""));

        Checkpoint.Manifest m = Checkpoint.manifest(dir);
        assertEquals("adam-atan2-inside", m.train().optimizer());
        assertEquals(Checkpoint.FORMAT, m.format());
        assertEquals("adam-atan2", Checkpoint.manifest(write(dir.resolve("new"))).train().optimizer(),
                "a current checkpoint's adam-atan2 is the released form and stays so");
    }

    /**
     * Claim: a format-1 config.json, which has no SwiGLU width multiple and no TRM prefix length,
     * builds the model those runs trained — unrounded width, one prefix position — and its weights
     * load into it.
     */
    @Test
    void aFormatOneModelWithoutTheNewFieldsLoadsAsItWasBuilt(@TempDir Path dir) throws IOException {
        TrmConfig old = new TrmConfig(TASK.vocabularySize(), TASK.sequenceLength(), 8, 2, 4.0, 1, 1, 1, true,
                Positions.LEARNED);
        Trainer.fresh(old.build(5), 5, run("adam-atan2-inside").withEmaDecay(0), TASK.name(), DATA.train(),
                List.of(), dir, null).run();
        Path config = dir.resolve(Checkpoint.CONFIG_FILE);
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode manifest = (ObjectNode) mapper.readTree(config.toFile());
        manifest.put("format", Checkpoint.FORMAT_1);
        ((ObjectNode) manifest.get("model")).remove(List.of("ffnMultiple", "puzzleEmbLen"));
        Files.writeString(config, mapper.writeValueAsString(manifest));

        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        assertEquals(old, loaded.manifest().model());
        assertEquals(TASK.sequenceLength() + 1, loaded.model().statePositions());
    }

    /**
     * Claim: a run written by the previous version (src/test/resources/format1, README there)
     * resumes with today's code exactly as that version resumed it: the same weights, EMA and
     * optimizer state, bit for bit — its Adam-atan2 form, unrounded width, one-position prefix
     * and uncorrected EMA all kept.
     */
    @Test
    void aRunWrittenByThePreviousVersionResumesAsThatVersionResumedIt(@TempDir Path dir) throws Exception {
        Path fixture = Path.of(CheckpointFormatTest.class.getResource("/format1").toURI());
        Path run = dir.resolve("trm");
        Files.createDirectories(run);
        for (String f : List.of(Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE)) {
            Files.copy(fixture.resolve("trm-at-4").resolve(f), run.resolve(f));
        }
        Trainer.resume(run, 8, Dataset.readPuzzles(TASK, fixture.resolve("train.txt")),
                Dataset.readPuzzles(TASK, fixture.resolve("test.txt")), null).run();
        for (String f : List.of(Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE)) {
            Map<String, SafeTensorsFile.Entry> expected = SafeTensors.read(fixture.resolve("trm-at-8").resolve(f))
                    .tensors();
            Map<String, SafeTensorsFile.Entry> actual = SafeTensors.read(run.resolve(f)).tensors();
            assertEquals(expected.keySet(), actual.keySet(), f);
            expected.forEach((name, e) -> assertArrayEquals(e.matrix().data, actual.get(name).matrix().data, 0.0,
                    f + ": " + name));
        }
    }

    /** Claim: the trainer runs the form it is told: the released and the 0.0.2 form train differently. */
    @Test
    void theTwoAdamAtan2FormsTrainToDifferentWeights() {
        RefinementModel released = tinyHrm();
        RefinementModel inside = tinyHrm();
        Trainer.fresh(released, 3, run("adam-atan2"), TASK.name(), DATA.train(), List.of(), null, null).run();
        Trainer.fresh(inside, 3, run("adam-atan2-inside"), TASK.name(), DATA.train(), List.of(), null, null).run();
        assertFalse(Arrays.equals(weights(released), weights(inside)));
    }

    private static Path write(Path dir) {
        Trainer.fresh(tinyHrm(), 3, run("adam-atan2"), TASK.name(), DATA.train(), List.of(), dir, null).run();
        return dir;
    }
}
