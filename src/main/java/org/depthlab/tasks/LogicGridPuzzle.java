package org.depthlab.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.Csp;
import org.depthlab.solve.CspSolver;
import org.depthlab.solve.SolverResult;

/**
 * A logic grid puzzle ({@link LogicGrid}) with its reference solution, laid out in
 * {@code maxClues} clue slots.
 *
 * <p><b>Tokens</b> (N·M + 3·maxClues positions; vocabulary {@link LogicGridCsp#valueCount} + 2):
 * first the N·M attributes, A1 … AN, B1 …, each holding its house h → h + 2 in the target and
 * blank (1) in the input; then one slot of three tokens per clue — kind code k → k + 2
 * ({@link LogicGrid.Kind#code}), first attribute a → a + 2, second attribute or house b → b + 2 —
 * and empty slots of three 2s (kind 0: no clue), the same in input and target. CSP value v is
 * token v + 2 throughout ({@link LogicGridCsp}).
 *
 * <p><b>Generation</b> ({@link #random}): a random solution (each category a random
 * permutation of the houses); then clues true of it are added — a kind drawn uniformly, then
 * one of its true clues — until the solution is unique; then every clue whose removal keeps it
 * unique is removed, in a random order. The clue set is minimal. Its difficulty is the
 * solver's backtracks (MRV).
 *
 * @param grid     the puzzle
 * @param maxClues the clue slots of the token layout (at least the clues the grid has)
 * @param solution the house of every attribute in the reference answer
 */
public record LogicGridPuzzle(LogicGrid grid, int maxClues, int[] solution) implements Puzzle {

    public LogicGridPuzzle {
        solution = solution.clone();
        if (grid.clues().size() > maxClues || !grid.isSolution(solution)) {
            throw new IllegalArgumentException("not a solution of " + grid.format() + " in " + maxClues + " slots: "
                    + Arrays.toString(solution));
        }
    }

    /**
     * The puzzle with the solution the solver finds first.
     *
     * @throws BadInputException if it has more than {@code maxClues} clues or no solution
     */
    public static LogicGridPuzzle of(LogicGrid grid, int maxClues) {
        if (grid.clues().size() > maxClues) {
            throw new BadInputException("the logic grid has " + grid.clues().size() + " clues; this task lays out "
                    + maxClues + ".");
        }
        LogicGridCsp csp = new LogicGridCsp(grid, maxClues);
        SolverResult r = new CspSolver().solve(csp);
        if (!r.solved()) {
            throw new BadInputException("the logic grid " + grid.format() + " has no solution.");
        }
        return new LogicGridPuzzle(grid, maxClues, csp.housesOf(r.first()));
    }

    /**
     * A minimal puzzle with a unique solution (see the class comment), laid out in exactly as
     * many slots as it has clues ({@link #laidOut} gives it a task's layout).
     */
    public static LogicGridPuzzle random(int houses, int categories, SplittableRandom rng) {
        int n = houses;
        int attributes = houses * categories;
        int[] house = new int[attributes];
        for (int c = 0; c < categories; c++) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            SudokuTransform.shuffle(perm, 0, n - 1, rng);
            System.arraycopy(perm, 0, house, c * n, n);
        }
        List<List<LogicGrid.Clue>> byKind = new ArrayList<>();
        for (LogicGrid.Kind k : LogicGrid.Kind.values()) {
            List<LogicGrid.Clue> trueClues = new ArrayList<>();
            for (int a = 0; a < attributes; a++) {
                if (k == LogicGrid.Kind.AT) {
                    trueClues.add(new LogicGrid.Clue(k, a, house[a]));
                    continue;
                }
                for (int b = 0; b < attributes; b++) {
                    boolean symmetric = k == LogicGrid.Kind.SAME || k == LogicGrid.Kind.DIFFERENT || k == LogicGrid.Kind.NEXT_TO;
                    boolean sameCategory = a / n == b / n;
                    if (a == b || (symmetric && b < a) || (sameCategory && k != LogicGrid.Kind.LEFT_OF
                            && k != LogicGrid.Kind.DIRECTLY_LEFT && k != LogicGrid.Kind.NEXT_TO)) {
                        continue;
                    }
                    if (k.holds(house[a], house[b])) {
                        trueClues.add(new LogicGrid.Clue(k, a, b));
                    }
                }
            }
            if (!trueClues.isEmpty()) {
                byKind.add(trueClues);
            }
        }
        CspSolver solver = new CspSolver();
        List<LogicGrid.Clue> clues = new ArrayList<>();
        while (solutions(solver, houses, categories, clues) > 1) {
            List<LogicGrid.Clue> kind = byKind.get(rng.nextInt(byKind.size()));
            LogicGrid.Clue c = kind.get(rng.nextInt(kind.size()));
            if (!clues.contains(c)) {
                clues.add(c);
            }
        }
        int[] order = new int[clues.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SudokuTransform.shuffle(order, 0, order.length - 1, rng);
        boolean[] dropped = new boolean[clues.size()];
        for (int i : order) {
            dropped[i] = true;
            List<LogicGrid.Clue> rest = new ArrayList<>();
            for (int j = 0; j < clues.size(); j++) {
                if (!dropped[j]) {
                    rest.add(clues.get(j));
                }
            }
            if (solutions(solver, houses, categories, rest) > 1) {
                dropped[i] = false;
            }
        }
        List<LogicGrid.Clue> kept = new ArrayList<>();
        for (int j = 0; j < clues.size(); j++) {
            if (!dropped[j]) {
                kept.add(clues.get(j));
            }
        }
        return new LogicGridPuzzle(new LogicGrid(houses, categories, kept), kept.size(), house);
    }

