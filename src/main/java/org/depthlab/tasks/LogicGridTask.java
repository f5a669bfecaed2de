package org.depthlab.tasks;

import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.solve.CspSolver;

/**
 * Logic grid puzzles of one size ({@code logic<N>}): N houses, {@value #CATEGORIES} categories,
 * minimal clue sets with a unique solution ({@link LogicGridPuzzle#random}) of at most
 * {@link #maxClues} clues, at least {@code minBacktracks} hard; the one-line format of
 * {@link LogicGrid} and the tokens of {@link LogicGridPuzzle}.
 *
 * @param houses        N, 3..6
 * @param minBacktracks the least difficulty (backtracks of the CSP solver, MRV) a generated puzzle has
 */
public record LogicGridTask(int houses, int minBacktracks) implements Task {

    /** The categories of every grid of this task (LR²Bench's smallest logic puzzles have three). */
    public static final int CATEGORIES = 3;

    /** Grids drawn for one puzzle before giving up on the requested difficulty. */
    public static final int MAX_ATTEMPTS = 20_000;

    public LogicGridTask {
        if (houses < LogicGrid.MIN_HOUSES || houses > LogicGrid.MAX_HOUSES) {
            throw new BadInputException("a logic grid needs " + LogicGrid.MIN_HOUSES + " to " + LogicGrid.MAX_HOUSES
                    + " houses, not " + houses + ".");
        }
        if (minBacktracks < 0) {
            throw new BadInputException("--min-backtracks must be at least 0, not " + minBacktracks + ".");
        }
    }

    /**
     * The clue slots of the token layout: three per house. The generator's minimal clue sets
     * need about two per house (6–10 for four houses, 8–12 for five); one that needs more than
     * the slots is drawn again.
     */
    public int maxClues() {
        return 3 * houses;
    }

    @Override
    public String name() {
        return "logic" + houses;
    }

    @Override
    public int sequenceLength() {
        return houses * CATEGORIES + LogicGridCsp.SLOT * maxClues();
    }

    @Override
    public int vocabularySize() {
        return LogicGridCsp.valueCount(houses, CATEGORIES) + Tokens.VALUE_BASE;
    }

    /**
     * The next puzzle from {@code rng}.
     *
     * @throws BadInputException if {@value #MAX_ATTEMPTS} grids gave none as hard as asked
     */
    @Override
    public LogicGridPuzzle generate(SplittableRandom rng) {
        CspSolver solver = new CspSolver();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            LogicGridPuzzle p = LogicGridPuzzle.random(houses, CATEGORIES, rng);
            if (p.grid().clues().size() > maxClues()) {
                continue;
            }
            p = p.laidOut(maxClues());
            if (minBacktracks == 0 || solver.solve(p.constraints().orElseThrow()).backtracks() >= minBacktracks) {
                return p;
            }
        }
        throw new BadInputException("no logic grid with " + houses + " houses needing at least " + minBacktracks
                + " backtracks turned up in " + MAX_ATTEMPTS + " tries; ask for fewer backtracks.");
    }

    @Override
    public LogicGridPuzzle parse(String text) {
        LogicGrid g = LogicGrid.parse(text);
        if (g.houses() != houses || g.categories() != CATEGORIES) {
            throw new BadInputException("expected a " + houses + "x" + CATEGORIES + " logic grid but got "
                    + g.houses() + "x" + g.categories() + ".");
        }
        return LogicGridPuzzle.of(g, maxClues());
    }

    @Override
    public LogicGridPuzzle decode(int[] inputTokens) {
        Tokens.requireLength(this, inputTokens);
        int attributes = houses * CATEGORIES;
        int values = LogicGridCsp.valueCount(houses, CATEGORIES);
        java.util.List<LogicGrid.Clue> clues = new java.util.ArrayList<>();
        for (int at = attributes; at < inputTokens.length; at += LogicGridCsp.SLOT) {
            int kind = Tokens.valueOf(inputTokens[at], values);
            if (kind <= 0) {
                continue;
            }
            if (kind > LogicGrid.Kind.values().length) {
                throw new BadInputException("token " + inputTokens[at] + " at position " + at + " is not a clue kind.");
            }
            LogicGrid.Kind k = LogicGrid.Kind.values()[kind - 1];
            int a = Tokens.valueOf(inputTokens[at + 1], values);
            int b = Tokens.valueOf(inputTokens[at + 2], values);
            int bound = k == LogicGrid.Kind.AT ? houses : attributes;
            if (a < 0 || a >= attributes || b < 0 || b >= bound) {
                throw new BadInputException("the clue at position " + at + " names an attribute or house outside the grid.");
            }
            clues.add(new LogicGrid.Clue(k, a, b));
        }
        return LogicGridPuzzle.of(new LogicGrid(houses, CATEGORIES, clues), maxClues());
    }
}
