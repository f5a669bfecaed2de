package org.depthlab.tasks;

import java.util.Arrays;
import org.depthlab.BadInputException;

/**
 * A Sudoku grid of size n = 4, 6 or 9, complete or not: n×n cells in n boxes of
 * {@code boxRows × boxCols}; every row, column and box must hold each digit 1..n once.
 *
 * <p><b>Text.</b> The common one-line format of public puzzle collections: n² characters in
 * row-major order, a digit for a given and '.' or '0' for a blank; whitespace around the
 * line is ignored. {@link #toLine()} writes '.' for blanks; {@link #toGrid()} writes a
 * readable grid with the boxes drawn.
 *
 * <p>Cells are numbered row-major, {@code cell = row·n + column}; {@code cells[i]} is the digit
 * 1..n or 0 for a blank. The arrays are copied in and out, so a Sudoku never changes.
 */
public record Sudoku(Shape shape, int[] cells) {

    /** The three supported sizes: 4 (2×2 boxes), 6 (2×3 boxes: 2 rows by 3 columns) and 9 (3×3). */
    public record Shape(int size, int boxRows, int boxCols) {

        /** 4×4 with 2×2 boxes. */
        public static final Shape FOUR = new Shape(4, 2, 2);
        /** 6×6 with boxes of 2 rows by 3 columns. */
        public static final Shape SIX = new Shape(6, 2, 3);
        /** 9×9 with 3×3 boxes. */
        public static final Shape NINE = new Shape(9, 3, 3);

        private static final int[][][] PEERS = {peersOf(FOUR), peersOf(SIX), peersOf(NINE)};

        public Shape {
            boolean known = (size == 4 && boxRows == 2 && boxCols == 2)
                    || (size == 6 && boxRows == 2 && boxCols == 3)
                    || (size == 9 && boxRows == 3 && boxCols == 3);
            if (!known) {
                throw new IllegalArgumentException("no Sudoku shape " + size + " with "
                        + boxRows + "×" + boxCols + " boxes");
            }
        }

        /** The shape of the given size (4, 6 or 9). */
        public static Shape of(int size) {
            switch (size) {
                case 4: return FOUR;
                case 6: return SIX;
                case 9: return NINE;
                default: throw new BadInputException("a Sudoku has size 4, 6 or 9, not " + size + ".");
            }
        }

        /** n². */
        public int cellCount() {
            return size * size;
        }

        /** The box index (row-major over boxes) of a cell. */
        public int box(int row, int col) {
            return (row / boxRows) * (size / boxCols) + col / boxCols;
        }

        /** Whether transposition maps this shape to itself (square boxes: 4 and 9). */
        public boolean isTransposable() {
            return boxRows == boxCols;
        }

        /** For each cell, the other cells in its row, column or box (shared, never modified). */
        int[][] peers() {
            return PEERS[size == 4 ? 0 : size == 6 ? 1 : 2];
        }

        private static int[][] peersOf(Shape s) {
            int n = s.size;
            int[][] peers = new int[n * n][];
            for (int i = 0; i < n * n; i++) {
                int r = i / n;
                int c = i % n;
                int[] list = new int[3 * n];
                int k = 0;
                for (int j = 0; j < n * n; j++) {
                    int rj = j / n;
                    int cj = j % n;
                    if (j != i && (rj == r || cj == c || s.box(rj, cj) == s.box(r, c))) {
                        list[k++] = j;
                    }
                }
                peers[i] = Arrays.copyOf(list, k);
            }
            return peers;
        }
    }

    public Sudoku {
        if (cells.length != shape.cellCount()) {
            throw new IllegalArgumentException("a " + shape.size() + "×" + shape.size()
                    + " Sudoku has " + shape.cellCount() + " cells, not " + cells.length);
        }
        cells = cells.clone();
        for (int v : cells) {
            if (v < 0 || v > shape.size()) {
                throw new IllegalArgumentException("cell value " + v + " outside 0.." + shape.size());
            }
        }
    }

    /** The empty grid of a shape. */
    public static Sudoku empty(Shape shape) {
        return new Sudoku(shape, new int[shape.cellCount()]);
    }

    /**
     * Reads the one-line format, taking the size from the length (16, 36 or 81 characters).
     *
     * @throws BadInputException naming the problem: a wrong length, a character that is not a
     *     digit of that size, or givens that already conflict
     */
    public static Sudoku parse(String line) {
        String t = line.strip();
        switch (t.length()) {
            case 16: return parse(t, Shape.FOUR);
            case 36: return parse(t, Shape.SIX);
            case 81: return parse(t, Shape.NINE);
            default:
                throw new BadInputException("expected a Sudoku of 16, 36 or 81 characters (digits, '.' or '0' for a blank) but got "
                        + t.length() + ".");
        }
    }