    /**
     * The same puzzle in a layout of {@code slots} clue slots.
     *
     * @throws BadInputException if it has more clues than that
     */
    public LogicGridPuzzle laidOut(int slots) {
        if (grid.clues().size() > slots) {
            throw new BadInputException("the logic grid has " + grid.clues().size() + " clues; this task lays out "
                    + slots + ".");
        }
        return new LogicGridPuzzle(grid, slots, solution);
    }

    /** The number of solutions of a clue set, counted up to 2. */
    private static long solutions(CspSolver solver, int houses, int categories, List<LogicGrid.Clue> clues) {
        LogicGrid g = new LogicGrid(houses, categories, clues);
        return solver.count(new LogicGridCsp(g, clues.size()), 2).solutions();
    }

    /** The tokens of the grid with {@code houseOf} at the attributes (−1: blank). */
    private int[] tokens(int[] houseOf) {
        LogicGridCsp csp = new LogicGridCsp(grid, maxClues);
        int[] t = new int[csp.variableCount()];
        for (int p = 0; p < t.length; p++) {
            int v = p < houseOf.length ? houseOf[p] : csp.given(p);
            t[p] = v < 0 ? Tokens.BLANK : Tokens.ofValue(v);
        }
        return t;
    }

    /** The house of every attribute that answer tokens stand for (−1 where the token is not a house). */
    public int[] housesOf(int[] answerTokens) {
        int[] h = new int[grid.attributes()];
        for (int a = 0; a < h.length; a++) {
            h[a] = a < answerTokens.length ? Tokens.valueOf(answerTokens[a], grid.houses()) : -1;
        }
        return h;
    }

    @Override
    public int[] solution() {
        return solution.clone();
    }

    @Override
    public String taskName() {
        return "logic" + grid.houses();
    }

    @Override
    public int sequenceLength() {
        return grid.attributes() + LogicGridCsp.SLOT * maxClues;
    }

    @Override
    public int vocabularySize() {
        return LogicGridCsp.valueCount(grid.houses(), grid.categories()) + Tokens.VALUE_BASE;
    }

    @Override
    public int[] inputTokens() {
        int[] blank = new int[grid.attributes()];
        Arrays.fill(blank, -1);
        return tokens(blank);
    }

    @Override
    public int[] targetTokens() {
        return tokens(solution);
    }

    /** Correct: the clue slots as given, and the attributes' houses solve the grid. */
    @Override
    public boolean isCorrect(int[] answerTokens) {
        if (answerTokens.length != sequenceLength()) {
            return false;
        }
        int[] values = new int[answerTokens.length];
        int count = LogicGridCsp.valueCount(grid.houses(), grid.categories());
        for (int p = 0; p < values.length; p++) {
            values[p] = Tokens.valueOf(answerTokens[p], count);
        }
        return new LogicGridCsp(grid, maxClues).isSolution(values);
    }

