package org.depthlab.testing;

import org.quicktheories.QuickTheory;

/**
 * The project's entry point to QuickTheories. Properties run from a fixed seed, so that the
 * suite is reproducible bit for bit; set {@code -Ddepthlab.seed=N} to explore other draws
 * (a failure prints the falsifying values, which rebuild the case exactly).
 */
public final class Props {

    /** The default seed of every property in the suite. */
    public static final long SEED = Long.getLong("depthlab.seed", 20261128L);

    private Props() {
    }

    /** A theory with the suite's seed and {@code examples} draws. */
    public static QuickTheory qt(int examples) {
        return QuickTheory.qt().withFixedSeed(SEED).withExamples(examples);
    }
}
