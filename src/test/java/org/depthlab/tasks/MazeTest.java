package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.GridPaths;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** The maze text format, the generator's promises, and the answer verifier on a maze with two routes. */
class MazeTest {


    @Test
    void textFormatRoundTripsAndReadsPathCellsAsOpen() {
        String text = "#####\n#S  #\n# # #\n#  G#\n#####";
        Maze m = Maze.parse(text);
        assertEquals(text, m.format());
        assertEquals(m, Maze.parse(text.replace("#S  #", "#Soo#")));
        assertEquals(5, m.size());
        assertEquals(6, m.start());
        assertEquals(18, m.goal());
    }

    @Test
    void badMazesAreRejectedNamingTheRow() {
        BadInputException e = assertThrows(BadInputException.class, () -> Maze.parse("#####\n#S #\n#   #\n#  G#\n#####"));
        assertTrue(e.getMessage().contains("row 2") && e.getMessage().contains("4 characters"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Maze.parse("#####\n#S x#\n#   #\n#  G#\n#####"));
        assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("row 2"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Maze.parse("#####\n#S  #\n#   #\n#   #\n#####"));
        assertTrue(e.getMessage().contains("goal"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Maze.parse("#####\n#S  #\n# S #\n#  G#\n#####"));
        assertTrue(e.getMessage().contains("second start"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> MazePuzzle.of(Maze.parse("#####\n#S  #\n#####\n#  G#\n#####")));
        assertTrue(e.getMessage().contains("no path"), e.getMessage());
    }

    @Test
    void verifierAcceptsBothShortestRoutesAndRejectsDetoursAndGaps() {
        // Two shortest routes around the central wall, each of 4 moves.
        MazePuzzle p = MazePuzzle.of(Maze.parse("#####\n#S  #\n# # #\n#  G#\n#####"));
        assertEquals(4, p.pathLength());
        assertTrue(p.isCorrect(tokens(p, "#####\n#Soo#\n# #o#\n#  G#\n#####")));
        assertTrue(p.isCorrect(tokens(p, "#####\n#S  #\n#o# #\n#ooG#\n#####")));
        assertFalse(p.isCorrect(tokens(p, "#####\n#Soo#\n#o#o#\n#ooG#\n#####")), "both routes at once");
        assertFalse(p.isCorrect(tokens(p, "#####\n#So #\n# #o#\n#  G#\n#####")), "a gap");
        assertFalse(p.isCorrect(tokens(p, "#####\n#Soo#\n# # #\n#  G#\n#####")), "a dead end");
        assertFalse(p.isCorrect(tokens(p, "#####\n#Soo#\n# #o#\n#  G#\n#### ")), "a wall removed");
    }

    private static int[] tokens(MazePuzzle p, String answer) {
        int[] t = new int[25];
        String flat = answer.replace("\n", "");
        for (int i = 0; i < 25; i++) {
            t[i] = Maze.CHARSET.indexOf(flat.charAt(i)) + 1;
        }
        assertEquals(answer, p.formatAnswer(t));
        return t;
    }

    // Claim: a generated maze has S and G in rooms at least minPath moves apart, a border of
    // wall, and loops (more open passages than a spanning tree of its open cells needs).
    @Test
    void generatedMazesMeetTheMinimumPathAndHaveLoops() {
        Props.qt(60)
                .forAll(integers().between(7, 31), longs().all()).checkAssert((size, seed) -> {
                    int min = size;
                    MazePuzzle p = new MazeGenerator(size, min, 0.3).next(new SplittableRandom(seed));
                    Maze m = p.maze();
                    assertTrue(p.pathLength() >= min, p.pathLength() + " < " + min);
                    assertEquals(p.pathLength(), GridPaths.distances(m.open(), size, m.start())[m.goal()]);
                    int openCells = 0;
                    int passages = 0;
                    for (int c = 0; c < size * size; c++) {
                        int r = c / size;
                        int col = c % size;
                        if (r == 0 || col == 0 || r == size - 1 || col == size - 1) {
                            assertFalse(m.isOpen(c), "border cell " + c);
                        }
                        if (m.isOpen(c)) {
                            openCells++;
                            passages += col + 1 < size && m.isOpen(c + 1) ? 1 : 0;
                            passages += r + 1 < size && m.isOpen(c + size) ? 1 : 0;
                        }
                    }
                    assertTrue(passages > openCells - 1, "no loop in\n" + m.format());
                });
    }

    @Test
    void impossibleMinimumPathIsRejected() {
        BadInputException e = assertThrows(BadInputException.class,
                () -> new MazeGenerator(5, 50, 0.1).next(new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("--min-path"), e.getMessage());
        assertThrows(BadInputException.class, () -> new MazeGenerator(4, 0, 0.1));
    }
}
