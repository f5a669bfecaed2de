package org.depthlab.tasks;

import org.depthlab.solve.Csp;

/**
 * A Sudoku as a {@link Csp}: variable i is cell i (row-major), value v is digit v + 1, the
 * givens are the filled cells, and every cell is constrained against its peers — the other
 * cells of its row, column and box — to differ: {@code compatible(x, v, y)} is "anything but
 * v". With domains as bit masks, forward checking after x = v clears one bit in each open
 * peer (20 of them on a 9×9 grid).
 */
public final class SudokuCsp implements Csp {

    private final Sudoku grid;
    private final int[][] peers;

    /** The CSP of {@code grid}: its filled cells are the givens. */
    public SudokuCsp(Sudoku grid) {
        this.grid = grid;
        this.peers = grid.shape().peers();
    }

    /** The grid whose givens this CSP holds. */
    public Sudoku grid() {
        return grid;
    }

    @Override
    public int variableCount() {
        return grid.shape().cellCount();
    }

    @Override
    public int valueCount() {
        return grid.size();
    }

    @Override
    public int given(int var) {
        return grid.cell(var) - 1;
    }

    @Override
    public int[] neighbours(int var) {
        return peers[var];
    }

    @Override
    public long compatible(int x, int vx, int y) {
        return ~(1L << vx);
    }

    /** The grid that a full CSP assignment (values 0..n−1) stands for. */
    public Sudoku toGrid(int[] values) {
        int[] cells = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = values[i] < 0 ? 0 : values[i] + 1;
        }
        return new Sudoku(grid.shape(), cells);
    }
}
