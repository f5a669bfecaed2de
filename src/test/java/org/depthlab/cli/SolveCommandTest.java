package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.depthlab.tasks.Maze;
import org.depthlab.tasks.MazePuzzle;
import org.depthlab.tasks.Queens;
import org.depthlab.tasks.QueensCsp;
import org.depthlab.tasks.Sudoku;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depthlab solve: answers in input order, bad lines reported and skipped, greedy dead ends. */
class SolveCommandTest {

    private static final String ESCARGOT =
            "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..";
    private static final String EASY =
            "..3.2.6..9..3.5..1..18.64....81.29..7.......8..67.82....26.95..8..2.3..9..5.1.3..";

    @Test
    void fileWithABadLineSolvesTheOthersInOrderAndExitsTwo(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("puzzles.txt");
        Files.writeString(f, ESCARGOT + "\n\n12345\n" + EASY.replace('.', '0') + "\n11..............\n1...............\n");
        CliRun r = CliRun.of("solve", "--solver", "csp", "--file", f.toString());
        assertEquals(Main.BAD_INPUT, r.code());
        List<String> out = r.out().lines().collect(Collectors.toList());
        assertEquals(3, out.size());
        assertTrue(Sudoku.parse(out.get(0)).isSolutionOf(Sudoku.parse(ESCARGOT)));
        assertTrue(Sudoku.parse(out.get(1)).isSolutionOf(Sudoku.parse(EASY)));
        assertTrue(Sudoku.parse(out.get(2)).isSolutionOf(Sudoku.parse("1...............")));
        assertTrue(r.err().contains("line 3: expected a Sudoku of 16, 36 or 81 characters"), r.err());
        assertTrue(r.err().contains("line 5: the givens conflict: digit 1 appears twice in row 1."), r.err());
        assertTrue(r.err().contains("csp (mrv): solved 3 of 3 puzzles;"), r.err());
        assertTrue(r.err().contains("2 puzzles rejected"), r.err());
    }

    @Test
    void anUnsolvablePuzzleIsAnsweredAndExitsOne() {
        String noSolution = "12345678." + ".........".repeat(3) + "........9" + ".........".repeat(4);
        CliRun r = CliRun.of("solve", "--puzzle", noSolution);
        assertEquals(SolveCommand.UNSOLVED, r.code());
        assertEquals(noSolution, r.out().strip());
        assertTrue(r.err().contains("line 1: no solution"), r.err());
        assertTrue(r.err().contains("solved 0 of 1"), r.err());
    }

    @Test
    void greedyReportsItsDeadEndAndPrintsWhatItCommitted() {
        CliRun r = CliRun.of("solve", "--solver", "greedy", "--puzzle", ESCARGOT);
        assertEquals(SolveCommand.UNSOLVED, r.code(), r.err());
        Sudoku partial = Sudoku.parse(r.out().strip());
        assertTrue(partial.clueCount() > 23 && !partial.isComplete());
        assertTrue(r.err().matches("(?s)line 1: dead end at row \\d column \\d after \\d+ values committed\n.*"), r.err());
        CliRun easy = CliRun.of("solve", "--solver", "greedy", "--puzzle", EASY);
        assertTrue(Sudoku.parse(easy.out().strip()).isSolutionOf(Sudoku.parse(EASY)));
        assertEquals(0, easy.code(), easy.err());
        assertTrue(easy.err().contains("greedy (mrv): solved 1 of 1 puzzles; "), easy.err());
        assertTrue(r.err().contains(" values committed, none taken back; "), r.err());
    }

    /** The summary says what the search did, in its own units: no "nodes" for BFS or repeated squaring. */
    @Test
    void eachSummaryLineSaysWhatItsSearchDid() {
        String maze = "#######\n#S    #\n# ### #\n#   # #\n### # #\n#G    #\n#######";
        CliRun bfs = CliRun.of("solve", "--task", "maze", "--puzzle", maze);
        // Every open cell is reachable from S: 5 + 2 + 4 + 2 + 5 = 18 of them, S and G included.
        assertTrue(bfs.err().matches("(?s)bfs: solved 1 of 1 puzzles; 18 cells visited; [0-9.]+ s\n"), bfs.err());

        CliRun squaring = CliRun.of("solve", "--task", "pointer", "--puzzle", "next=1,2,0,0 start=0 hops=5");
        // k = 5 = 101 in binary: f, f^2, f^4 — two compositions.
        assertTrue(squaring.err().matches(
                "(?s)repeated squaring: solved 1 of 1 puzzles; 2 compositions of the pointer function; [0-9.]+ s\n"),
                squaring.err());

        CliRun csp = CliRun.of("solve", "--puzzle", EASY);
        assertTrue(csp.err().matches("(?s)csp \\(mrv\\): solved 1 of 1 puzzles; \\d+ nodes, 0 backtracks; [0-9.]+ s\n"),
                csp.err());
    }

