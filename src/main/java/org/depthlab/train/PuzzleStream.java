package org.depthlab.train;

import java.util.List;
import java.util.SplittableRandom;
import org.depthlab.tasks.Puzzle;

/**
 * The endless stream of training puzzles: every epoch visits each training puzzle once, in an
 * order shuffled from (seed, epoch), each drawn as a fresh random augmentation from
 * (seed, draw number) when augmentation is on — HRM's "augmented on the fly" ([HRM]).
 *
 * <p>Because every random choice is a function of the seed and a counter, the stream can be
 * resumed exactly from the number of puzzles already drawn.
 */
final class PuzzleStream {

    private static final long ORDER = 0x5DEECE66DL;
    private static final long AUGMENT = 0x2545F4914F6CDD1DL;

    private final List<Puzzle> puzzles;
    private final boolean augment;
    private final long seed;
    private long drawn;
    private int[] order;
    private long orderEpoch = -1;

    PuzzleStream(List<Puzzle> puzzles, boolean augment, long seed, long alreadyDrawn) {
        if (puzzles.isEmpty()) {
            throw new org.depthlab.BadInputException("the training set is empty");
        }
        this.puzzles = List.copyOf(puzzles);
        this.augment = augment;
        this.seed = seed;
        this.drawn = alreadyDrawn;
    }

    /** The next training puzzle. */
    Puzzle next() {
        long epoch = drawn / puzzles.size();
        if (epoch != orderEpoch) {
            order = shuffled(puzzles.size(), new SplittableRandom(seed * 31 + epoch * ORDER));
            orderEpoch = epoch;
        }
        Puzzle p = puzzles.get(order[(int) (drawn % puzzles.size())]);
        if (augment) {
            p = p.augment(new SplittableRandom(seed ^ (drawn * AUGMENT + 1)));
        }
        drawn++;
        return p;
    }

    /** Puzzles drawn so far. */
    long drawn() {
        return drawn;
    }

    /** Whole passes over the training set so far. */
    long epochsCompleted() {
        return drawn / puzzles.size();
    }

    int size() {
        return puzzles.size();
    }

    private static int[] shuffled(int n, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
