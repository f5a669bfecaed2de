package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code exercise show} and {@code exercise hints} print what the site shows. */
class ExerciseShowTest {

    @Test
    void aChoiceExerciseIsShownWithItsOptions() {
        CliRun r = CliRun.of("exercise", "show", "tc0-upper-bound", "--exercises", "exercises");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("What the TC0 upper bound says\nA choice exercise of chapter 01-what-depth-is."), r.out());
        assertTrue(r.out().contains("Merrill and Sabharwal prove"), "the instructions");
        assertFalse(r.out().contains("# What the TC0"), "the title is printed once, not as a Markdown heading");
        assertTrue(r.out().contains("Options:\n  a) ") && r.out().contains("\n  d) "), r.out());
        assertTrue(r.out().contains("3 hints: depthlab exercise hints tc0-upper-bound [N]"), r.out());
        assertFalse(r.out().contains("The simulation shows"), "the explanation is shown only after a right answer");
    }

    @Test
    void numericAndJavaExercisesSayWhatAnAnswerIs() {
        CliRun numeric = CliRun.of("exercise", "show", "trm-depth", "--exercises", "exercises");
        assertTrue(numeric.out().contains("The answer is a number (layer applications)."), numeric.out());
        CliRun java = CliRun.of("exercise", "show", "softmax-backward", "--exercises", "exercises");
        assertTrue(java.out().contains("Starter Softmax.java") && java.out().contains("    public final class Softmax {"), java.out());
        assertTrue(java.out().contains("depthlab exercise check softmax-backward --file Softmax.java"), java.out());
    }

    @Test
    void hintsArePrintedInOrderUpToN() {
        CliRun one = CliRun.of("exercise", "hints", "trm-depth", "1", "--exercises", "exercises");
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("Hint 1 of 3:\n  One recursion"), one.out());
        assertFalse(one.out().contains("Hint 2"));
        CliRun all = CliRun.of("exercise", "hints", "trm-depth", "--exercises", "exercises");
        assertTrue(all.out().contains("Hint 3 of 3:"), all.out());
        CliRun bad = CliRun.of("exercise", "hints", "no-such-exercise", "--exercises", "exercises");
        assertEquals(Main.BAD_INPUT, bad.code());
        assertTrue(bad.err().startsWith("depthlab: there is no exercise 'no-such-exercise'"), bad.err());
        assertEquals(Main.BAD_INPUT, CliRun.of("exercise", "hints", "trm-depth", "0", "--exercises", "exercises").code());
    }
}
