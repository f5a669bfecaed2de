package org.depthlab.tasks;

import java.util.SplittableRandom;

/**
 * A validity-preserving Sudoku transformation, the augmentations of the HRM Sudoku datasets:
 * relabel the digits, shuffle the bands (groups of box rows) and the rows inside each band,
 * shuffle the stacks (groups of box columns) and the columns inside each stack, and, when the
 * boxes are square (4×4, 9×9), transpose. Each maps rows, columns and boxes onto rows,
 * columns and boxes, so it maps valid grids to valid grids and the solutions of a puzzle
 * one-to-one onto the solutions of its image: solve(T(p)) = T(solve(p)).
 *
 * <p>The image of grid g is {@code h[r][c] = digit[g[r'][c']]} with (r', c') =
 * (rowMap[r], colMap[c]), read from the transposed grid when {@code transpose} is set.
 *
 * @param digit digit[d] is the new name of digit d (index 0 maps blank to blank)
 * @param rowMap the source row of each new row
 * @param colMap the source column of each new column
 * @param transpose whether to read the source transposed
 */
public record SudokuTransform(int[] digit, int[] rowMap, int[] colMap, boolean transpose) {

    public SudokuTransform {
        digit = digit.clone();
        rowMap = rowMap.clone();
        colMap = colMap.clone();
    }

    /** The identity on a shape. */
    public static SudokuTransform identity(Sudoku.Shape shape) {
        int n = shape.size();
        return new SudokuTransform(range(n + 1), range(n), range(n), false);
    }

    /** A uniformly random transformation of the group for {@code shape}. */
    public static SudokuTransform random(Sudoku.Shape shape, SplittableRandom rng) {
        int n = shape.size();
        int[] digit = range(n + 1);
        shuffle(digit, 1, n, rng);
        int[] rows = lines(n, shape.boxRows(), rng);
        int[] cols = lines(n, shape.boxCols(), rng);
        boolean transpose = shape.isTransposable() && rng.nextBoolean();
        return new SudokuTransform(digit, rows, cols, transpose);
    }

    /** Applies the transformation to a grid (puzzle or solution alike). */
    public Sudoku apply(Sudoku g) {
        int n = g.size();
        if (rowMap.length != n) {
            throw new IllegalArgumentException("a transform for size " + rowMap.length + " applied to size " + n);
        }
        int[] cells = new int[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int sr = rowMap[r];
                int sc = colMap[c];
                int d = transpose ? g.get(sc, sr) : g.get(sr, sc);
                cells[r * n + c] = digit[d];
            }
        }
        return new Sudoku(g.shape(), cells);
    }

    /** A permutation of n lines in groups of {@code group}: groups shuffled, lines shuffled within each. */
    private static int[] lines(int n, int group, SplittableRandom rng) {
        int[] order = range(n / group);
        shuffle(order, 0, order.length - 1, rng);
        int[] map = new int[n];
        for (int g = 0; g < order.length; g++) {
            int[] inside = range(group);
            shuffle(inside, 0, group - 1, rng);
            for (int k = 0; k < group; k++) {
                map[g * group + k] = order[g] * group + inside[k];
            }
        }
        return map;
    }

    private static int[] range(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    /** Fisher–Yates on a[lo..hi]. */
    static void shuffle(int[] a, int lo, int hi, SplittableRandom rng) {
        for (int i = hi; i > lo; i--) {
            int j = lo + rng.nextInt(i - lo + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public int[] digit() {
        return digit.clone();
    }

    @Override
    public int[] rowMap() {
        return rowMap.clone();
    }

    @Override
    public int[] colMap() {
        return colMap.clone();
    }
}
