package org.depthlab.tasks;

import java.util.Arrays;
import org.depthlab.BadInputException;

/**
 * A Futoshiki board: an n×n Latin square to complete — every digit 1..n once in each row and
 * each column — with some digits given and some inequality signs between neighbouring cells
 * (the puzzle of LR²Bench's logical family that Sudoku sits in; Chen et al. 2025,
 * book/references.md [LR2Bench]). Its CSP is {@link FutoshikiCsp}.
 *
 * <p><b>The interleaved grid.</b> The board is read and written as a (2n−1)×(2n−1) grid in
 * which cell (r, c) sits at (2r, 2c), the sign between (r, c) and (r, c+1) at (2r, 2c+1),
 * the sign between (r, c) and (r+1, c) at (2r+1, 2c), and the positions (odd, odd) are
 * always empty. One line of (2n−1)² characters, row-major: a digit or '.' at a cell; '<',
 * '>' or '.' between horizontal neighbours ('<': the left one is smaller); '^', 'v' or '.'
 * between vertical neighbours ('^': the upper one is smaller); '.' at the odd-odd corners.
 * The token layout of {@link FutoshikiPuzzle} is this grid position by position.
 *
 * <p>A <b>relation</b> is coded 0 (no sign), 1 (the first cell — left or upper — is smaller)
 * or 2 (the first cell is larger).
 *
 * @param n     the size, 3..9
 * @param cells n² digits, row-major, 0 for blank
 * @param right n·(n−1) relations between (r, c) and (r, c+1), at index r·(n−1) + c
 * @param down  (n−1)·n relations between (r, c) and (r+1, c), at index r·n + c
 */
public record Futoshiki(int n, int[] cells, int[] right, int[] down) {

    /** No sign between two cells. */
    public static final int NONE = 0;
    /** The first cell (left or upper) is the smaller. */
    public static final int LESS = 1;
    /** The first cell (left or upper) is the larger. */
    public static final int GREATER = 2;

    /** The sizes a board may have. */
    public static final int MIN_SIZE = 3;
    /** The sizes a board may have: a (2·9−1)² = 289-character line at most. */
    public static final int MAX_SIZE = 9;

    public Futoshiki {
        if (n < MIN_SIZE || n > MAX_SIZE || cells.length != n * n || right.length != n * (n - 1)
                || down.length != n * (n - 1)) {
            throw new IllegalArgumentException("a " + n + "×" + n + " Futoshiki with " + cells.length + " cells, "
                    + right.length + " and " + down.length + " signs");
        }
        cells = cells.clone();
        right = right.clone();
        down = down.clone();
        for (int d : cells) {
            if (d < 0 || d > n) {
                throw new IllegalArgumentException("digit " + d + " on a " + n + "×" + n + " board");
            }
        }
        for (int[] signs : new int[][] {right, down}) {
            for (int s : signs) {
                if (s < NONE || s > GREATER) {
                    throw new IllegalArgumentException("relation " + s);
                }
            }
        }
    }

    /** The board with no digit and no sign. */
    public static Futoshiki empty(int n) {
        return new Futoshiki(n, new int[n * n], new int[n * (n - 1)], new int[n * (n - 1)]);
    }

    /** The side of the interleaved grid, 2n − 1. */
    public int side() {
        return 2 * n - 1;
    }

