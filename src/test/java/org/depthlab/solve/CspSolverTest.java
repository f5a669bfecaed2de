package org.depthlab.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.depthlab.tasks.Queens;
import org.depthlab.tasks.QueensCsp;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuCsp;
import org.depthlab.testing.Props;
import org.junit.jupiter.api.Test;

/** The CSP solver: sound and complete against brute force, known counts, forward checking, counters. */
class CspSolverTest {

    private static final List<int[]> SUDOKU4 = BruteForce.sudoku4Grids();

    /** A random 4×4 puzzle: some cells of a random grid, plus possibly one random digit (often breaking it). */
    static Sudoku random4x4(SplittableRandom rng) {
        int[] cells = SUDOKU4.get(rng.nextInt(SUDOKU4.size())).clone();
        int keep = rng.nextInt(0, 9);
        for (int i = 0; i < 16; i++) {
            if (rng.nextInt(16) >= keep) {
                cells[i] = 0;
            }
        }
        if (rng.nextBoolean()) {
            cells[rng.nextInt(16)] = 1 + rng.nextInt(4);
        }
        return new Sudoku(Sudoku.Shape.FOUR, cells);
    }

    private static Set<String> bruteForce4x4(Sudoku puzzle) {
        Set<String> out = new TreeSet<>();
        for (int[] g : SUDOKU4) {
            boolean agrees = true;
            for (int i = 0; i < 16 && agrees; i++) {
                agrees = puzzle.cell(i) == 0 || puzzle.cell(i) == g[i];
            }
            if (agrees) {
                out.add(Arrays.toString(g));
            }
        }
        return out;
    }

    @Test
    void bruteForceFindsThe288Grids() {
        assertEquals(288, SUDOKU4.size());
    }

    // Claim: on every 4×4 puzzle the solver enumerates exactly the brute-force solutions (sound:
    // nothing else; complete: all of them), in both orders, and an unsolvable one is reported
    // as having none with the search exhausted.
    @Test
    void solverFindsExactlyTheBruteForceSolutionsOf4x4Sudoku() {
        AtomicInteger unsolvable = new AtomicInteger();
        Props.qt(300).forAll(longs().all()).checkAssert(seed -> {
            Sudoku p = random4x4(new SplittableRandom(seed));
            Set<String> expected = bruteForce4x4(p);
            for (VariableOrder order : VariableOrder.values()) {
                Set<String> found = new TreeSet<>();
                List<int[]> raw = new ArrayList<>();
                SolverResult r = new CspSolver(order).enumerate(new SudokuCsp(p), v -> raw.add(v));
                for (int[] v : raw) {
                    int[] cells = new int[16];
                    for (int i = 0; i < 16; i++) {
                        cells[i] = v[i] + 1;
                    }
                    found.add(Arrays.toString(cells));
                }
                assertEquals(expected, found, "puzzle " + p.toLine() + " order " + order);
                assertEquals(raw.size(), found.size(), "a solution reported twice for " + p.toLine());
                assertEquals(expected.size(), r.solutions());
                assertTrue(r.exhausted());
                assertEquals(!expected.isEmpty(), r.solved());
            }
            if (expected.isEmpty()) {
                unsolvable.incrementAndGet();
            }
        });
        assertTrue(unsolvable.get() > 0, "the examples should include unsolvable puzzles");
    }

    // Claim: the solver enumerates exactly the brute-force completions of N-Queens boards with
    // n ≤ 6 and some queens placed.
    @Test
    void solverFindsExactlyTheBruteForceCompletionsOfQueens() {
        List<List<int[]>> all = new ArrayList<>();
        for (int n = 0; n <= 6; n++) {
            all.add(n == 0 ? List.of() : BruteForce.queensSolutions(n));
        }
        Props.qt(200).forAll(integers().between(1, 6), longs().all())
                .checkAssert((n, seed) -> {
                    SplittableRandom rng = new SplittableRandom(seed);
                    int[] cols = new int[n];
                    Arrays.fill(cols, -1);
                    // Place up to two random queens that do not attack each other.
                    for (int k = rng.nextInt(3); k > 0; k--) {
                        int r = rng.nextInt(n);
                        int c = rng.nextInt(n);
                        boolean ok = cols[r] < 0;
                        for (int s = 0; s < n && ok; s++) {
                            ok = cols[s] < 0 || (cols[s] != c && Math.abs(cols[s] - c) != Math.abs(s - r));
                        }
                        if (ok) {
                            cols[r] = c;
                        }
                    }
                    Set<String> expected = new TreeSet<>();
                    for (int[] s : all.get(n)) {
                        boolean agrees = true;
                        for (int r = 0; r < n && agrees; r++) {
                            agrees = cols[r] < 0 || cols[r] == s[r];
                        }
                        if (agrees) {
                            expected.add(Arrays.toString(s));
                        }
                    }
                    Set<String> found = new TreeSet<>();
                    SolverResult res = new CspSolver().enumerate(new QueensCsp(new Queens(n, cols)),
                            v -> found.add(Arrays.toString(v)));
                    assertEquals(expected, found, "board " + Arrays.toString(cols));
                    assertEquals(expected.size(), res.solutions());
                });
    }

