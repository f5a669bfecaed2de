package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
            {"exercise", "list", "--exercises", dir.resolve("none").toString()}}) {
            CliRun r = CliRun.of(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("depthlab: "), r.err());
        }
    }
}