    /** Reads the one-line format for a known shape; see {@link #parse(String)}. */
    public static Sudoku parse(String line, Shape shape) {
        String t = line.strip();
        int n = shape.size();
        if (t.length() != shape.cellCount()) {
            throw new BadInputException("expected a " + n + "×" + n + " Sudoku of " + shape.cellCount()
                    + " characters (1-" + n + ", '.' or '0' for a blank) but got " + t.length() + ".");
        }
        int[] cells = new int[t.length()];
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '.' || ch == '0') {
                continue;
            }
            if (ch < '1' || ch > '0' + n) {
                throw new BadInputException("character '" + ch + "' at position " + (i + 1)
                        + " is not a digit 1-" + n + ", '.' or '0'.");
            }
            cells[i] = ch - '0';
        }
        Sudoku s = new Sudoku(shape, cells);
        String conflict = s.firstConflict();
        if (conflict != null) {
            throw new BadInputException("the givens conflict: " + conflict + ".");
        }
        return s;
    }

    /** n. */
    public int size() {
        return shape.size();
    }

    /** A copy of the cells (0 for blank). */
    @Override
    public int[] cells() {
        return cells.clone();
    }

    /** The digit at a cell index, 0 for blank. */
    public int cell(int i) {
        return cells[i];
    }

    /** The digit at (row, col), 0 for blank. */
    public int get(int row, int col) {
        return cells[row * size() + col];
    }

    /** The number of filled cells. */
    public int clueCount() {
        int k = 0;
        for (int v : cells) {
            if (v != 0) {
                k++;
            }
        }
        return k;
    }

    /** Whether every cell is filled. */
    public boolean isComplete() {
        return clueCount() == cells.length;
    }

    /** A copy with one cell changed (0 clears it). */
    public Sudoku with(int cell, int digit) {
        int[] c = cells.clone();
        c[cell] = digit;
        return new Sudoku(shape, c);
    }

    /**
     * The first rule broken, described as "digit 5 appears twice in row 3" (rows, columns and
     * boxes 1-based), or null when no digit repeats.
     */
    public String firstConflict() {
        int n = size();
        for (int unit = 0; unit < 3; unit++) {
            for (int u = 0; u < n; u++) {
                int seen = 0;
                for (int k = 0; k < n; k++) {
                    int cell = unitCell(unit, u, k);
                    int d = cells[cell];
                    if (d == 0) {
                        continue;
                    }
                    if ((seen & (1 << d)) != 0) {
                        String what = unit == 0 ? "row" : unit == 1 ? "column" : "box";
                        return "digit " + d + " appears twice in " + what + " " + (u + 1);
                    }
                    seen |= 1 << d;
                }
            }
        }
        return null;
    }

    /** Whether this grid is complete, breaks no rule and keeps every given of {@code puzzle}. */
    public boolean isSolutionOf(Sudoku puzzle) {
        if (!shape.equals(puzzle.shape) || !isComplete() || firstConflict() != null) {
            return false;
        }
        for (int i = 0; i < cells.length; i++) {
            if (puzzle.cells[i] != 0 && puzzle.cells[i] != cells[i]) {
                return false;
            }
        }
        return true;
    }

    /** The k-th cell of row, column or box u (unit 0, 1, 2). */
    private int unitCell(int unit, int u, int k) {
        int n = size();
        if (unit == 0) {
            return u * n + k;
        }
        if (unit == 1) {
            return k * n + u;
        }
        int boxesPerRow = n / shape.boxCols();
        int r = (u / boxesPerRow) * shape.boxRows() + k / shape.boxCols();
        int c = (u % boxesPerRow) * shape.boxCols() + k % shape.boxCols();
        return r * n + c;
    }

    /** The one-line format, '.' for blanks. */
    public String toLine() {
        StringBuilder b = new StringBuilder(cells.length);
        for (int v : cells) {
            b.append(v == 0 ? '.' : (char) ('0' + v));
        }
        return b.toString();
    }

    /** A readable grid: digits separated by spaces, boxes separated by '|' and '-' lines. */
    public String toGrid() {
        int n = size();
        StringBuilder b = new StringBuilder();
        for (int r = 0; r < n; r++) {
            if (r > 0 && r % shape.boxRows() == 0) {
                for (int c = 0; c < n; c++) {
                    if (c > 0 && c % shape.boxCols() == 0) {
                        b.append("+-");
                    }
                    b.append(c == n - 1 ? "-" : "--");
                }
                b.append('\n');
            }
            for (int c = 0; c < n; c++) {
                if (c > 0 && c % shape.boxCols() == 0) {
                    b.append("| ");
                }
                int v = get(r, c);
                b.append(v == 0 ? '.' : (char) ('0' + v));
                if (c < n - 1) {
                    b.append(' ');
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sudoku && ((Sudoku) o).shape.equals(shape) && Arrays.equals(((Sudoku) o).cells, cells);
    }

    @Override
    public int hashCode() {
        return 31 * shape.hashCode() + Arrays.hashCode(cells);
    }

    @Override
    public String toString() {
        return toLine();
    }
}