    @Test
    void queensSolutionCountsMatchTheKnownSequence() {
        long[] known = {1, 0, 0, 2, 10, 4, 40, 92, 352, 724};
        for (int n = 1; n <= 10; n++) {
            SolverResult r = new CspSolver().count(new QueensCsp(Queens.empty(n)), Long.MAX_VALUE);
            assertEquals(known[n - 1], r.solutions(), "n = " + n);
            assertTrue(r.exhausted());
        }
    }

    // Claim: forward checking never removes a value that some solution (consistent with the
    // assignments so far) gives that variable; in particular a wipe-out means no solution
    // extends the assignments.
    @Test
    void forwardCheckingNeverPrunesAValueOfASolution() {
        Props.qt(300).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom rng = new SplittableRandom(seed);
            Sudoku p = random4x4(rng);
            if (p.firstConflict() != null) {
                return;
            }
            CspState s = new CspState(new SudokuCsp(p));
            while (true) {
                List<int[]> consistent = new ArrayList<>();
                for (int[] g : SUDOKU4) {
                    boolean agrees = true;
                    for (int i = 0; i < 16 && agrees; i++) {
                        agrees = !s.isAssigned(i) || s.value(i) == g[i] - 1;
                    }
                    if (agrees) {
                        consistent.add(g);
                    }
                }
                for (int[] g : consistent) {
                    for (int x = 0; x < 16; x++) {
                        assertTrue((s.domain(x) & (1L << (g[x] - 1))) != 0,
                                "value " + g[x] + " of a solution pruned at cell " + x + " of " + p.toLine());
                    }
                }
                int x = s.select(VariableOrder.MRV);
                if (x < 0 || s.domain(x) == 0) {
                    assertTrue(x < 0 || consistent.isEmpty());
                    return;
                }
                long d = s.domain(x);
                int v;
                do {
                    v = rng.nextInt(4);
                } while ((d & (1L << v)) == 0);
                boolean ok = s.assign(x, v);
                if (!ok) {
                    for (int[] g : consistent) {
                        assertTrue(g[x] - 1 != v, "a wipe-out on a value that a solution extends");
                    }
                    return;
                }
            }
        });
    }

    // Claim (the definition of backtracks): a search that finds a solution has made exactly
    // open + backtracks nodes by then; one that finds none took back every node it made.
    @Test
    void nodesEqualOpenVariablesPlusBacktracks() {
        Props.qt(200).forAll(longs().all()).checkAssert(seed -> {
            Sudoku p = random4x4(new SplittableRandom(seed));
            if (p.firstConflict() != null) {
                return;
            }
            for (VariableOrder order : VariableOrder.values()) {
                SolverResult r = new CspSolver(order).solve(new SudokuCsp(p));
                long open = 16 - p.clueCount();
                assertEquals(r.solved() ? open + r.backtracks() : r.backtracks(), r.nodes(),
                        "puzzle " + p.toLine() + " order " + order);
            }
        });
    }

    @Test
    void searchLeavesTheStartStateAsItFoundIt() {
        Sudoku p = Sudoku.parse("1...............");
        CspState s = new CspState(new SudokuCsp(p));
        long[] before = new long[16];
        for (int i = 0; i < 16; i++) {
            before[i] = s.domain(i);
        }
        SolverResult r = new CspSolver().search(s, 3, v -> { });
        assertEquals(3, r.solutions());
        assertFalse(r.exhausted());
        for (int i = 0; i < 16; i++) {
            assertEquals(before[i], s.domain(i));
        }
        assertEquals(0, s.depth());
    }

    @Test
    void puzzleWhoseGivensLeaveACellEmptyIsUnsolvableWithoutSearch() {
        // Row 1 holds 1..8, and 9 stands in column 9 further down: cell (1, 9) has no value.
        Sudoku p = Sudoku.parse("12345678." + ".........".repeat(3) + "........9" + ".........".repeat(4));
        for (VariableOrder order : VariableOrder.values()) {
            SolverResult r = new CspSolver(order).count(new SudokuCsp(p), 2);
            assertFalse(r.solved());
            assertEquals(0, r.solutions());
            assertTrue(r.exhausted());
            assertEquals(0, r.nodes());
        }
    }

    // Well-known hard 9×9 puzzles, typed from their widely published grids: AI Escargot
    // (Arto Inkala 2006), Inkala's 2012 "world's hardest", Easter Monster, Golden Nugget and
    // Platinum Blonde. Each has one solution, and the solver's answer keeps the givens and
    // breaks no rule.
    static final String[] HARD = {
        "1....7.9..3..2...8..96..5....53..9...1..8...26....4...3......1..4......7..7...3..",
        "8..........36......7..9.2...5...7.......457.....1...3...1....68..85...1..9....4..",
        "1.......2.9.4...5...6...7...5.9.3.......7.......85..4.7.....6...3...9.8...2.....1",
        ".......39.....1..5..3.5.8....8.9...6.7...2...1..4.......9.8..5..2....6..4..7.....",
        ".......12........3..23..4....18....5.6..7.8.......9.....85.....9...4.5..47...6...",
    };

    @Test
    void wellKnownHardPuzzlesAreSolvedCorrectly() {
        for (String line : HARD) {
            Sudoku p = Sudoku.parse(line);
            SudokuCsp csp = new SudokuCsp(p);
            SolverResult r = new CspSolver().count(csp, 2);
            assertEquals(1, r.solutions(), line);
            assertTrue(r.exhausted());
            Sudoku solution = csp.toGrid(r.first());
            assertTrue(solution.isSolutionOf(p), line + " -> " + solution.toLine());
            assertTrue(csp.isSolution(r.first()));
            assertTrue(r.backtracks() > 0, "these puzzles need search: " + line);
        }
    }

    @Test
    void solverAnswerOfAKnownPuzzleMatchesItsPublishedSolution() {
        // Inkala's 2012 puzzle and its published solution.
        Sudoku p = Sudoku.parse(HARD[1]);
        SudokuCsp csp = new SudokuCsp(p);
        assertEquals("812753649943682175675491283154237896369845721287169534521974368438526917796318452",
                csp.toGrid(new CspSolver().solve(csp).first()).toLine());
    }

    // Claim (the Csp contract forward checking relies on): constraints are symmetric.
    @Test
    void sudokuAndQueensConstraintsAreSymmetric() {
        List<Csp> csps = List.of(new SudokuCsp(Sudoku.empty(Sudoku.Shape.FOUR)),
                new SudokuCsp(Sudoku.empty(Sudoku.Shape.SIX)), new SudokuCsp(Sudoku.empty(Sudoku.Shape.NINE)),
                new QueensCsp(Queens.empty(5)), new QueensCsp(Queens.empty(8)));
        for (Csp csp : csps) {
            for (int x = 0; x < csp.variableCount(); x++) {
                int self = x;
                for (int y : csp.neighbours(x)) {
                    assertTrue(Arrays.stream(csp.neighbours(y)).anyMatch(z -> z == self));
                    for (int vx = 0; vx < csp.valueCount(); vx++) {
                        for (int vy = 0; vy < csp.valueCount(); vy++) {
                            boolean forward = (csp.compatible(x, vx, y) & (1L << vy)) != 0;
                            boolean backward = (csp.compatible(y, vy, x) & (1L << vx)) != 0;
                            assertEquals(forward, backward, "x" + x + "=" + vx + " y" + y + "=" + vy);
                        }
                    }
                }
            }
        }
    }

    @Test
    void verifierRejectsABrokenSolution() {
        Sudoku p = Sudoku.parse(HARD[1]);
        SudokuCsp csp = new SudokuCsp(p);
        int[] s = new CspSolver().solve(csp).first();
        assertTrue(csp.isSolution(s));
        int[] broken = s.clone();
        int free = 1; // cell 1 is blank in this puzzle
        broken[free] = (broken[free] + 1) % 9;
        assertFalse(csp.isSolution(broken));
        assertArrayEquals(s, new CspSolver(VariableOrder.INDEX).solve(csp).first());
    }

    @Test
    void stateAfterAPrefixAllowsWhatForwardCheckingAllows() {
        Sudoku p = Sudoku.parse("1...............");
        int[] prefix = new int[16];
        Arrays.fill(prefix, -1);
        prefix[1] = 1; // digit 2 in row 1, column 2
        CspState s = CspState.after(new SudokuCsp(p), prefix);
        assertEquals(0b1100, s.domain(2)); // row 1 already holds 1 and 2
        assertEquals(0b1100, s.domain(4)); // box 1 already holds 1 and 2
        assertEquals(0b1110, s.domain(12)); // column 1 holds 1
        prefix[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> CspState.after(new SudokuCsp(p), prefix));
    }
}
