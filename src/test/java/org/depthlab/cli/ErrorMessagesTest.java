package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user gets wrong is answered in one line, exit code 2, in the user's terms: a file
 * that is not there is "cannot read FILE: no such file or directory" from every command that
 * reads one, and no message names a Java class.
 */
class ErrorMessagesTest {

    /** A Java class or package name, or an exception's name: what a user's message must never hold. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(java|javax|com|org)\\.[a-z]\\w*\\.|\\b\\w+(Exception|Error)\\b|`");

    static void assertUserError(CliRun run, String expected) {
        assertEquals(2, run.code(), run.out() + run.err());
        assertEquals(List.of("depthlab: " + expected), run.err().strip().lines().toList(), run.err());
    }

    static void assertNoJavaNames(String message) {
        assertFalse(JAVA_NAME.matcher(message).find(), "a Java name in: " + message);
    }

    @Test
    void everyCommandSaysAMissingFileInTheSameWords(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.txt");
        String said = "cannot read " + missing + ": no such file or directory";
        Path puzzles = dir.resolve("p.txt");
        Files.writeString(puzzles, "1234341221434321\n");

        assertUserError(CliRun.of("solve", "--file", missing.toString()), said);
        assertUserError(CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train", missing.toString(),
                "--out", dir.resolve("run").toString()), said);
        assertUserError(CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train", puzzles.toString(),
                "--test", missing.toString(), "--out", dir.resolve("run").toString()), said);
        assertUserError(CliRun.of("eval", "--checkpoint", missing.toString(), "--test", puzzles.toString()), said);
        assertUserError(CliRun.of("solve", "--checkpoint", missing.toString(), "--puzzle", "1234341221434321"), said);
        assertUserError(CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train", puzzles.toString(),
                "--out", missing.toString(), "--resume"), said);
        assertUserError(CliRun.of("inspect", missing.toString()), said);
        assertUserError(CliRun.of("exercise", "check", "rmsnorm-forward-backward", "--file", missing.toString()), said);
        assertUserError(CliRun.of("exercise", "list", "--exercises", missing.toString()), said);
        assertUserError(CliRun.of("serve", "--checkpoints", missing.toString(), "--port", "0"), said);
        assertUserError(CliRun.of("serve", "--exercises", missing.toString(), "--port", "0"), said);
        assertUserError(CliRun.of("serve", "--book", missing.toString(), "--port", "0"), said);

        Path run = tinyCheckpoint(dir);
        assertUserError(CliRun.of("eval", "--checkpoint", run.toString(), "--test", missing.toString()), said);
    }

    @Test
    void aBrokenCheckpointConfigurationIsDescribedInItsOwnTermsNotJavas(@TempDir Path dir) throws IOException {
        Path run = tinyCheckpoint(dir);
        Path puzzles = dir.resolve("data").resolve("test.txt");
        ObjectMapper json = new ObjectMapper();
        List<Consumer<ObjectNode>> breakages = List.of(
                c -> c.put("model", 5),
                c -> ((ObjectNode) c.get("model")).put("model", "xyz"),
                c -> ((ObjectNode) c.get("model")).put("hidden", "wide"),
                c -> ((ObjectNode) c.get("model")).put("hidden", -3),
                c -> ((ObjectNode) c.get("model")).put("positions", "sideways"),
                c -> ((ObjectNode) c.get("train")).put("lr", -1),
                c -> c.put("train", "fast"),
                c -> c.remove("train"),
                c -> c.putArray("progress"));
        Path config = run.resolve("config.json");
        String original = Files.readString(config);
        for (Consumer<ObjectNode> breakage : breakages) {
            ObjectNode c = (ObjectNode) json.readTree(original);
            breakage.accept(c);
            Files.writeString(config, json.writeValueAsString(c));
            CliRun eval = CliRun.of("eval", "--checkpoint", run.toString(), "--test", puzzles.toString());
            assertEquals(2, eval.code(), c + "\n" + eval.out() + eval.err());
            assertEquals(1, eval.err().strip().lines().count(), eval.err());
            assertTrue(eval.err().startsWith("depthlab: " + config), eval.err());
            assertNoJavaNames(eval.err());
        }
    }

    /** A checkpoint trained for a few updates, in dir/run, on puzzles in dir/data. */
    static Path tinyCheckpoint(Path dir) {
        Path data = dir.resolve("data");
        CliRun gen = CliRun.of("generate", "--task", "sudoku4", "--count", "12", "--test-count", "4", "--clues", "8",
                "--seed", "2", "--out", data.toString());
        assertEquals(0, gen.code(), gen.err());
        Path run = dir.resolve("run");
        CliRun train = CliRun.of("train", "--model", "hrm", "--task", "sudoku4", "--train",
                data.resolve("train.txt").toString(), "--test", data.resolve("test.txt").toString(), "--out",
                run.toString(), "--hidden", "8", "--steps", "4", "--batch", "4", "--segments", "2");
        assertEquals(0, train.code(), train.out() + train.err());
        return run;
    }
}
