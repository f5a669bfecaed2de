package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.depthlab.tasks.Futoshiki;
import org.depthlab.tasks.LogicGrid;
import org.junit.jupiter.api.Test;

/** generate and solve know Futoshiki and logic grids: seeded files, solutions, greedy dead ends, bad lines. */
class ConstraintTasksCommandTest {

    @Test
    void generateIsSeededAndSolveSolvesEveryFutoshiki() {
        CliRun gen = CliRun.of("generate", "--task", "futoshiki4", "--count", "4", "--seed", "3");
        assertEquals(0, gen.code(), gen.err());
        assertEquals(gen.out(), CliRun.of("generate", "--task", "futoshiki4", "--count", "4", "--seed", "3").out());
        List<String> puzzles = gen.out().lines().toList();
        assertEquals(4, puzzles.size());
        for (String p : puzzles) {
            CliRun solved = CliRun.of("solve", "--task", "futoshiki", "--puzzle", p);
            assertEquals(0, solved.code(), solved.err());
            assertTrue(Futoshiki.parse(solved.out().strip()).isSolutionOf(Futoshiki.parse(p)), solved.out());
        }
    }

    @Test
    void logicGridsAreSolvedAndTheGreedyDecoderReportsItsDeadEnd() {
        String puzzle = "4x3 A4=B1 A3<B1 B3=C2 C4-A2 B3<C3 B2-A1 B4=C1";
        CliRun csp = CliRun.of("solve", "--task", "logic4", "--puzzle", puzzle);
        assertEquals(0, csp.code(), csp.err());
        assertEquals("A3B3C2|A4B1C4|A2B2C3|A1B4C1", csp.out().strip());
        assertTrue(csp.err().contains("csp (mrv): solved 1 of 1 puzzles"), csp.err());
        CliRun greedy = CliRun.of("solve", "--task", "logic", "--solver", "greedy", "--puzzle", puzzle);
        assertTrue(greedy.err().contains("dead end at B2"), greedy.err());
        LogicGrid.parse(puzzle);
    }

    @Test
    void aBadLineIsOneSentenceAndExitTwo() {
        CliRun r = CliRun.of("solve", "--task", "logic", "--puzzle", "4x3 A1=B9");
        assertEquals(Main.BAD_INPUT, r.code());
        assertTrue(r.err().contains("'B9' is not an attribute"), r.err());
        CliRun g = CliRun.of("generate", "--task", "logic4", "--clues", "3");
        assertEquals(Main.BAD_INPUT, g.code());
        assertEquals(1, g.err().lines().count(), g.err());
        CliRun t = CliRun.of("generate", "--task", "futoshiki12");
        assertEquals(Main.BAD_INPUT, t.code());
        assertTrue(t.err().contains("futoshiki<N>"), t.err());
    }
}
