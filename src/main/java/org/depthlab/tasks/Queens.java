package org.depthlab.tasks;

import java.util.Arrays;
import org.depthlab.BadInputException;

/**
 * An n×n chessboard with non-attacking queens, at most one per row: an N-Queens completion
 * puzzle when some rows are empty, a solution when every row has its queen. Its CSP is
 * {@link QueensCsp}.
 *
 * <p><b>Text.</b> One line of n² characters, row-major: 'Q' a queen, '.' an empty or
 * undecided square. A board read as a puzzle may hold at most one queen per row and no two
 * queens that attack each other.
 *
 * @param n the board size, 1..64
 * @param columns columns[r] is the column of row r's queen, or −1 for none
 */
public record Queens(int n, int[] columns) {

    public Queens {
        if (n < 1 || n > 64 || columns.length != n) {
            throw new IllegalArgumentException("a board of size " + n + " with " + columns.length + " rows");
        }
        columns = columns.clone();
        for (int c : columns) {
            if (c < -1 || c >= n) {
                throw new IllegalArgumentException("column " + c + " outside the board");
            }
        }
    }

    /** The empty board. */
    public static Queens empty(int n) {
        int[] c = new int[n];
        Arrays.fill(c, -1);
        return new Queens(n, c);
    }

    /**
     * Reads the one-line format; n is the square root of the length.
     *
     * @throws BadInputException naming the problem: a length that is not a square, a character
     *     other than 'Q' and '.', two queens in a row, or two queens that attack each other
     */
    public static Queens parse(String line) {
        String t = line.strip();
        int n = (int) Math.round(Math.sqrt(t.length()));
        if (n < 1 || n * n != t.length() || n > 64) {
            throw new BadInputException("expected an n×n board of n² characters ('Q' or '.', n ≤ 64) but got "
                    + t.length() + " characters.");
        }
        int[] columns = new int[n];
        Arrays.fill(columns, -1);
        for (int i = 0; i < t.length(); i++) {
            char ch = t.charAt(i);
            if (ch == '.') {
                continue;
            }
            if (ch != 'Q') {
                throw new BadInputException("character '" + ch + "' at position " + (i + 1) + " is not 'Q' or '.'.");
            }
            if (columns[i / n] >= 0) {
                throw new BadInputException("row " + (i / n + 1) + " holds two queens.");
            }
            columns[i / n] = i % n;
        }
        Queens q = new Queens(n, columns);
        for (int r = 0; r < n; r++) {
            for (int s = r + 1; s < n; s++) {
                if (columns[r] >= 0 && columns[s] >= 0 && attack(r, columns[r], s, columns[s])) {
                    throw new BadInputException("the queens in rows " + (r + 1) + " and " + (s + 1) + " attack each other.");
                }
            }
        }
        return q;
    }

    /** Whether queens at (r, c) and (s, d) in different rows attack each other. */
    static boolean attack(int r, int c, int s, int d) {
        return c == d || Math.abs(c - d) == Math.abs(r - s);
    }

    @Override
    public int[] columns() {
        return columns.clone();
    }

    /** The number of queens on the board. */
    public int queenCount() {
        int k = 0;
        for (int c : columns) {
            if (c >= 0) {
                k++;
            }
        }
        return k;
    }

    /** The board under a symmetry of the square (queens stay at most one per row: they were one per column). */
    public Queens transform(Dihedral d) {
        int[] out = new int[n];
        Arrays.fill(out, -1);
        for (int r = 0; r < n; r++) {
            if (columns[r] >= 0) {
                int cell = d.map(r * n + columns[r], n);
                out[cell / n] = cell % n;
            }
        }
        return new Queens(n, out);
    }

    /** The one-line format. */
    public String format() {
        StringBuilder b = new StringBuilder(n * n);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                b.append(columns[r] == c ? 'Q' : '.');
            }
        }
        return b.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Queens && ((Queens) o).n == n && Arrays.equals(((Queens) o).columns, columns);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(columns);
    }

    @Override
    public String toString() {
        return format();
    }
}
