package org.depthlab.tasks;

import org.depthlab.solve.Csp;

/**
 * N-Queens completion as a {@link Csp}: variable r is row r, value c is the column of its
 * queen, the queens already on the board are the givens, and every pair of rows r, s is
 * constrained: their queens share no column and no diagonal, c ≠ c' and |c − c'| ≠ |r − s|.
 * Forward checking after row x takes column c removes from each open row y at distance
 * d = |y − x| the columns c, c − d and c + d.
 */
public final class QueensCsp implements Csp {

    private final Queens board;
    private final int[] given;
    private final int[][] others;

    /** The CSP of completing {@code board}. */
    public QueensCsp(Queens board) {
        this.board = board;
        this.given = board.columns();
        int n = board.n();
        others = new int[n][n - 1];
        for (int x = 0; x < n; x++) {
            for (int y = 0, k = 0; y < n; y++) {
                if (y != x) {
                    others[x][k++] = y;
                }
            }
        }
    }

    /** The board whose queens this CSP holds. */
    public Queens board() {
        return board;
    }

    @Override
    public int variableCount() {
        return board.n();
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
        return others[var];
    }

    @Override
    public long compatible(int x, int c, int y) {
        int d = Math.abs(y - x);
        long attacked = 1L << c;
        if (c + d < board.n()) {
            attacked |= 1L << (c + d);
        }
        if (c - d >= 0) {
            attacked |= 1L << (c - d);
        }
        return ~attacked;
    }
}
