package org.depthlab.optim;

import org.depthlab.BadInputException;

/**
 * Linear warm-up, then cosine decay: the schedule HRM and TRM train with. With peak rate η,
 * W warm-up updates, T updates in all and a floor ratio r, update number s gets
 * <pre>
 *   η·s/W                                       for s &lt; W
 *   η·(r + (1 − r)·½(1 + cos(π·(s − W)/(T − W))))   for W ≤ s ≤ T
 *   η·r                                         for s &gt; T
 * </pre>
 * so the rate climbs from η/W at the first update to η at update W, then follows half a cosine
 * down to r·η at update T. With r = 1 the second phase is flat: that is HRM's "warm-up, then
 * constant" (HRM's {@code lr_min_ratio} is 1.0).
 *
 * <p>This is {@code cosine_schedule_with_warmup_lr_lambda} of HRM's {@code pretrain.py}
 * (sapientinc/HRM; TRM's is the same), with {@code current_step} = s, {@code num_cycles} = ½,
 * and W or T − W of 0 treated as 1, as there. HRM never asks beyond T (it stops training);
 * there its cosine would climb again, here the rate stays at r·η. Warm-up comes from Goyal
 * et al., "Accurate, Large Minibatch SGD" (2017, §2.2); cosine decay from Loshchilov and
 * Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts" (ICLR 2017).
 *
 * @param peakLr      η ≥ 0, the rate at the end of warm-up
 * @param warmupSteps W ≥ 0
 * @param totalSteps  T ≥ W
 * @param minRatio    r in [0, 1], the final rate as a fraction of η
 */
public record WarmupCosine(double peakLr, long warmupSteps, long totalSteps, double minRatio)
        implements Schedule {

    public WarmupCosine {
        if (!(peakLr >= 0 && peakLr < Double.POSITIVE_INFINITY)) {
            throw new BadInputException("the peak learning rate is " + peakLr
                    + " but should be a finite number, 0 or more");
        }
        if (warmupSteps < 0 || totalSteps < warmupSteps) {
            throw new BadInputException("the schedule has " + warmupSteps + " warm-up steps of "
                    + totalSteps + " in all; expected 0 <= warm-up steps <= total steps");
        }
        if (!(minRatio >= 0 && minRatio <= 1)) {
            throw new BadInputException("the schedule's minimum ratio is " + minRatio
                    + " but should be in [0, 1]");
        }
    }

    /** HRM's schedule: warm-up over {@code warmupSteps}, then {@code peakLr} to the end. */
    public static WarmupCosine warmupThenConstant(double peakLr, long warmupSteps, long totalSteps) {
        return new WarmupCosine(peakLr, warmupSteps, totalSteps, 1.0);
    }

    @Override
    public double lr(long update) {
        if (update < 0) {
            throw new IllegalArgumentException("update numbers start at 0, got " + update);
        }
        if (update < warmupSteps) {
            return peakLr * (double) update / (double) Math.max(1, warmupSteps);
        }
        double progress = (double) (Math.min(update, totalSteps) - warmupSteps)
                / (double) Math.max(1, totalSteps - warmupSteps);
        // StrictMath: the same bits on every JVM, like the optimizers.
        double cosine = 0.5 * (1.0 + StrictMath.cos(Math.PI * progress));
        return peakLr * (minRatio + Math.max(0.0, (1 - minRatio) * cosine));
    }
}
