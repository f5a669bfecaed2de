package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** The Sudoku generator: unique solutions, the requested difficulty and clues, seeded. */
class SudokuGeneratorTest {


    // Claim: every generated puzzle has exactly one solution (the stored one) and needs at
    // least the requested backtracks under the solver's MRV order.
    @Test
    void generatedPuzzlesHaveOneSolutionAndTheRequestedDifficulty() {
        int[][] settings = {{4, 0}, {6, 0}, {6, 3}, {9, 0}, {9, 10}, {9, 40}};
        Props.qt(24)
                .forAll(integers().between(0, settings.length - 1), longs().all()).checkAssert((k, seed) -> {
                    Sudoku.Shape shape = Sudoku.Shape.of(settings[k][0]);
                    int min = settings[k][1];
                    SudokuPuzzle p = new SudokuGenerator(shape, min, 0).next(new SplittableRandom(seed));
                    SudokuCsp csp = new SudokuCsp(p.givens());
                    SolverResult count = new CspSolver().count(csp, 2);
                    assertEquals(1, count.solutions(), p.format());
                    assertTrue(count.exhausted());
                    assertEquals(p.solution(), csp.toGrid(count.first()));
                    assertTrue(new CspSolver().solve(csp).backtracks() >= min, p.format() + " needs " + min);
                });
    }

    // Claim: with clue removal run to the end, no single clue can be removed without losing
    // uniqueness (the puzzle is minimal).
    @Test
    void puzzlesWithoutAClueTargetAreMinimal() {
        Props.qt(6).forAll(longs().all()).checkAssert(seed -> {
            SudokuPuzzle p = new SudokuGenerator(Sudoku.Shape.NINE, 0, 0).next(new SplittableRandom(seed));
            for (int i = 0; i < 81; i++) {
                if (p.givens().cell(i) != 0) {
                    Sudoku fewer = p.givens().with(i, 0);
                    assertEquals(2, new CspSolver().count(new SudokuCsp(fewer), 2).solutions(),
                            "clue " + i + " of " + p.format() + " is removable");
                }
            }
        });
    }

    @Test
    void clueTargetStopsTheRemoval() {
        SudokuPuzzle p = new SudokuGenerator(Sudoku.Shape.NINE, 0, 35).next(new SplittableRandom(3));
        assertEquals(35, p.givens().clueCount());
        assertEquals(1, new CspSolver().count(new SudokuCsp(p.givens()), 2).solutions());
    }

    @Test
    void sameSeedGivesTheSamePuzzles() {
        SudokuGenerator g = new SudokuGenerator(Sudoku.Shape.NINE, 10, 0);
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < 3; i++) {
            assertEquals(g.next(a), g.next(b));
        }
        assertTrue(!g.next(new SplittableRandom(7)).equals(g.next(new SplittableRandom(8))));
    }

    @Test
    void impossibleRequestsAreRejected() {
        // A 4×4 Sudoku with a unique solution has at least 4 clues: asking for 3 gives up with a message.
        BadInputException e = assertThrows(BadInputException.class,
                () -> new SudokuGenerator(Sudoku.Shape.FOUR, 0, 3).next(new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("at most 3 clues"), e.getMessage());
        assertThrows(BadInputException.class, () -> new SudokuGenerator(Sudoku.Shape.NINE, -1, 0));
        assertThrows(BadInputException.class, () -> new SudokuGenerator(Sudoku.Shape.NINE, 0, 82));
    }
}
