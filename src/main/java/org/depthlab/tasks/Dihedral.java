package org.depthlab.tasks;

import java.util.SplittableRandom;

/**
 * The eight symmetries of a square grid (the dihedral group D4): the four rotations and the
 * four reflections. They map a maze to a maze with the same shortest-path lengths and an
 * N-Queens board to one with the same number of completions, so they are the augmentations
 * of both tasks. Cells are row-major, {@code cell = row·size + column}.
 */
public enum Dihedral {
    IDENTITY, ROTATE_90, ROTATE_180, ROTATE_270, MIRROR_COLUMNS, MIRROR_ROWS, TRANSPOSE, ANTI_TRANSPOSE;

    private static final Dihedral[] ALL = values();

    /** A uniformly random symmetry. */
    public static Dihedral random(SplittableRandom rng) {
        return ALL[rng.nextInt(ALL.length)];
    }

    /** Where {@code cell} of a {@code size}×{@code size} grid goes under this symmetry. */
    public int map(int cell, int size) {
        int r = cell / size;
        int c = cell % size;
        int m = size - 1;
        switch (this) {
            case IDENTITY: return r * size + c;
            case ROTATE_90: return c * size + (m - r);
            case ROTATE_180: return (m - r) * size + (m - c);
            case ROTATE_270: return (m - c) * size + r;
            case MIRROR_COLUMNS: return r * size + (m - c);
            case MIRROR_ROWS: return (m - r) * size + c;
            case TRANSPOSE: return c * size + r;
            case ANTI_TRANSPOSE: return (m - c) * size + (m - r);
            default: throw new AssertionError(this);
        }
    }
}
