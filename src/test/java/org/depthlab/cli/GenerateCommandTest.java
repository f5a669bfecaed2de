package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;
import org.depthlab.tasks.Dataset;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.tasks.SudokuTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depthlab generate: reproducible, unique-solution output, files written atomically, clear errors. */
class GenerateCommandTest {

    @Test
    void sudokuOutputIsReproducibleUniqueAndAsHardAsAsked() {
        CliRun a = CliRun.of("generate", "--task", "sudoku9", "--count", "5", "--seed", "11", "--min-backtracks", "10");
        CliRun b = CliRun.of("generate", "--task", "sudoku9", "--count", "5", "--seed", "11", "--min-backtracks", "10");
        assertEquals(0, a.code(), a.err());
        assertEquals(a.out(), b.out());
        List<String> lines = a.out().lines().collect(Collectors.toList());
        assertEquals(5, lines.size());
        for (String line : lines) {
            SudokuCsp csp = new SudokuCsp(Sudoku.parse(line));
            SolverResult r = new CspSolver().count(csp, 2);
            assertEquals(1, r.solutions(), line);
            assertTrue(new CspSolver().solve(csp).backtracks() >= 10, line);
        }
        assertNotEquals(a.out(), CliRun.of("generate", "--task", "sudoku9", "--count", "5", "--seed", "12").out());
        assertTrue(a.err().contains("generated 5 sudoku9 puzzles"), a.err());
    }

    @Test
    void everyTaskGenerates() {
        for (String[] args : List.of(new String[] {"--task", "sudoku4"}, new String[] {"--task", "sudoku6", "--clues", "14"},
                new String[] {"--task", "maze15", "--min-path", "20"}, new String[] {"--task", "pointer", "--nodes", "6", "--hops", "3"},
                new String[] {"--task", "queens8", "--clues", "3"})) {
            String[] full = Stream.concat(Stream.of("generate", "--count", "3", "--seed", "1"), Stream.of(args)).toArray(String[]::new);
            CliRun r = CliRun.of(full);
            assertEquals(0, r.code(), String.join(" ", full) + ": " + r.err());
            assertTrue(!r.out().isBlank());
        }
        CliRun maze = CliRun.of("generate", "--task", "maze9", "--count", "3", "--seed", "1");
        assertEquals(3, maze.out().split("\n\n").length);
        assertEquals(3 * 9 + 2, maze.out().lines().count());
    }

    @Test
    void outFileHoldsExactlyWhatStdoutWouldAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub").resolve("puzzles.txt");
        CliRun toFile = CliRun.of("generate", "--task", "sudoku6", "--count", "4", "--seed", "3", "--out", file.toString());
        assertEquals(0, toFile.code(), toFile.err());
        assertEquals("", toFile.out());
        assertEquals(CliRun.of("generate", "--task", "sudoku6", "--count", "4", "--seed", "3").out(), Files.readString(file));
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.collect(Collectors.toList()));
        }
    }

    @Test
    void testCountWritesASplitWithoutLeaks(@TempDir Path dir) {
        CliRun r = CliRun.of("generate", "--task", "sudoku4", "--count", "10", "--test-count", "5", "--seed", "2",
                "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        Dataset d = Dataset.read(new SudokuTask(Sudoku.Shape.FOUR, 0, 0), dir);
        assertEquals(10, d.train().size());
        assertEquals(5, d.test().size());
        Set<String> seen = new HashSet<>();
        for (Puzzle p : d.train()) {
            seen.add(p.fingerprint());
        }
        for (Puzzle p : d.test()) {
            assertTrue(seen.add(p.fingerprint()), p.format());
        }
    }

    @Test
    void badRequestsExitTwoWithOneLine() {
        String[][] bad = {
            {"generate", "--task", "sudoku5"},
            {"generate", "--task", "sudoku9", "--min-path", "3"},
            {"generate", "--task", "maze"},
            {"generate", "--task", "maze3"},
            {"generate", "--task", "sudoku9", "--count", "-1"},
            {"generate", "--task", "sudoku4", "--test-count", "3"},
            {"generate", "--task", "queens3"},
            {"generate", "--count", "3"},
        };
        for (String[] args : bad) {
            CliRun r = CliRun.of(args);
            assertEquals(Main.BAD_INPUT, r.code(), String.join(" ", args));
            assertEquals(1, r.err().lines().count(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().startsWith("depthlab: "), r.err());
        }
    }
}
