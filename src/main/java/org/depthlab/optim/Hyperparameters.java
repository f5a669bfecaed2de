package org.depthlab.optim;

import org.depthlab.BadInputException;

/**
 * The range checks the optimizers' configurations share. A hyperparameter usually comes from
 * a flag or a configuration file, so an out-of-range one is bad input: one sentence naming
 * it and the range it should be in.
 */
final class Hyperparameters {

    private Hyperparameters() {
    }

    /** β1 and β2 must lie in [0, 1): at 1 a moment would never move from its start at 0. */
    static void requireBetas(String optimizer, double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new BadInputException(optimizer + " beta1 is " + beta1 + " but should be in [0, 1)");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw new BadInputException(optimizer + " beta2 is " + beta2 + " but should be in [0, 1)");
        }
    }

    static void requireWeightDecay(String optimizer, double weightDecay) {
        if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw new BadInputException(optimizer + " weight decay is " + weightDecay
                    + " but should be a finite number, 0 or more");
        }
    }

    static void requirePositive(String optimizer, String name, double value) {
        if (!(value > 0 && value < Double.POSITIVE_INFINITY)) {
            throw new BadInputException(optimizer + " " + name + " is " + value
                    + " but should be a finite number above 0");
        }
    }

    /** Rejects a learning rate no schedule should produce (a bug upstream, not user input). */
    static void requireLearningRate(double lr) {
        if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("learning rate must be finite and >= 0, got " + lr);
        }
    }
}
