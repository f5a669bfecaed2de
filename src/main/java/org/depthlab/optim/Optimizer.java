package org.depthlab.optim;

import java.util.List;
import java.util.Map;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * An optimizer: the rule that turns each parameter's gradient into a change of its value.
 *
 * <p>The training loop of every model in the book is the same four lines:
 * <pre>{@code
 *   optimizer.zeroGrad();
 *   tape.backward(loss);                       // fills each parameter's grad()
 *   GradClip.clipGlobalNorm(params, maxNorm);  // optional
 *   optimizer.step(schedule.lr(update));       // changes each parameter's value in place
 * }</pre>
 * The learning rate is an argument of {@link #step(double)}, not a setting, because a
 * {@link Schedule} changes it at every update (PyTorch writes it into the optimizer's
 * {@code param_groups} before each step, which is the same thing said less directly).
 *
 * <p>A parameter whose {@link Tensor#grad()} is {@code null} — no gradient reached it — is
 * skipped: its value, its buffers and its update count stay as they were. This is PyTorch's
 * rule too, and it is why {@link #zeroGrad()} forgets gradients rather than zeroing them.
 *
 * <p>The three optimizers are SGD with momentum ({@link Sgd}), AdamW ({@link AdamW}) and
 * Adam-atan2 ({@link AdamAtan2}, the one HRM and TRM train with).
 */
public sealed interface Optimizer permits Sgd, AdamW, AdamAtan2 {

    /**
     * One update of every parameter that has a gradient, using the gradient as it is now.
     *
     * @param lr the learning rate for this update, ≥ 0
     */
    void step(double lr);

    /** The parameters this optimizer updates, in the order it was given them. */
    List<Tensor> parameters();

    /**
     * Forgets every parameter's gradient ({@link Tensor#clearGrad()}), so that the next
     * backward pass starts from nothing and a parameter it does not reach is skipped by the
     * next {@link #step(double)} — as PyTorch's {@code zero_grad()} does by default since
     * version 2.0 ({@code set_to_none=True}).
     */
    default void zeroGrad() {
        for (Tensor p : parameters()) {
            p.clearGrad();
        }
    }

    /**
     * A copy of the optimizer's memory, to save in a checkpoint: for each parameter
     * {@code <name>.<buffer>} matrices of its shape (for example {@code w.exp_avg},
     * {@code w.exp_avg_sq}) and a 1 × 1 {@code <name>.step}, the number of updates it has had.
     * The hyperparameters are not part of it; they belong to the run's configuration.
     */
    Map<String, DMatrixRMaj> state();

    /**
     * Restores a memory saved by {@link #state()} from an optimizer of the same kind over
     * parameters with the same names and shapes; the next {@link #step(double)} is then
     * bit for bit the one the saved optimizer would have made.
     *
     * @throws org.depthlab.BadInputException if an entry is missing, unexpected or misshapen,
     *         or a step count is not a whole number ≥ 0; the state is then left unchanged
     */
    void loadState(Map<String, DMatrixRMaj> state);
}
