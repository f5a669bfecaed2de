package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * First use that loses nothing: {@code train --resume} continues the saved run to its own
 * total and refuses options that contradict it; {@code train} and {@code generate} do not
 * write into a folder (or over a file) that holds a run or a dataset without {@code --force}.
 */
class KeepingWorkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String[] train(Path data, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "hrm", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static Path dataset(Path dir) {
        Path data = dir.resolve("data");
        CliRun gen = CliRun.of("generate", "--task", "sudoku4", "--count", "12", "--test-count", "4", "--clues", "8",
                "--seed", "2", "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());
        return data;
    }

    private static long lastStep(Path run) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        return JSON.readTree(lines.get(lines.size() - 1)).get("step").asLong();
    }

    /**
     * A run started for 9 updates whose process stopped after 6: its checkpoint says 6 of 9.
     * (The run trains 6 updates, then its config.json is given the total it was started for.)
     */
    private static Path interruptedRun(Path data, Path dir) throws IOException {
        Path run = dir.resolve("run");
        CliRun first = CliRun.of(train(data, run, "--hidden", "8", "--batch", "4", "--segments", "2", "--steps", "6",
                "--lr", "1e-3"));
        assertEquals(0, first.code(), first.out() + first.err());
        Path config = run.resolve("config.json");
        ObjectNode c = (ObjectNode) JSON.readTree(config.toFile());
        assertEquals(6, c.at("/progress/step").asLong());
        ((ObjectNode) c.get("train")).put("steps", 9);
        Files.writeString(config, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(c));
        return run;
    }

    @Test
    void resumeWithoutStepsContinuesToTheRunsOwnTotal(@TempDir Path dir) throws IOException {
        Path data = dataset(dir);
        Path run = interruptedRun(data, dir);

        CliRun resumed = CliRun.of(train(data, run, "--resume"));
        assertEquals(0, resumed.code(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming hrm from update 6 of 9"), resumed.out());
        assertTrue(resumed.out().contains("done: 9 updates"), resumed.out());
        assertEquals(9, lastStep(run));

        CliRun finished = CliRun.of(train(data, run, "--resume"));
        ErrorMessagesTest.assertUserError(finished, "the run in " + run
                + " has done 9 updates, all it was started for: give --steps with a larger total to train on.");
        CliRun fewer = CliRun.of(train(data, run, "--resume", "--steps", "5"));
        assertEquals(2, fewer.code(), fewer.err());
        assertTrue(fewer.err().contains("more than --steps 5"), fewer.err());

        CliRun more = CliRun.of(train(data, run, "--resume", "--steps", "11"));
        assertEquals(0, more.code(), more.out() + more.err());
        assertTrue(more.out().contains("resuming hrm from update 9 of 11"), more.out());
        assertEquals(11, lastStep(run));
    }

    @Test
    void resumeRefusesAnOptionThatContradictsTheSavedRun(@TempDir Path dir) throws IOException {
        Path data = dataset(dir);
        Path run = interruptedRun(data, dir);
        String before = Files.readString(run.resolve("metrics.jsonl"));

        CliRun looped = CliRun.of("train", "--model", "looped", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--out", run.toString(), "--resume");
        ErrorMessagesTest.assertUserError(looped, "the run in " + run + " was started with --model hrm, not --model"
                + " looped: give --model hrm to resume it, or start a new run elsewhere.");
        ErrorMessagesTest.assertUserError(CliRun.of(train(data, run, "--resume", "--lr", "0.5")), "the run in " + run
                + " was started with --lr 0.001, not --lr 0.5: leave --lr out to resume it, or start a new run"
                + " elsewhere.");
        for (String[] contradiction : new String[][] {{"--hidden", "16"}, {"--segments", "3"}, {"--batch", "8"},
                {"--optimizer", "adamw"}, {"--seed", "2"}, {"--no-augment"}, {"--positions", "rope"}, {"-T", "3"},
                {"--task", "sudoku6"}}) {
            List<String> more = new ArrayList<>(List.of("--resume"));
            more.addAll(List.of(contradiction));
            String[] args = train(data, run, more.toArray(String[]::new));
            if (contradiction[0].equals("--task")) {
                args[4] = "sudoku6"; // the required --task itself
                args = java.util.Arrays.copyOf(args, args.length - 2);
            }
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", contradiction) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("was started with"), r.err());
        }
        CliRun notHrm = CliRun.of(train(data, run, "--resume", "--loops", "3"));
        ErrorMessagesTest.assertUserError(notHrm, "--loops does not apply to the hrm run in " + run
                + ": leave it out to resume it.");
        assertEquals(before, Files.readString(run.resolve("metrics.jsonl")), "a refused resume trains nothing");

        // The command that started the run, with --resume added, agrees with it.
        CliRun same = CliRun.of(train(data, run, "--hidden", "8", "--batch", "4", "--segments", "2", "--lr", "1e-3",
                "--resume"));
        assertEquals(0, same.code(), same.out() + same.err());
        assertEquals(9, lastStep(run));
    }

    @Test
    void trainDoesNotWriteIntoARunOrADatasetWithoutForce(@TempDir Path dir) throws IOException {
        Path data = dataset(dir);
        Path run = dir.resolve("run");
        String[] first = train(data, run, "--hidden", "8", "--batch", "4", "--segments", "2", "--steps", "4");
        assertEquals(0, CliRun.of(first).code());
        String config = Files.readString(run.resolve("config.json"));
        String metrics = Files.readString(run.resolve("metrics.jsonl"));

        String[] again = train(data, run, "--hidden", "16", "--batch", "4", "--segments", "2", "--steps", "2");
        ErrorMessagesTest.assertUserError(CliRun.of(again), run
                + " already holds a run: --resume continues it, --force replaces it.");
        assertEquals(config, Files.readString(run.resolve("config.json")));
        assertEquals(metrics, Files.readString(run.resolve("metrics.jsonl")));

        List<String> forced = new ArrayList<>(List.of(again));
        forced.add("--force");
        CliRun replaced = CliRun.of(forced.toArray(String[]::new));
        assertEquals(0, replaced.code(), replaced.out() + replaced.err());
        assertEquals(16, JSON.readTree(run.resolve("config.json").toFile()).at("/model/hidden").asInt());
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            assertTrue(JSON.readTree(line).get("step").asLong() <= 2, "only the new run's epochs: " + line);
        }

        CliRun intoData = CliRun.of(train(data, data, "--hidden", "8", "--steps", "2"));
        ErrorMessagesTest.assertUserError(intoData, data + " already holds test.txt, train.txt: --force writes into it"
                + " anyway.");
        ErrorMessagesTest.assertUserError(CliRun.of(train(data, run, "--resume", "--force")), "--resume continues the"
                + " run in " + run + " and --force replaces it: give one of them.");
    }

    @Test
    void generateDoesNotReplaceADatasetOrAFileWithoutForce(@TempDir Path dir) throws IOException {
        Path data = dataset(dir);
        String train = Files.readString(data.resolve("train.txt"));
        CliRun again = CliRun.of("generate", "--task", "sudoku4", "--count", "5", "--test-count", "2", "--seed", "9",
                "--out", data.toString());
        ErrorMessagesTest.assertUserError(again, data + " already holds a dataset: --force replaces it.");
        assertEquals(train, Files.readString(data.resolve("train.txt")));
        CliRun forced = CliRun.of("generate", "--task", "sudoku4", "--count", "5", "--test-count", "2", "--seed", "9",
                "--out", data.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertNotEquals(train, Files.readString(data.resolve("train.txt")));
        assertEquals(5, Files.readAllLines(data.resolve("train.txt")).size());

        Path file = dir.resolve("puzzles.txt");
        assertEquals(0, CliRun.of("generate", "--task", "sudoku4", "--count", "3", "--out", file.toString()).code());
        String puzzles = Files.readString(file);
        ErrorMessagesTest.assertUserError(CliRun.of("generate", "--task", "sudoku4", "--count", "4", "--seed", "5",
                "--out", file.toString()), file + " already exists: --force replaces it.");
        assertEquals(puzzles, Files.readString(file));
        assertEquals(0, CliRun.of("generate", "--task", "sudoku4", "--count", "4", "--seed", "5", "--out",
                file.toString(), "--force").code());
        assertEquals(4, Files.readAllLines(file).size());
    }
}