    /**
     * Without --task, a file of mazes, pointer puzzles, boards, Futoshiki or logic grids is named as such, with the
     * --task that reads it.
     */
    @Test
    void aFileOfAnotherTaskSaysWhichTaskFits(@TempDir Path dir) throws IOException {
        for (String task : new String[] {"maze9", "pointer", "queens8", "futoshiki4", "logic4"}) {
            Path f = dir.resolve(task + ".txt");
            CliRun gen = CliRun.of("generate", "--task", task, "--count", "3", "--seed", "1", "--out", f.toString());
            assertEquals(0, gen.code(), gen.err());
            String family = task.replaceAll("[0-9]", "");
            CliRun r = CliRun.of("solve", "--file", f.toString());
            assertEquals(Main.BAD_INPUT, r.code(), r.err());
            assertEquals(List.of("depthlab: " + f + " holds " + family + " puzzles, not sudoku: give --task " + family
                    + "."), r.err().lines().toList());
            assertEquals("", r.out());
            CliRun right = CliRun.of("solve", "--task", family, "--file", f.toString());
            assertEquals(0, right.code(), right.err());
        }
        CliRun one = CliRun.of("solve", "--puzzle", "next=1,2,0 start=0 hops=5");
        assertEquals(List.of("depthlab: the --puzzle is a pointer puzzle, not sudoku: give --task pointer."),
                one.err().lines().toList());
        // A line that is no puzzle of any task is still reported as a bad Sudoku line.
        CliRun nonsense = CliRun.of("solve", "--puzzle", "hello");
        assertTrue(nonsense.err().startsWith("line 1: expected a Sudoku"), nonsense.err());
    }

    @Test
    void mazePointerAndQueensAreSolved() {
        String maze = "#######\n#S    #\n# ### #\n#   # #\n### # #\n#G    #\n#######";
        CliRun m = CliRun.of("solve", "--task", "maze", "--puzzle", maze);
        assertEquals(0, m.code(), m.err());
        MazePuzzle p = MazePuzzle.of(Maze.parse(maze));
        String answer = m.out().stripTrailing();
        int[] tokens = new int[49];
        String flat = answer.replace("\n", "");
        for (int i = 0; i < 49; i++) {
            tokens[i] = Maze.CHARSET.indexOf(flat.charAt(i)) + 1;
        }
        assertTrue(p.isCorrect(tokens), answer);

        CliRun ptr = CliRun.of("solve", "--task", "pointer", "--puzzle", "next=1,2,0,0 start=0 hops=4");
        assertEquals("1", ptr.out().strip());

        CliRun q = CliRun.of("solve", "--task", "queens8", "--puzzle", "Q" + ".".repeat(63));
        Queens solved = Queens.parse(q.out().strip());
        assertEquals(8, solved.queenCount());
        assertTrue(new QueensCsp(Queens.parse("Q" + ".".repeat(63))).isSolution(solved.columns()));
    }

    @Test
    void mazeFilesAreBlocksAndAnswersAreSeparatedTheSameWay(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("mazes.txt");
        CliRun gen = CliRun.of("generate", "--task", "maze9", "--count", "3", "--seed", "4", "--out", f.toString());
        assertEquals(0, gen.code(), gen.err());
        CliRun r = CliRun.of("solve", "--task", "maze9", "--file", f.toString());
        assertEquals(0, r.code(), r.err());
        String[] answers = r.out().split("\n\n");
        assertEquals(3, answers.length);
        for (String a : answers) {
            assertTrue(a.contains("o"), a);
        }
    }

    @Test
    void badOptionsExitTwoWithOneLine() {
        String[][] bad = {
            {"solve", "--solver", "magic", "--puzzle", EASY},
            {"solve", "--order", "random", "--puzzle", EASY},
            {"solve", "--solver", "greedy", "--task", "maze", "--puzzle", "x"},
            {"solve", "--task", "chess", "--puzzle", "x"},
            {"solve"},
            {"solve", "--file", "no/such/file.txt"},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.of(args);
            assertEquals(Main.BAD_INPUT, r.code(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
        }
    }
}
