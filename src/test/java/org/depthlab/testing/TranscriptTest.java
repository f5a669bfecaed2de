package org.depthlab.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/** The transcript syntax: every mark does what its description says, and nothing else passes. */
class TranscriptTest {

    private static Transcript.Printed out(String text) {
        return new Transcript.Printed(text, false);
    }

    private static Transcript.Printed err(String text) {
        return new Transcript.Printed(text, true);
    }

    /** The comparison can fail: a changed digit, a missing line, stdout for stderr; and it honours its marks. */
    @Test
    void theComparisonFailsOnAnyChangeButTimesAndElidedLines() {
        List<Transcript.Printed> printed = List.of(out("answer 1234"), err("line 1: dead end"),
                err("line 2: dead end"), err("csp (mrv): solved 3 of 3 puzzles; 422 nodes; 0.022 s"));
        assertTrue(Transcript.matches(List.of("answer 1234", "...",
                "csp (mrv): solved 3 of 3 puzzles; 422 nodes; ~0.5 s     (stderr)"), printed));
        assertFalse(Transcript.matches(List.of("answer 1234   ", "line 1: dead end", "...", "csp ... ~9 s"), printed),
                "'...' inside a line is literal");
        assertFalse(Transcript.matches(List.of("answer 1234", "...",
                "csp (mrv): solved 3 of 3 puzzles; 423 nodes; ~0.5 s"), printed), "a changed count");
        assertFalse(Transcript.matches(List.of("answer 1234", "line 1: dead end",
                "csp (mrv): solved 3 of 3 puzzles; 422 nodes; ~0.5 s"), printed), "a missing line");
        assertFalse(Transcript.matches(List.of("answer 1234", "...",
                "csp (mrv): solved 3 of 3 puzzles; 422 nodes; 0.5 s"), printed), "a time not marked as one");
        assertFalse(Transcript.matches(List.of("answer 1234      (stderr)", "..."), printed), "stdout is not stderr");
        assertTrue(Transcript.matches(List.of("...", "line 2: dead end", "..."), printed));
    }

    /** A time in a right-aligned column: its width changes with its digits, and so do the spaces before it. */
    @Test
    void aTimeInARightAlignedColumnMatchesWhateverItsWidth() {
        String expected = "  greedy    33.00%          0     ~107.4";
        assertTrue(Transcript.matches(List.of(expected), List.of(out("  greedy    33.00%          0      99.6"))));
        assertTrue(Transcript.matches(List.of(expected), List.of(out("  greedy    33.00%          0   1107.4"))));
        assertFalse(Transcript.matches(List.of(expected), List.of(out("  greedy    33.00%          099.6"))),
                "a time still needs a space before it where the text has one");
        assertFalse(Transcript.matches(List.of(expected), List.of(out("  greedy    33.00%          1      99.6"))),
                "the column before it is still checked");
    }

    /** {@code …} stands for any text within one line, and only within it. */
    @Test
    void anEllipsisStandsForAnyTextWithinALine() {
        assertTrue(Transcript.matches(List.of("a 1", "b … s"), List.of(out("a 1"), out("b 0.25 s"))));
        assertTrue(Transcript.matches(List.of("a", "...", "z"), List.of(out("a"), out("b"), out("c"), out("z"))));
        assertFalse(Transcript.matches(List.of("a 1"), List.of(out("a 2"))));
        assertFalse(Transcript.matches(List.of("a"), List.of(out("a"), out("extra"))));
        assertFalse(Transcript.matches(List.of("x … s"), List.of(out("x 1 s"), out("more"))));
        assertFalse(Transcript.matches(List.of("x … s"), List.of(out("y 1 s"))), "the text around … is exact");
        assertTrue(Transcript.matches(List.of("solved 1 of 1; … s   (stderr)"), List.of(err("solved 1 of 1; 0.01 s"))),
                "… and (stderr) together");
    }

    /**
     * Unmarked lines claim no stream: they may follow the terminal's order or all of stdout
     * then all of stderr; one {@code (stderr)} mark in a command makes the terminal's order the
     * only one.
     */
    @Test
    void theTerminalsOrderIsCheckedWhereAStreamIsMarked() {
        List<Transcript.Printed> interleaved = List.of(out("grid 1"), err("line 1: dead end"), out("grid 2"),
                err("solved 1 of 2"));
        assertTrue(Transcript.matches(List.of("grid 1", "line 1: dead end", "grid 2", "solved 1 of 2"), interleaved));
        assertTrue(Transcript.matches(List.of("grid 1", "grid 2", "line 1: dead end", "solved 1 of 2"), interleaved),
                "stdout, then stderr");
        assertFalse(Transcript.matches(List.of("grid 1", "grid 2", "line 1: dead end   (stderr)",
                "solved 1 of 2   (stderr)"), interleaved), "marked lines keep the terminal's order");
        assertFalse(Transcript.matches(List.of("line 1: dead end", "grid 1", "grid 2", "solved 1 of 2"), interleaved),
                "no other order");
    }

    @Test
    void blocksParseIntoCommandsWithTheirShellWordsAndOutputs() {
        List<Transcript> parsed = Transcript.parse("T.md", "text\n```console\n$ ./depthlab solve --puzzle \"1.2 .\" \\\n"
                + "    --task sudoku4   # one puzzle\nout\n\n$ ./depthlab generate --task pointer > p.txt\n```\n"
                + "```sh\n./depthlab tour\n```\n```console slow\n$ ./depthlab claims\n...\n```\n");
        assertEquals(2, parsed.size());
        Transcript.Command first = parsed.get(0).commands().get(0);
        assertEquals(List.of("solve", "--puzzle", "1.2 .", "--task", "sudoku4"), first.args());
        assertEquals(List.of("out"), first.expected());
        assertEquals("p.txt", parsed.get(0).commands().get(1).redirect());
        assertTrue(parsed.get(1).slow() && !parsed.get(0).slow());
        assertEquals(2, parsed.get(0).line());
        Transcript.Command quoted = Transcript.parse("T.md", "```console\n$ ./depthlab solve --puzzle '4x3 A1=B2 A2<B1'"
                + " \"..>..#\" ''\n```\n").get(0).commands().get(0);
        assertEquals(List.of("solve", "--puzzle", "4x3 A1=B2 A2<B1", "..>..#", ""), quoted.args(),
                "quoted words stay whole, with no redirect or comment in them");
        assertEquals(null, quoted.redirect());
        assertThrows(IllegalArgumentException.class, () -> Transcript.parse("T.md", "```console\n$ ls\n```\n"),
                "only ./depthlab commands can be checked");
    }

    /** A command that exits with 2 fails its transcript even where the expected lines would match. */
    @Test
    void aCommandThatRejectsItsInputFailsWhateverItPrinted(@TempDir Path dir) {
        List<Transcript> bad = Transcript.parse("T.md", "```console\n$ ./depthlab solve --no-such-option\n...\n```\n");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> TranscriptSession.check(bad, dir, Duration.ofMinutes(2)));
        assertTrue(e.getMessage().contains("exit code 2, which is not an answer"), e.getMessage());
    }
}
