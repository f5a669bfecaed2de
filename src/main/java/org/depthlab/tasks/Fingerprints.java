package org.depthlab.tasks;

import java.util.Arrays;

/**
 * Invariants for telling apart puzzles that no augmentation relates, by colour refinement
 * (the 1-dimensional Weisfeiler–Leman test, Weisfeiler and Leman 1968): give every object a
 * colour, then repeatedly replace each colour by a hash of itself and the sorted multiset of
 * (label, colour) pairs over its labelled neighbours. Renaming the objects cannot change the
 * final multiset of colours, so equivalent puzzles get equal fingerprints; inequivalent ones
 * almost always differ. The hash is a fixed 64-bit mix, so fingerprints are the same on every
 * machine and run.
 */
final class Fingerprints {

    /** Refinement rounds for Sudoku givens: every pair is related, so three rounds see far. */
    static final int SUDOKU_ROUNDS = 3;

    /** Refinement rounds for pointer chasing: colours travel one hop per round. */
    static final int POINTER_ROUNDS = 32;

    private Fingerprints() {
    }

    /**
     * The refined colour multiset, hashed.
     *
     * @param initial the starting colour of each object
     * @param neighbours neighbours[i] lists the objects related to i
     * @param labels labels[i][k] is the kind of relation between i and neighbours[i][k]
     * @param rounds refinement rounds
     */
    static long refine(long[] initial, int[][] neighbours, int[][] labels, int rounds) {
        int n = initial.length;
        long[] colour = initial.clone();
        long[] next = new long[n];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < n; i++) {
                long[] keys = new long[neighbours[i].length];
                for (int k = 0; k < keys.length; k++) {
                    keys[k] = mix(labels[i][k], colour[neighbours[i][k]]);
                }
                Arrays.sort(keys);
                long h = mix(0x5EED, colour[i]);
                for (long key : keys) {
                    h = mix(h, key);
                }
                next[i] = h;
            }
            System.arraycopy(next, 0, colour, 0, n);
        }
        long[] sorted = colour.clone();
        Arrays.sort(sorted);
        long h = mix(0xF1F1, n);
        for (long c : sorted) {
            h = mix(h, c);
        }
        return h;
    }

    /** Combines two values into one 64-bit hash (SplitMix64's finaliser on a weighted sum). */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A Sudoku fingerprint invariant under {@link SudokuTransform}: the objects are the givens,
     * every pair related by which of row, column, band, stack, box and digit they share.
     * Shuffles and relabelling keep every such relation; transposition swaps row with column
     * and band with stack, so for square boxes the smaller of the two orientations is taken.
     */
    static String sudoku(Sudoku s) {
        Sudoku.Shape shape = s.shape();
        int n = shape.size();
        int g = s.clueCount();
        int[] row = new int[g];
        int[] col = new int[g];
        int[] digit = new int[g];
        int k = 0;
        for (int i = 0; i < n * n; i++) {
            if (s.cell(i) != 0) {
                row[k] = i / n;
                col[k] = i % n;
                digit[k] = s.cell(i);
                k++;
            }
        }
        long fp = sudokuOrientation(shape, row, col, digit);
        if (shape.isTransposable()) {
            // With square boxes, swapping rows and columns also swaps bands and stacks.
            fp = Math.min(fp, sudokuOrientation(shape, col, row, digit));
        }
        return "sudoku" + n + ":" + g + ":" + Long.toHexString(fp);
    }

    private static long sudokuOrientation(Sudoku.Shape shape, int[] row, int[] col, int[] digit) {
        int g = row.length;
        int[][] neighbours = new int[g][Math.max(0, g - 1)];
        int[][] labels = new int[g][Math.max(0, g - 1)];
        for (int i = 0; i < g; i++) {
            for (int j = 0, k = 0; j < g; j++) {
                if (j == i) {
                    continue;
                }
                boolean band = row[i] / shape.boxRows() == row[j] / shape.boxRows();
                boolean stack = col[i] / shape.boxCols() == col[j] / shape.boxCols();
                neighbours[i][k] = j;
                labels[i][k] = (row[i] == row[j] ? 1 : 0) | (col[i] == col[j] ? 2 : 0) | (band ? 4 : 0)
                        | (stack ? 8 : 0) | (band && stack ? 16 : 0) | (digit[i] == digit[j] ? 32 : 0);
                k++;
            }
        }
        return refine(new long[g], neighbours, labels, SUDOKU_ROUNDS);
    }

    /**
     * A pointer-chasing fingerprint invariant under renaming the nodes: the functional graph
     * with the start node marked, each node related to its successor (label 1) and its
     * predecessors (label 2).
     */
    static String pointer(int[] next, int start, int hops) {
        int m = next.length;
        int[] inDegree = new int[m];
        for (int v : next) {
            inDegree[v]++;
        }
        int[][] neighbours = new int[m][];
        int[][] labels = new int[m][];
        for (int i = 0; i < m; i++) {
            neighbours[i] = new int[1 + inDegree[i]];
            labels[i] = new int[1 + inDegree[i]];
            neighbours[i][0] = next[i];
            labels[i][0] = 1;
        }
        int[] filled = new int[m];
        for (int i = 0; i < m; i++) {
            int t = next[i];
            filled[t]++;
            neighbours[t][filled[t]] = i;
            labels[t][filled[t]] = 2;
        }
        long[] initial = new long[m];
        initial[start] = 1;
        long fp = refine(initial, neighbours, labels, Math.min(m, POINTER_ROUNDS));
        return "pointer" + m + ":" + hops + ":" + Long.toHexString(fp);
    }
}
