package org.depthlab.solve;

import java.util.ArrayList;
import java.util.List;

/**
 * Independent ground truth for the small instances: every valid 4×4 Sudoku grid and every
 * n-queens solution, found by plain enumeration with no pruning and no shared code with the
 * solver.
 */
final class BruteForce {

    private BruteForce() {
    }

    /** All 288 valid 4×4 grids, cells 1..4 row-major: every choice of four row permutations, filtered. */
    static List<int[]> sudoku4Grids() {
        List<int[]> perms = new ArrayList<>();
        permutations(new int[] {1, 2, 3, 4}, 0, perms);
        List<int[]> grids = new ArrayList<>();
        for (int[] a : perms) {
            for (int[] b : perms) {
                for (int[] c : perms) {
                    for (int[] d : perms) {
                        int[] g = new int[16];
                        System.arraycopy(a, 0, g, 0, 4);
                        System.arraycopy(b, 0, g, 4, 4);
                        System.arraycopy(c, 0, g, 8, 4);
                        System.arraycopy(d, 0, g, 12, 4);
                        if (validSudoku4(g)) {
                            grids.add(g);
                        }
                    }
                }
            }
        }
        return grids;
    }

    private static boolean validSudoku4(int[] g) {
        for (int i = 0; i < 16; i++) {
            for (int j = i + 1; j < 16; j++) {
                int ri = i / 4;
                int ci = i % 4;
                int rj = j / 4;
                int cj = j % 4;
                boolean peers = ri == rj || ci == cj || (ri / 2 == rj / 2 && ci / 2 == cj / 2);
                if (peers && g[i] == g[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void permutations(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k];
            a[k] = a[i];
            a[i] = t;
            permutations(a, k + 1, out);
            a[i] = a[k];
            a[k] = t;
        }
    }

    /** Every placement of one queen per row (n^n of them) in which no two attack. */
    static List<int[]> queensSolutions(int n) {
        List<int[]> out = new ArrayList<>();
        int[] cols = new int[n];
        long total = 1;
        for (int i = 0; i < n; i++) {
            total *= n;
        }
        for (long code = 0; code < total; code++) {
            long c = code;
            for (int r = 0; r < n; r++) {
                cols[r] = (int) (c % n);
                c /= n;
            }
            boolean ok = true;
            for (int r = 0; r < n && ok; r++) {
                for (int s = r + 1; s < n && ok; s++) {
                    ok = cols[r] != cols[s] && Math.abs(cols[r] - cols[s]) != s - r;
                }
            }
            if (ok) {
                out.add(cols.clone());
            }
        }
        return out;
    }
}
