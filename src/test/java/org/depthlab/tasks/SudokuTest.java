package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;

/** The Sudoku text formats and the rejection of bad input. */
class SudokuTest {

    private static final String ESCARGOT =
            "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..";

    @Test
    void oneLineFormatRoundTripsAndAcceptsZeroBlanksAndSurroundingSpace() {
        Sudoku s = Sudoku.parse("  " + ESCARGOT.replace('.', '0') + "\t\n");
        assertEquals(ESCARGOT, s.toLine());
        assertEquals(9, s.size());
        assertEquals(1, s.get(0, 0));
        assertEquals(7, s.get(0, 5));
        assertEquals(23, s.clueCount());
        assertEquals(Sudoku.Shape.FOUR, Sudoku.parse("1234341221434321").shape());
        assertEquals(Sudoku.Shape.SIX, Sudoku.parse(".".repeat(36)).shape());
    }

    @Test
    void gridFormatDrawsTheBoxes() {
        String grid = Sudoku.parse("12..34..........").toGrid();
        assertEquals("1 2 | . .\n3 4 | . .\n----+----\n. . | . .\n. . | . .\n", grid);
        String six = Sudoku.parse(".".repeat(36)).toGrid();
        assertEquals(". . . | . . .", six.lines().findFirst().orElseThrow());
        assertEquals(8, six.lines().count()); // six rows and two box separators
    }

    @Test
    void wrongLengthIsRejectedWithTheLength() {
        BadInputException e = assertThrows(BadInputException.class, () -> Sudoku.parse(ESCARGOT.substring(1)));
        assertTrue(e.getMessage().contains("80"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Sudoku.parse("1234", Sudoku.Shape.NINE));
        assertTrue(e.getMessage().contains("81") && e.getMessage().contains("4"), e.getMessage());
    }

    @Test
    void characterOutsideTheSizeIsRejectedWithItsPosition() {
        BadInputException e = assertThrows(BadInputException.class, () -> Sudoku.parse("1235............"));
        assertTrue(e.getMessage().contains("'5'") && e.getMessage().contains("position 4"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Sudoku.parse("x" + ESCARGOT.substring(1)));
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void conflictingGivensAreRejectedNamingTheUnit() {
        BadInputException e = assertThrows(BadInputException.class, () -> Sudoku.parse("11.............."));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Sudoku.parse("1...1..........."));
        assertTrue(e.getMessage().contains("column 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Sudoku.parse("1....1.........."));
        assertTrue(e.getMessage().contains("box 1"), e.getMessage());
    }

    @Test
    void solutionCheckNeedsCompletenessValidityAndTheGivens() {
        Sudoku puzzle = Sudoku.parse("1...............");
        Sudoku good = Sudoku.parse("1234341221434321");
        assertNull(good.firstConflict());
        assertTrue(good.isSolutionOf(puzzle));
        assertFalse(good.isSolutionOf(Sudoku.parse("2...............")));
        assertFalse(puzzle.isSolutionOf(puzzle));
        assertFalse(new Sudoku(Sudoku.Shape.FOUR, new int[] {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4})
                .isSolutionOf(puzzle));
    }
}