    /**
     * Reads the one-line format; n is read from the length, (2n − 1)².
     *
     * @throws BadInputException naming the problem: a length that is not the square of an odd
     *     side, a character that does not belong where it stands, a digit above n, or givens
     *     that break a row, a column or a sign
     */
    public static Futoshiki parse(String line) {
        String t = line.strip();
        int side = (int) Math.round(Math.sqrt(t.length()));
        if (side * side != t.length() || side % 2 == 0 || (side + 1) / 2 < MIN_SIZE || (side + 1) / 2 > MAX_SIZE) {
            throw new BadInputException("expected a Futoshiki line of (2n−1)² characters for n = " + MIN_SIZE + ".."
                    + MAX_SIZE + " (25, 49, 81, …) but got " + t.length() + " characters.");
        }
        int n = (side + 1) / 2;
        int[] cells = new int[n * n];
        int[] right = new int[n * (n - 1)];
        int[] down = new int[n * (n - 1)];
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            int gr = i / side;
            int gc = i % side;
            String where = "position " + (i + 1);
            if (gr % 2 == 0 && gc % 2 == 0) {
                if (ch == '.' || ch == '0') {
                    continue;
                }
                int d = ch - '0';
                if (d < 1 || d > n) {
                    throw new BadInputException("character '" + ch + "' at " + where + " (row " + (gr / 2 + 1)
                            + " column " + (gc / 2 + 1) + ") is not a digit 1.." + n + " or '.'.");
                }
                cells[(gr / 2) * n + gc / 2] = d;
            } else if (gr % 2 == 0) {
                int s = ch == '.' ? NONE : ch == '<' ? LESS : ch == '>' ? GREATER : -1;
                if (s < 0) {
                    throw new BadInputException("character '" + ch + "' at " + where
                            + " (between two cells of a row) is not '<', '>' or '.'.");
                }
                right[(gr / 2) * (n - 1) + gc / 2] = s;
            } else if (gc % 2 == 0) {
                int s = ch == '.' ? NONE : ch == '^' ? LESS : ch == 'v' ? GREATER : -1;
                if (s < 0) {
                    throw new BadInputException("character '" + ch + "' at " + where
                            + " (between two cells of a column) is not '^', 'v' or '.'.");
                }
                down[(gr / 2) * n + gc / 2] = s;
            } else if (ch != '.') {
                throw new BadInputException("character '" + ch + "' at " + where
                        + " lies between four cells, where only '.' may stand.");
            }
        }
        Futoshiki f = new Futoshiki(n, cells, right, down);
        String conflict = f.firstConflict();
        if (conflict != null) {
            throw new BadInputException("the givens conflict: " + conflict + ".");
        }
        return f;
    }

    /** The one-line format of the interleaved grid. */
    public String format() {
        int side = side();
        StringBuilder b = new StringBuilder(side * side);
        for (int gr = 0; gr < side; gr++) {
            for (int gc = 0; gc < side; gc++) {
                b.append(symbolAt(gr, gc));
            }
        }
        return b.toString();
    }

    /** The character at (gr, gc) of the interleaved grid. */
    private char symbolAt(int gr, int gc) {
        if (gr % 2 == 0 && gc % 2 == 0) {
            int d = cell(gr / 2, gc / 2);
            return d == 0 ? '.' : (char) ('0' + d);
        }
        if (gr % 2 == 0) {
            return ".<>".charAt(right[(gr / 2) * (n - 1) + gc / 2]);
        }
        if (gc % 2 == 0) {
            return ".^v".charAt(down[(gr / 2) * n + gc / 2]);
        }
        return '.';
    }

    /** The digit at (r, c), 0 when blank. */
    public int cell(int r, int c) {
        return cells[r * n + c];
    }

    @Override
    public int[] cells() {
        return cells.clone();
    }

    @Override
    public int[] right() {
        return right.clone();
    }

    @Override
    public int[] down() {
        return down.clone();
    }

    /** The number of digits given. */
    public int givenCount() {
        return (int) Arrays.stream(cells).filter(d -> d > 0).count();
    }

    /** The number of signs. */
    public int signCount() {
        return (int) (Arrays.stream(right).filter(s -> s != NONE).count()
                + Arrays.stream(down).filter(s -> s != NONE).count());
    }

    /** Whether digits a (first cell) and b (second cell) obey the relation. */
    static boolean obeys(int relation, int a, int b) {
        return relation == NONE || (relation == LESS ? a < b : a > b);
    }

    /**
     * The first rule the filled cells break — two equal digits in a row or column, or two
     * neighbours against their sign — in words, or null if they break none.
     */
    public String firstConflict() {
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int d = cell(r, c);
                if (d == 0) {
                    continue;
                }
                for (int k = c + 1; k < n; k++) {
                    if (cell(r, k) == d) {
                        return "digit " + d + " twice in row " + (r + 1);
                    }
                }
                for (int k = r + 1; k < n; k++) {
                    if (cell(k, c) == d) {
                        return "digit " + d + " twice in column " + (c + 1);
                    }
                }
                if (c + 1 < n && cell(r, c + 1) > 0 && !obeys(right[r * (n - 1) + c], d, cell(r, c + 1))) {
                    return "row " + (r + 1) + " columns " + (c + 1) + " and " + (c + 2) + " break their sign";
                }
                if (r + 1 < n && cell(r + 1, c) > 0 && !obeys(down[r * n + c], d, cell(r + 1, c))) {
                    return "column " + (c + 1) + " rows " + (r + 1) + " and " + (r + 2) + " break their sign";
                }
            }
        }
        return null;
    }

    /** Whether this full board obeys every rule and keeps every digit and sign of {@code puzzle}. */
    public boolean isSolutionOf(Futoshiki puzzle) {
        if (puzzle.n != n || !Arrays.equals(puzzle.right, right) || !Arrays.equals(puzzle.down, down)) {
            return false;
        }
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] == 0 || (puzzle.cells[i] != 0 && puzzle.cells[i] != cells[i])) {
                return false;
            }
        }
        return firstConflict() == null;
    }

    /** The board with the same signs and {@code newCells} as its digits. */
    public Futoshiki withCells(int[] newCells) {
        return new Futoshiki(n, newCells, right, down);
    }

    /**
     * The board under a symmetry of the square, with the digits reversed (d → n + 1 − d, every
     * sign turned round) when {@code reverse} is set. Each maps rows and columns onto rows and
     * columns and neighbours onto neighbours, so it maps the solutions of a puzzle one-to-one
     * onto the solutions of its image. (Other relabellings of the digits do not keep the signs.)
     */
    public Futoshiki transform(Dihedral d, boolean reverse) {
        int side = side();
        // The interleaved grid moves as a whole; a sign is recomputed from where its two cells
        // went, since after the move it may lie on the other axis or point the other way.
        int[] newCells = new int[n * n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                int j = d.map(2 * r * side + 2 * c, side);
                int v = cell(r, c);
                newCells[(j / side / 2) * n + (j % side) / 2] = v == 0 ? 0 : reverse ? n + 1 - v : v;
            }
        }
        int[] newRight = new int[n * (n - 1)];
        int[] newDown = new int[n * (n - 1)];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (c + 1 < n) {
                    place(d, side, reverse, r, c, r, c + 1, right[r * (n - 1) + c], newRight, newDown);
                }
                if (r + 1 < n) {
                    place(d, side, reverse, r, c, r + 1, c, down[r * n + c], newRight, newDown);
                }
            }
        }
        return new Futoshiki(n, newCells, newRight, newDown);
    }

    /** Puts the sign between (r1, c1) and (r2, c2) where the symmetry sends the pair. */
    private void place(Dihedral d, int side, boolean reverse, int r1, int c1, int r2, int c2, int relation,
                       int[] newRight, int[] newDown) {
        int a = d.map(2 * r1 * side + 2 * c1, side);
        int b = d.map(2 * r2 * side + 2 * c2, side);
        int ar = a / side / 2;
        int ac = (a % side) / 2;
        int br = b / side / 2;
        int bc = (b % side) / 2;
        int rel = relation;
        boolean swapped = ar > br || ac > bc; // the first cell of the pair is now the second
        if (rel != NONE && (swapped ^ reverse)) {
            rel = rel == LESS ? GREATER : LESS;
        }
        if (ar == br) {
            newRight[ar * (n - 1) + Math.min(ac, bc)] = rel;
        } else {
            newDown[Math.min(ar, br) * n + ac] = rel;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Futoshiki f && f.n == n && Arrays.equals(f.cells, cells) && Arrays.equals(f.right, right)
                && Arrays.equals(f.down, down);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(cells) + Arrays.hashCode(right)) + Arrays.hashCode(down);
    }

    @Override
    public String toString() {
        return format();
    }
}
