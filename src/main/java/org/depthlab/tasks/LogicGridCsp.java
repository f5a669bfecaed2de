package org.depthlab.tasks;

import java.util.Arrays;
import org.depthlab.solve.Csp;

/**
 * A logic grid as a {@link Csp} — the classical formulation of the zebra puzzle (Russell and
 * Norvig, <i>AIMA</i>, 4th ed., ch. 6, book/references.md [CSP]): one variable per attribute,
 * its value the house (0..N−1) the attribute is in. Then every clue is a binary constraint:
 * two values of a category must be in different houses (the "one value per house" rule), and
 * a clue relates the houses of its two attributes ({@link LogicGrid.Kind#holds}); "A1 is in
 * house 3" is a unary constraint, the attribute's {@link #initialDomain}.
 *
 * <p>So that a decoder's token position and CSP variable coincide (as in Sudoku), the variables
 * follow the token layout of {@link LogicGridPuzzle}: the N·M attributes first, then
 * {@code maxClues} slots of three positions (kind, first attribute, second attribute or
 * house), each holding its value as a given, with no constraints of its own — a constrained
 * decoder writes them as forced givens. Values therefore range over
 * max(N·M, N, 7) numbers, and an attribute's domain is cut to the N houses by
 * {@link #initialDomain}.
 *
 * <p>Each pair of attributes that shares a constraint has a table of masks: for x in house h,
 * the houses y may still take — the AND of all-different (same category) and every clue
 * between them, read from either side, so the constraints are symmetric as {@link Csp} asks.
 */
public final class LogicGridCsp implements Csp {

    /** Slots per clue in the token layout: kind, first operand, second operand. */
    public static final int SLOT = 3;

    private static final int[] NO_NEIGHBOURS = new int[0];

    private final LogicGrid grid;
    private final int maxClues;
    private final int attributes;
    private final int values;
    private final long[] unary;
    private final int[] given;
    private final long[][][] table;
    private final int[][] neighbours;

    /**
     * The CSP of {@code grid} laid out with {@code maxClues} clue slots.
     *
     * @throws IllegalArgumentException if the grid has more clues than slots
     */
    public LogicGridCsp(LogicGrid grid, int maxClues) {
        if (grid.clues().size() > maxClues) {
            throw new IllegalArgumentException(grid.clues().size() + " clues for " + maxClues + " slots");
        }
        this.grid = grid;
        this.maxClues = maxClues;
        int n = grid.houses();
        this.attributes = grid.attributes();
        this.values = valueCount(grid.houses(), grid.categories());
        int positions = attributes + SLOT * maxClues;
        long houses = (1L << n) - 1;
        this.unary = new long[attributes];
        Arrays.fill(unary, houses);
        this.given = new int[positions];
        Arrays.fill(given, 0, attributes, -1);
        this.table = new long[attributes][attributes][];
        for (int x = 0; x < attributes; x++) {
            for (int y = 0; y < attributes; y++) {
                if (x != y && grid.categoryOf(x) == grid.categoryOf(y)) {
                    relate(x, y, LogicGrid.Kind.DIFFERENT);
                }
            }
        }
        int k = 0;
        for (LogicGrid.Clue c : grid.clues()) {
            if (c.kind() == LogicGrid.Kind.AT) {
                unary[c.a()] &= 1L << c.b();
            } else if (c.a() == c.b()) {
                // A relation of an attribute with itself holds in every house or in none.
                if (!c.kind().holds(0, 0)) {
                    unary[c.a()] = 0;
                }
            } else {
                relate(c.a(), c.b(), c.kind());
                relate(c.b(), c.a(), c.kind(), true);
            }
            int at = attributes + SLOT * k++;
            given[at] = c.kind().code();
            given[at + 1] = c.a();
            given[at + 2] = c.b();
        }
        this.neighbours = new int[attributes][];
        for (int x = 0; x < attributes; x++) {
            int count = 0;
            for (int y = 0; y < attributes; y++) {
                count += table[x][y] != null ? 1 : 0;
            }
            neighbours[x] = new int[count];
            count = 0;
            for (int y = 0; y < attributes; y++) {
                if (table[x][y] != null) {
                    neighbours[x][count++] = y;
                }
            }
        }
    }

    /** The number of values of the CSP of an N×M grid: its attributes, houses and clue codes. */
    public static int valueCount(int houses, int categories) {
        return Math.max(houses * categories, Math.max(houses, LogicGrid.Kind.values().length + 1));
    }

    private void relate(int x, int y, LogicGrid.Kind kind) {
        relate(x, y, kind, false);
    }

    /** ANDs into table[x][y] the relation "kind(x, y)", or "kind(y, x)" read from x's side when {@code reversed}. */
    private void relate(int x, int y, LogicGrid.Kind kind, boolean reversed) {
        int n = grid.houses();
        if (table[x][y] == null) {
            table[x][y] = new long[n];
            Arrays.fill(table[x][y], (1L << n) - 1);
        }
        for (int hx = 0; hx < n; hx++) {
            long allowed = 0;
            for (int hy = 0; hy < n; hy++) {
                boolean ok = reversed ? kind.holds(hy, hx) : kind.holds(hx, hy);
                allowed |= ok ? 1L << hy : 0;
            }
            table[x][y][hx] &= allowed;
        }
    }

    /** The grid whose clues this CSP holds. */
    public LogicGrid grid() {
        return grid;
    }

    /** The clue slots of the layout. */
    public int maxClues() {
        return maxClues;
    }

    @Override
    public int variableCount() {
        return given.length;
    }

    @Override
    public int valueCount() {
        return values;
    }

    @Override
    public long initialDomain(int var) {
        return var < attributes ? unary[var] : allValues();
    }

    @Override
    public int given(int var) {
        return given[var];
    }

    @Override
    public int[] neighbours(int var) {
        return var < attributes ? neighbours[var] : NO_NEIGHBOURS;
    }

    @Override
    public long compatible(int x, int vx, int y) {
        if (vx >= grid.houses()) {
            return 0; // never asked: an attribute's house is below N
        }
        return table[x][y][vx];
    }

    /** The houses of the attributes in an assignment of the CSP (its first N·M values). */
    public int[] housesOf(int[] values) {
        return Arrays.copyOf(values, attributes);
    }
}
