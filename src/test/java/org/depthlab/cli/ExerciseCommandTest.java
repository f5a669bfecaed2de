package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depthlab exercise list|check}: the verdict printed readably, exit 0 when it passes and
 * 1 when it does not; a mistake of the user's is one line on stderr and exit 2.
 */
class ExerciseCommandTest {

    @TempDir
    Path dir;

    @Test
    void listShowsEverySeededExerciseWithItsKind() {
        CliRun r = CliRun.of("exercise", "list");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("rmsnorm-forward-backward") && r.out().contains("java"), r.out());
        assertTrue(r.out().contains("hrm-segment-depth") && r.out().contains("numeric"), r.out());
        assertTrue(r.out().contains("decoder-retraction") && r.out().contains("choice"), r.out());
    }

    @Test
    void checkGradesAnAnswer() {
        CliRun right = CliRun.of("exercise", "check", "hrm-segment-depth", "--answer", "33");
        assertEquals(0, right.code(), right.err());
        assertTrue(right.out().startsWith("hrm-segment-depth: PASSED"), right.out());
        CliRun wrong = CliRun.of("exercise", "check", "decoder-retraction", "--answer", "a");
        assertEquals(1, wrong.code());
        assertTrue(wrong.out().startsWith("decoder-retraction: FAILED"), wrong.out());
    }

    @Test
    void checkWithoutAFileGradesTheStarterAndWithTheReferencePasses() {
        CliRun starter = CliRun.of("exercise", "check", "rmsnorm-forward-backward");
        assertEquals(1, starter.code(), starter.out() + starter.err());
        assertTrue(starter.out().contains("FAILED") && starter.out().contains("FAIL  forwardDividesEachRowByItsRootMeanSquare"),
                starter.out());
        CliRun reference = CliRun.of("exercise", "check", "rmsnorm-forward-backward", "--file",
                "exercises/rmsnorm-forward-backward/reference/RmsNorm.java");
        assertEquals(0, reference.code(), reference.out() + reference.err());
        assertTrue(reference.out().contains("PASSED") && reference.out().contains("pass  backwardMatchesCentralFiniteDifferences"),
                reference.out());
    }

    /**
     * For an autograder: the verdict as Gradescope's results.json, written atomically, never
     * over a file without --force, with every hidden test's name and status and none of their
     * messages.
     */
    @Test
    void resultsJsonIsWrittenInGradescopesFormat() throws Exception {
        Path results = dir.resolve("results.json");
        CliRun starter = CliRun.of("exercise", "check", "rmsnorm-forward-backward", "--format", "results-json",
                "--output", results.toString());
        assertEquals(1, starter.code(), starter.out() + starter.err());
        assertTrue(starter.out().contains("results written to " + results), starter.out());
        JsonNode json = new ObjectMapper().readTree(Files.readString(results));
        assertEquals(0.0, json.path("score").asDouble());
        assertTrue(json.path("tests").size() >= 6, json.toString());
        for (JsonNode t : json.path("tests")) {
            assertEquals("failed", t.path("status").asText());
            assertTrue(t.path("name").asText().matches("\\w+") && t.path("max_score").asDouble() == 1.0, t.toString());
        }
        assertFalse(json.toString().contains("not written yet"), "a hidden test's message was written: " + json);

        CliRun again = CliRun.of("exercise", "check", "hrm-segment-depth", "--answer", "33", "--format", "results-json",
                "--output", results.toString());
        assertEquals(2, again.code(), "an existing file is not replaced without --force: " + again.err());
        CliRun forced = CliRun.of("exercise", "check", "hrm-segment-depth", "--answer", "33", "--format", "results-json",
                "--output", results.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(1.0, new ObjectMapper().readTree(Files.readString(results)).path("score").asDouble());
    }

    @Test
    void mistakesAreOneLineAndExitCode2() {
        for (String[] args : new String[][] {
            {"exercise", "check", "no-such-exercise"},
            {"exercise", "check", "rmsnorm-forward-backward", "--file", dir.resolve("Missing.java").toString()},
            {"exercise", "check", "rmsnorm-forward-backward", "--answer", "42"},
            {"exercise", "check", "hrm-segment-depth"},
            {"exercise", "check", "hrm-segment-depth", "--file", "x.java"},
            {"exercise", "check", "decoder-retraction", "--answer", "z"},
            {"exercise", "check", "decoder-retraction", "--answer", ""},
            {"exercise", "check", "decoder-retraction", "--answer", "b", "--format", "xml"},
            {"exercise", "check", "rmsnorm-forward-backward", "--file", "exercises/rmsnorm-forward-backward/starter/RmsNorm.java",
                "--file", "exercises/rmsnorm-forward-backward/reference/RmsNorm.java"},
            {"exercise", "list", "--exercises", dir.resolve("none").toString()}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("depthlab: "), r.err());
        }
    }
}
