package org.depthlab.tasks;

import org.depthlab.solve.Csp;

/**
 * Futoshiki as a {@link Csp} over the positions of its interleaved grid ({@link Futoshiki}):
 * variable i is position i of the (2n−1)×(2n−1) grid, so that a decoder's token position and
 * CSP variable coincide as in Sudoku.
 * <ul>
 *   <li>A <b>cell</b> (even row, even column) takes value v for digit v + 1. It is constrained
 *       against the other cells of its row and column to differ, and against a neighbour it
 *       shares a sign with to obey it: after (r, c) = v, a right-hand neighbour under '&lt;'
 *       keeps only the values above v.</li>
 *   <li>A <b>sign position</b> holds its relation as a given value — 0 none, 1 the first cell
 *       smaller, 2 the first cell larger — and the odd-odd corners hold 0; they have no
 *       constraints of their own. (Values 0..2 exist because n ≥ 3.) A constrained decoder
 *       therefore writes them as forced givens, as it copies a Sudoku's clues.</li>
 * </ul>
 * Every constraint is binary and symmetric, as {@link Csp} requires: x &lt; y read from y's side
 * is y &gt; x.
 */
public final class FutoshikiCsp implements Csp {

    private final Futoshiki board;
    private final int side;
    private final int[] given;
    private final int[][] neighbours;
    private final int[] right;
    private final int[] down;
    private static final int[] NONE = new int[0];

    /** The CSP of completing {@code board}. */
    public FutoshikiCsp(Futoshiki board) {
        this.board = board;
        int n = board.n();
        this.side = board.side();
        int positions = side * side;
        this.given = new int[positions];
        this.neighbours = new int[positions][];
        this.right = board.right();
        this.down = board.down();
        for (int p = 0; p < positions; p++) {
            int gr = p / side;
            int gc = p % side;
            if (gr % 2 == 0 && gc % 2 == 0) {
                int r = gr / 2;
                int c = gc / 2;
                given[p] = board.cell(r, c) - 1;
                int[] peers = new int[2 * (n - 1)];
                int k = 0;
                for (int o = 0; o < n; o++) {
                    if (o != c) {
                        peers[k++] = cellPosition(r, o);
                    }
                    if (o != r) {
                        peers[k++] = cellPosition(o, c);
                    }
                }
                neighbours[p] = peers;
            } else {
                neighbours[p] = NONE;
                given[p] = gr % 2 == 0 ? right[(gr / 2) * (n - 1) + gc / 2]
                        : gc % 2 == 0 ? down[(gr / 2) * n + gc / 2] : Futoshiki.NONE;
            }
        }
    }

    /** The grid position of cell (r, c): (2r, 2c). */
    public int cellPosition(int r, int c) {
        return 2 * r * side + 2 * c;
    }

    /** Whether grid position {@code p} is a cell (not a sign or a corner). */
    public boolean isCell(int p) {
        return (p / side) % 2 == 0 && (p % side) % 2 == 0;
    }

    /** The board whose digits and signs this CSP holds. */
    public Futoshiki board() {
        return board;
    }

    @Override
    public int variableCount() {
        return side * side;
    }

    @Override
    public int valueCount() {
        return board.n();
    }

    @Override
    public int given(int var) {
        return given[var];
    }

    @Override
    public int[] neighbours(int var) {
        return neighbours[var];
    }

    @Override
    public long compatible(int x, int vx, int y) {
        long allowed = allValues() & ~(1L << vx);
        int xr = x / side / 2;
        int xc = (x % side) / 2;
        int yr = y / side / 2;
        int yc = (y % side) / 2;
        int relation = Futoshiki.NONE;
        boolean xFirst = xr < yr || xc < yc;
        if (xr == yr && Math.abs(xc - yc) == 1) {
            relation = right[xr * (board.n() - 1) + Math.min(xc, yc)];
        } else if (xc == yc && Math.abs(xr - yr) == 1) {
            relation = down[Math.min(xr, yr) * board.n() + xc];
        }
        if (relation == Futoshiki.NONE) {
            return allowed;
        }
        // y must be larger than x when x is the smaller of the pair, smaller otherwise.
        boolean yLarger = (relation == Futoshiki.LESS) == xFirst;
        long above = allValues() & ~((1L << (vx + 1)) - 1);
        long below = (1L << vx) - 1;
        return allowed & (yLarger ? above : below);
    }

    /** The board that a full assignment (cells' values 0..n−1) stands for. */
    public Futoshiki toBoard(int[] values) {
        int n = board.n();
        int[] cells = new int[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int v = values[cellPosition(r, c)];
                cells[r * n + c] = v < 0 ? 0 : v + 1;
            }
        }
        return board.withCells(cells);
    }
}
