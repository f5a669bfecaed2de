package org.depthlab.optim;

import org.depthlab.BadInputException;

/**
 * A learning-rate schedule: the rate η for each optimizer update.
 *
 * <p>Updates are numbered from 1, as in the HRM and TRM training code, which increments its
 * step counter before it asks for the rate: the first update is {@code lr(1)}. A schedule is
 * a pure function of that number, so a run resumed from a checkpoint only has to remember
 * how many updates it has made. Implement it with a lambda for one of your own.
 */
@FunctionalInterface
public interface Schedule {

    /**
     * The learning rate for update number {@code update}.
     *
     * @param update the update's number, 1 for the first (0 is allowed and is "before training")
     */
    double lr(long update);

    /** The same rate for every update. */
    static Schedule constant(double lr) {
        if (!(lr >= 0 && lr < Double.POSITIVE_INFINITY)) {
            throw new BadInputException("a learning rate of " + lr
                    + " was given; expected a finite number, 0 or more");
        }
        return update -> lr;
    }
}