    @Override
    public LogicGridPuzzle augment(SplittableRandom rng) {
        int n = grid.houses();
        int m = grid.categories();
        int[][] values = new int[m][n];
        for (int c = 0; c < m; c++) {
            for (int v = 0; v < n; v++) {
                values[c][v] = v;
            }
            SudokuTransform.shuffle(values[c], 0, n - 1, rng);
        }
        int[] categories = new int[m];
        for (int c = 0; c < m; c++) {
            categories[c] = c;
        }
        SudokuTransform.shuffle(categories, 0, m - 1, rng);
        int[] order = new int[grid.clues().size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SudokuTransform.shuffle(order, 0, order.length - 1, rng);
        return transform(values, categories, rng.nextBoolean(), order);
    }

    /**
     * The puzzle renamed and mirrored: value v of category c becomes value
     * {@code values[c][v]} of category {@code categories[c]}; with {@code mirror} house h becomes
     * N − 1 − h (so "left of" swaps its operands); clue i of the result is clue
     * {@code order[i]} of this one. Every such map sends solutions to solutions one-to-one.
     */
    public LogicGridPuzzle transform(int[][] values, int[] categories, boolean mirror, int[] order) {
        int n = grid.houses();
        int[] to = new int[grid.attributes()];
        for (int a = 0; a < to.length; a++) {
            to[a] = categories[a / n] * n + values[a / n][a % n];
        }
        int[] house = new int[to.length];
        for (int a = 0; a < to.length; a++) {
            house[to[a]] = mirror ? n - 1 - solution[a] : solution[a];
        }
        List<LogicGrid.Clue> clues = new ArrayList<>();
        for (int i : order) {
            LogicGrid.Clue c = grid.clues().get(i);
            LogicGrid.Kind k = c.kind();
            if (k == LogicGrid.Kind.AT) {
                clues.add(new LogicGrid.Clue(k, to[c.a()], mirror ? n - 1 - c.b() : c.b()));
            } else if (mirror && (k == LogicGrid.Kind.LEFT_OF || k == LogicGrid.Kind.DIRECTLY_LEFT)) {
                clues.add(new LogicGrid.Clue(k, to[c.b()], to[c.a()]));
            } else {
                clues.add(new LogicGrid.Clue(k, to[c.a()], to[c.b()]));
            }
        }
        return new LogicGridPuzzle(new LogicGrid(n, grid.categories(), clues), maxClues, house);
    }

    @Override
    public String format() {
        return grid.format();
    }

    @Override
    public String formatAnswer(int[] answerTokens) {
        return grid.formatHouses(housesOf(answerTokens));
    }

    /**
     * An invariant of the augmentations: every clue as its kind and the houses it speaks of in
     * the solution (with whether its two attributes share a category), sorted, the smaller of
     * the grid's and its mirror image's. Renaming values and categories and reordering clues
     * change none of it; two inequivalent puzzles may rarely share it, which only makes a
     * train/test split stricter.
     */
    @Override
    public String fingerprint() {
        return grid.houses() + "x" + grid.categories() + " " + minOf(clueKeys(false), clueKeys(true));
    }

    private String clueKeys(boolean mirror) {
        int n = grid.houses();
        List<String> keys = new ArrayList<>();
        for (LogicGrid.Clue c : grid.clues()) {
            int ha = mirror ? n - 1 - solution[c.a()] : solution[c.a()];
            LogicGrid.Kind k = c.kind();
            if (k == LogicGrid.Kind.AT) {
                keys.add(k.code() + ":" + ha);
                continue;
            }
            int hb = mirror ? n - 1 - solution[c.b()] : solution[c.b()];
            boolean ordered = k == LogicGrid.Kind.LEFT_OF || k == LogicGrid.Kind.DIRECTLY_LEFT;
            int first = ordered ? (mirror ? hb : ha) : Math.min(ha, hb);
            int second = ordered ? (mirror ? ha : hb) : Math.max(ha, hb);
            keys.add(k.code() + ":" + first + "," + second + (grid.categoryOf(c.a()) == grid.categoryOf(c.b()) ? "s" : "d"));
        }
        keys.sort(null);
        return String.join(" ", keys);
    }

    private static String minOf(String a, String b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    @Override
    public Optional<Csp> constraints() {
        return Optional.of(new LogicGridCsp(grid, maxClues));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogicGridPuzzle p && p.grid.equals(grid) && p.maxClues == maxClues
                && Arrays.equals(p.solution, solution);
    }

    @Override
    public int hashCode() {
        return 31 * grid.hashCode() + Arrays.hashCode(solution);
    }

    @Override
    public String toString() {
        return grid.format() + " -> " + grid.formatHouses(solution);
    }
}
