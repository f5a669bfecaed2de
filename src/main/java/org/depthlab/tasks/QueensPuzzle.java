package org.depthlab.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.CspState;
import org.depthlab.solve.SolverResult;

/**
 * N-Queens completion: a board with some queens placed, to be completed to n non-attacking
 * queens. A puzzle usually has several completions — the reason the width experiments use it:
 * {@link #coverage} measures how many distinct ones a set of answers finds.
 *
 * <p><b>Tokens</b> (n positions, one per row; vocabulary n + 2): a row with its queen in
 * column c is token c + 2, a row still empty in the input is blank (1). The target is the
 * solver's first completion; any completion is correct.
 *
 * @param board the puzzle
 * @param solution one completion of it (the solver's first unless augmented)
 */
public record QueensPuzzle(Queens board, Queens solution) implements Puzzle {

    public QueensPuzzle {
        if (solution.queenCount() != solution.n() || !new QueensCsp(board).isSolution(solution.columns())) {
            throw new IllegalArgumentException("not a completion of " + board.format() + ": " + solution.format());
        }
    }

    /**
     * The puzzle with the completion the solver finds first.
     *
     * @throws BadInputException if the board cannot be completed
     */
    public static QueensPuzzle of(Queens board) {
        SolverResult r = new CspSolver().solve(new QueensCsp(board));
        if (!r.solved()) {
            throw new BadInputException("the " + board.n() + "-queens board " + board.format() + " has no completion.");
        }
        return new QueensPuzzle(board, new Queens(board.n(), r.first()));
    }

    /**
     * A random completion puzzle: a random solution of the n×n board, of which the queens of
     * {@code givens} random rows are kept.
     *
     * @throws BadInputException if no n-queens solution exists (n = 2, 3) or givens is out of range
     */
    public static QueensPuzzle random(int n, int givens, SplittableRandom rng) {
        if (givens < 0 || givens > n) {
            throw new BadInputException("--clues for queens" + n + " must be between 0 and " + n + ", not " + givens + ".");
        }
        int[] full = CspSolver.randomSolution(new CspState(new QueensCsp(Queens.empty(n))), rng);
        if (full == null) {
            throw new BadInputException("no " + n + "-queens solution exists.");
        }
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        SudokuTransform.shuffle(rows, 0, n - 1, rng);
        int[] kept = new int[n];
        Arrays.fill(kept, -1);
        for (int i = 0; i < givens; i++) {
            kept[rows[i]] = full[rows[i]];
        }
        return new QueensPuzzle(new Queens(n, kept), new Queens(n, full));
    }

    /** Every completion of the board, in the solver's order. */
    public List<Queens> completions() {
        List<Queens> all = new ArrayList<>();
        new CspSolver().enumerate(new QueensCsp(board), v -> all.add(new Queens(board.n(), v)));
        return all;
    }

    /**
     * Coverage: the number of distinct correct answers among {@code answers} (token arrays)
     * divided by the number of completions the board has. 1 means every completion was found.
     */
    public double coverage(Collection<int[]> answers) {
        Set<String> found = new HashSet<>();
        for (int[] a : answers) {
            if (isCorrect(a)) {
                found.add(Arrays.toString(a));
            }
        }
        return found.size() / (double) completions().size();
    }

    /** The board that tokens stand for (anything but a column token reads as an empty row). */
    public static Queens boardOf(int n, int[] tokens) {
        if (tokens.length != n) {
            throw new IllegalArgumentException("a " + n + "-queens board has " + n + " tokens, not " + tokens.length);
        }
        int[] columns = new int[n];
        for (int r = 0; r < n; r++) {
            columns[r] = Tokens.valueOf(tokens[r], n);
        }
        return new Queens(n, columns);
    }

    private static int[] tokensOf(Queens q) {
        int[] t = new int[q.n()];
        int[] c = q.columns();
        for (int r = 0; r < t.length; r++) {
            t[r] = c[r] < 0 ? Tokens.BLANK : Tokens.ofValue(c[r]);
        }
        return t;
    }

    @Override
    public String taskName() {
        return "queens" + board.n();
    }

    @Override
    public int sequenceLength() {
        return board.n();
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

    @Override
    public boolean isCorrect(int[] answerTokens) {
        if (answerTokens.length != board.n()) {
            return false;
        }
        return new QueensCsp(board).isSolution(boardOf(board.n(), answerTokens).columns());
    }

    @Override
    public QueensPuzzle augment(SplittableRandom rng) {
        return transform(Dihedral.random(rng));
    }

    /** The board and its completion under one symmetry. */
    public QueensPuzzle transform(Dihedral d) {
        return new QueensPuzzle(board.transform(d), solution.transform(d));
    }

    @Override
    public String format() {
        return board.format();
    }

    @Override
    public String formatAnswer(int[] answerTokens) {
        return boardOf(board.n(), answerTokens).format();
    }

    /** The smallest text of the board over the eight symmetries: an exact canonical form. */
    @Override
    public String fingerprint() {
        String best = null;
        for (Dihedral d : Dihedral.values()) {
            String s = board.transform(d).format();
            if (best == null || s.compareTo(best) < 0) {
                best = s;
            }
        }
        return best;
    }

    @Override
    public Optional<Csp> constraints() {
        return Optional.of(new QueensCsp(board));
    }
}
