package org.depthlab.tasks;

import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.CspState;
import org.depthlab.solve.SolverResult;

/**
 * A Futoshiki puzzle with its reference solution.
 *
 * <p><b>Tokens</b> ((2n−1)² positions, the interleaved grid of {@link Futoshiki}; vocabulary
 * n + 2): a cell holds blank (1) or digit d → d + 1, as Sudoku; a sign position holds its
 * relation r → r + 2 (2 none, 3 first smaller, 4 first larger) and a corner 2, in input and
 * target alike. In both, CSP value v is token v + 2 ({@link FutoshikiCsp}). The target is the
 * solution; an answer is correct if it is any completion that keeps the givens and signs (a
 * generated puzzle has exactly one).
 *
 * <p><b>Generation</b> ({@link #random}): a random Latin square (the solver's search with
 * shuffled values), then every digit given and every sign written; digits are then cleared in
 * a random order, and signs after them, each only if the solution stays unique. The result is
 * minimal: no digit or sign can go. Its difficulty is the solver's backtracks (MRV).
 *
 * @param board    the puzzle
 * @param solution its completion
 */
public record FutoshikiPuzzle(Futoshiki board, Futoshiki solution) implements Puzzle {

    public FutoshikiPuzzle {
        if (!solution.isSolutionOf(board)) {
            throw new IllegalArgumentException("not a completion of " + board.format() + ": " + solution.format());
        }
    }

    /**
     * The puzzle with the completion the solver finds first.
     *
     * @throws BadInputException if the board has no completion
     */
    public static FutoshikiPuzzle of(Futoshiki board) {
        FutoshikiCsp csp = new FutoshikiCsp(board);
        SolverResult r = new CspSolver().solve(csp);
        if (!r.solved()) {
            throw new BadInputException("the Futoshiki " + board.format() + " has no solution.");
        }
        return new FutoshikiPuzzle(board, csp.toBoard(r.first()));
    }

    /** A minimal puzzle with a unique solution, drawn from {@code rng} (see the class comment). */
    public static FutoshikiPuzzle random(int n, SplittableRandom rng) {
        Futoshiki empty = Futoshiki.empty(n);
        int[] values = CspSolver.randomSolution(new CspState(new FutoshikiCsp(empty)), rng);
        Futoshiki full = new FutoshikiCsp(empty).toBoard(values);
        int[] cells = full.cells();
        int[] right = new int[n * (n - 1)];
        int[] down = new int[n * (n - 1)];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (c + 1 < n) {
                    right[r * (n - 1) + c] = full.cell(r, c) < full.cell(r, c + 1) ? Futoshiki.LESS : Futoshiki.GREATER;
                }
                if (r + 1 < n) {
                    down[r * n + c] = full.cell(r, c) < full.cell(r + 1, c) ? Futoshiki.LESS : Futoshiki.GREATER;
                }
            }
        }
        CspSolver solver = new CspSolver();
        for (int cell : shuffled(n * n, rng)) {
            int keep = cells[cell];
            cells[cell] = 0;
            CspState s = new CspState(new FutoshikiCsp(new Futoshiki(n, cells, right, down)));
            s.restrict(2 * (cell / n) * (2 * n - 1) + 2 * (cell % n), ~(1L << (keep - 1)));
            if (solver.search(s, 1, x -> { }).solved()) {
                cells[cell] = keep; // another solution would differ here: the digit stays
            }
        }
        int signs = right.length;
        for (int k : shuffled(2 * signs, rng)) {
            int[] line = k < signs ? right : down;
            int at = k % signs;
            int keep = line[at];
            line[at] = Futoshiki.NONE;
            if (solver.count(new FutoshikiCsp(new Futoshiki(n, cells, right, down)), 2).solutions() > 1) {
                line[at] = keep;
            }
        }
        return new FutoshikiPuzzle(new Futoshiki(n, cells, right, down), new Futoshiki(n, full.cells(), right, down));
    }

    private static int[] shuffled(int count, SplittableRandom rng) {
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        SudokuTransform.shuffle(order, 0, count - 1, rng);
        return order;
    }

    /** The board that tokens stand for (anything but a digit token at a cell reads as blank). */
    public static Futoshiki boardOf(Futoshiki signs, int[] tokens) {
        int n = signs.n();
        int side = signs.side();
        if (tokens.length != side * side) {
            throw new IllegalArgumentException("a " + n + "×" + n + " Futoshiki has " + side * side + " tokens, not "
                    + tokens.length);
        }
        int[] cells = new int[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                cells[r * n + c] = Tokens.valueOf(tokens[2 * r * side + 2 * c], n) + 1;
            }
        }
        return signs.withCells(cells);
    }

    /** The tokens of a board (see the class comment). */
    public static int[] tokensOf(Futoshiki board) {
        FutoshikiCsp csp = new FutoshikiCsp(board);
        int[] t = new int[csp.variableCount()];
        for (int p = 0; p < t.length; p++) {
            int v = csp.given(p);
            t[p] = v < 0 ? Tokens.BLANK : Tokens.ofValue(v);
        }
        return t;
    }

    @Override
    public String taskName() {
        return "futoshiki" + board.n();
    }

    @Override
    public int sequenceLength() {
        return board.side() * board.side();
    }

    @Override
    public int vocabularySize() {
        return board.n() + 2;
    }

    @Override
    public int[] inputTokens() {
        return tokensOf(board);
    }

    @Override
    public int[] targetTokens() {
        return tokensOf(solution);
    }

    /** Correct: every position holds its value token and the values solve the CSP (givens, signs, rows, columns). */
    @Override
    public boolean isCorrect(int[] answerTokens) {
        if (answerTokens.length != sequenceLength()) {
            return false;
        }
        int[] values = new int[answerTokens.length];
        for (int p = 0; p < values.length; p++) {
            values[p] = Tokens.valueOf(answerTokens[p], board.n());
        }
        return new FutoshikiCsp(board).isSolution(values);
    }

    @Override
    public FutoshikiPuzzle augment(SplittableRandom rng) {
        return transform(Dihedral.random(rng), rng.nextBoolean());
    }

    /** The puzzle and its solution under one symmetry, with the digits reversed when asked. */
    public FutoshikiPuzzle transform(Dihedral d, boolean reverse) {
        return new FutoshikiPuzzle(board.transform(d, reverse), solution.transform(d, reverse));
    }

    @Override
    public String format() {
        return board.format();
    }

    @Override
    public String formatAnswer(int[] answerTokens) {
        return boardOf(board, answerTokens).format();
    }

    /** The smallest text of the board over the 16 augmentations: an exact canonical form. */
    @Override
    public String fingerprint() {
        String best = null;
        for (Dihedral d : Dihedral.values()) {
            for (boolean reverse : new boolean[] {false, true}) {
                String s = board.transform(d, reverse).format();
                if (best == null || s.compareTo(best) < 0) {
                    best = s;
                }
            }
        }
        return best;
    }

    @Override
    public Optional<Csp> constraints() {
        return Optional.of(new FutoshikiCsp(board));
    }
}
