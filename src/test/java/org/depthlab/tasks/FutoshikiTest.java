package org.depthlab.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.CspSolver;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/**
 * Futoshiki: the text format, the CSP against brute force, the generator, the augmentations
 * and the tokens. The brute force enumerates Latin squares row by row and checks the signs
 * with its own comparisons; it shares no code with the CSP.
 */
class FutoshikiTest {

    /** A 4×4 puzzle with a unique solution, from the generator (seed 1). */
    static final String PUZZLE = ".....................^..........4.1.......1.....4";

    @Test
    void textFormatRoundTripsAndNamesWhatIsWrong() {
        Futoshiki f = Futoshiki.parse("  " + PUZZLE + " ");
        assertEquals(PUZZLE, f.format());
        assertEquals(4, f.n());
        assertEquals(4, f.givenCount());
        assertEquals(1, f.signCount());
        assertEquals(Futoshiki.LESS, f.down()[1 * 4 + 0], "the '^' under row 2 column 1: the upper cell is smaller");
        BadInputException e = assertThrows(BadInputException.class, () -> Futoshiki.parse(PUZZLE.substring(1)));
        assertTrue(e.getMessage().contains("48 characters"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Futoshiki.parse("5" + PUZZLE.substring(1)));
        assertTrue(e.getMessage().contains("'5'") && e.getMessage().contains("1..4"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Futoshiki.parse(".^" + PUZZLE.substring(2)));
        assertTrue(e.getMessage().contains("'<', '>' or '.'"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Futoshiki.parse("1.1" + PUZZLE.substring(3)));
        assertTrue(e.getMessage().contains("twice in row 1"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> Futoshiki.parse("2<1" + PUZZLE.substring(3)));
        assertTrue(e.getMessage().contains("break their sign"), e.getMessage());
        e = assertThrows(BadInputException.class, () -> new FutoshikiTask(5, 0).parse(PUZZLE));
        assertTrue(e.getMessage().contains("5×5"), e.getMessage());
    }

    /** Every n×n Latin square, by rows that are permutations, columns checked as rows are added. */
    static List<int[]> latinSquares(int n) {
        List<int[]> perms = new ArrayList<>();
        permutations(n, new int[n], new boolean[n + 1], 0, perms);
        List<int[]> out = new ArrayList<>();
        extend(n, perms, new int[n * n], 0, out);
        return out;
    }

    private static void permutations(int n, int[] row, boolean[] used, int k, List<int[]> out) {
        if (k == n) {
            out.add(row.clone());
            return;
        }
        for (int d = 1; d <= n; d++) {
            if (!used[d]) {
                used[d] = true;
                row[k] = d;
                permutations(n, row, used, k + 1, out);
                used[d] = false;
            }
        }
    }

    private static void extend(int n, List<int[]> perms, int[] grid, int r, List<int[]> out) {
        if (r == n) {
            out.add(grid.clone());
            return;
        }
        for (int[] row : perms) {
            boolean ok = true;
            for (int c = 0; c < n && ok; c++) {
                for (int above = 0; above < r && ok; above++) {
                    ok = grid[above * n + c] != row[c];
                }
            }
            if (ok) {
                System.arraycopy(row, 0, grid, r * n, n);
                extend(n, perms, grid, r + 1, out);
            }
        }
    }

    /** Whether a full grid keeps the board's digits and signs, checked cell by cell. */
    static boolean fits(Futoshiki board, int[] grid) {
        int n = board.n();
        int[] right = board.right();
        int[] down = board.down();
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int d = grid[r * n + c];
                if (board.cell(r, c) != 0 && board.cell(r, c) != d) {
                    return false;
                }
                if (c + 1 < n && right[r * (n - 1) + c] != 0
                        && (right[r * (n - 1) + c] == 1) != (d < grid[r * n + c + 1])) {
                    return false;
                }
                if (r + 1 < n && down[r * n + c] != 0 && (down[r * n + c] == 1) != (d < grid[(r + 1) * n + c])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** A board with random digits and signs, which may have no solution or many. */
    static Futoshiki randomBoard(int n, SplittableRandom rng) {
        int[] cells = new int[n * n];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = rng.nextInt(5) == 0 ? 1 + rng.nextInt(n) : 0;
        }
        int[] right = new int[n * (n - 1)];
        int[] down = new int[n * (n - 1)];
        for (int i = 0; i < right.length; i++) {
            right[i] = rng.nextInt(3) == 0 ? 1 + rng.nextInt(2) : 0;
            down[i] = rng.nextInt(3) == 0 ? 1 + rng.nextInt(2) : 0;
        }
        return new Futoshiki(n, cells, right, down);
    }

    @Test
    void theSolverFindsExactlyTheBruteForceSolutions() {
        List<int[]> squares3 = latinSquares(3);
        List<int[]> squares4 = latinSquares(4);
        assertEquals(12, squares3.size());
        assertEquals(576, squares4.size());
        Props.qt(60).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            int n = 3 + rng.nextInt(2);
            Futoshiki board = randomBoard(n, rng);
            Set<String> expected = new HashSet<>();
            for (int[] g : n == 3 ? squares3 : squares4) {
                if (fits(board, g)) {
                    expected.add(Arrays.toString(g));
                }
            }
            FutoshikiCsp csp = new FutoshikiCsp(board);
            Set<String> found = new HashSet<>();
            new CspSolver().enumerate(csp, v -> {
                assertTrue(csp.isSolution(v));
                found.add(Arrays.toString(csp.toBoard(v).cells()));
            });
            assertEquals(expected, found, board.format());
        });
    }

    @Test
    void everyConstraintIsSymmetric() {
        Props.qt(30).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            FutoshikiCsp csp = new FutoshikiCsp(randomBoard(3 + rng.nextInt(3), rng));
            for (int x = 0; x < csp.variableCount(); x++) {
                final int from = x;
                for (int y : csp.neighbours(x)) {
                    assertTrue(Arrays.stream(csp.neighbours(y)).anyMatch(z -> z == from), "neighbours are mutual");
                    for (int vx = 0; vx < csp.valueCount(); vx++) {
                        for (int vy = 0; vy < csp.valueCount(); vy++) {
                            assertEquals((csp.compatible(x, vx, y) >> vy & 1) == 1, (csp.compatible(y, vy, x) >> vx & 1) == 1);
                        }
                    }
                }
            }
        });
    }

    @Test
    void generatedPuzzlesHaveOneSolutionAndNoSpareClue() {
        List<int[]> squares = latinSquares(4);
        SplittableRandom rng = new SplittableRandom(Props.SEED);
        for (int i = 0; i < 5; i++) {
            FutoshikiPuzzle p = new FutoshikiTask(4, 0).generate(rng);
            List<int[]> fitting = squares.stream().filter(g -> fits(p.board(), g)).toList();
            assertEquals(1, fitting.size(), p.format());
            assertArrayEquals(fitting.get(0), p.solution().cells());
            // Minimal: without any one digit or sign the solution is no longer unique.
            int[] cells = p.board().cells();
            for (int c = 0; c < cells.length; c++) {
                if (cells[c] != 0) {
                    int[] fewer = cells.clone();
                    fewer[c] = 0;
                    Futoshiki f = p.board().withCells(fewer);
                    assertTrue(squares.stream().filter(g -> fits(f, g)).count() > 1, "digit " + c + " is spare");
                }
            }
        }
    }

    @Test
    void sameSeedSamePuzzlesAndTheDifficultyIsAsked() {
        FutoshikiTask task = new FutoshikiTask(4, 5);
        SplittableRandom a = new SplittableRandom(7);
        SplittableRandom b = new SplittableRandom(7);
        for (int i = 0; i < 5; i++) {
            FutoshikiPuzzle p = task.generate(a);
            assertEquals(p.format(), task.generate(b).format());
            assertTrue(new CspSolver().solve(p.constraints().orElseThrow()).backtracks() >= 5);
        }
    }

    @Test
    void augmentationsMapTheSolutionAndKeepTheFingerprint() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 6; i++) {
            FutoshikiPuzzle p = new FutoshikiTask(4 + i % 2, 0).generate(rng);
            for (Dihedral d : Dihedral.values()) {
                for (boolean reverse : new boolean[] {false, true}) {
                    FutoshikiPuzzle t = p.transform(d, reverse);
                    assertTrue(t.isCorrect(t.targetTokens()));
                    FutoshikiPuzzle solved = FutoshikiPuzzle.of(t.board());
                    assertEquals(t.solution(), solved.solution(), "the image's unique solution is the image of the solution");
                    assertEquals(p.fingerprint(), t.fingerprint());
                }
            }
            assertEquals(p.board(), p.transform(Dihedral.IDENTITY, false).board());
            assertNotEquals(p.fingerprint(), new FutoshikiTask(4 + i % 2, 0).generate(rng).fingerprint());
        }
    }

    @Test
    void tokensAreTheInterleavedGrid() {
        FutoshikiPuzzle p = new FutoshikiTask(4, 0).parse(PUZZLE);
        int[] in = p.inputTokens();
        assertEquals(49, in.length);
        assertEquals(6, p.vocabularySize());
        assertEquals(Tokens.BLANK, in[0], "a blank cell");
        assertEquals(2, in[1], "no sign: relation 0, token 2");
        assertEquals(2, in[8], "a corner");
        assertEquals(3, in[3 * 7 + 0], "'^' (the upper cell smaller): relation 1, token 3");
        assertEquals(5, in[4 * 7 + 4], "digit 4: token 5");
        int[] target = p.targetTokens();
        for (int pos = 0; pos < 49; pos++) {
            if (in[pos] != Tokens.BLANK) {
                assertEquals(in[pos], target[pos], "givens and signs are their own labels");
            }
        }
        assertTrue(p.isCorrect(target));
        int[] wrong = target.clone();
        wrong[3 * 7 + 0] = 4; // a sign turned round
        assertTrue(!p.isCorrect(wrong));
        assertEquals(p.format(), new FutoshikiTask(4, 0).decode(in).format());
        int[] badSign = in.clone();
        badSign[1] = 5;
        assertThrows(BadInputException.class, () -> new FutoshikiTask(4, 0).decode(badSign));
        assertEquals(p.solution().format(), p.formatAnswer(target));
    }

    @Test
    void theTaskNameReadsBack() {
        assertEquals(new TaskName(TaskName.Family.FUTOSHIKI, 5), TaskName.parse("futoshiki5"));
        assertEquals("futoshiki5", Task.named("futoshiki5").name());
        assertEquals(81, Task.named("futoshiki5").sequenceLength());
        assertThrows(BadInputException.class, () -> TaskName.parse("futoshiki2"));
        assertThrows(BadInputException.class, () -> Task.named("futoshiki"));
    }
}
