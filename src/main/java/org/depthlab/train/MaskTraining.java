package org.depthlab.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.depthlab.models.RefinementModel;
import org.depthlab.optim.AdamW;
import org.depthlab.tasks.ComposedPointer;
import org.depthlab.tensor.Tape;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Learning a binary mask over a frozen model so that the masked model performs one subroutine:
 * continuous sparsification (Savarese, Silva and Maire, NeurIPS 2020), as Lepori, Serre and
 * Pavlick use it to find subnetworks ("Break It Down", NeurIPS 2023). Every masked weight W_ij
 * gets a logit m_ij; the model runs with
 * <pre>
 *   W ⊙ σ(m / T)                                  the soft mask, T annealed from T₀ down to T₁
 *   objective = CE(subroutine's examples) + λ · mean σ(m / T)      (an L0-style penalty)
 * </pre>
 * and only m is trained — the weights are written back after every step, bit for bit. As T
 * falls, σ(m/T) hardens towards the step 1[m &gt; 0], which is the mask kept at the end.
 *
 * <p>The model's code is not changed to take a mask: each step writes W ⊙ σ(m/T) into its
 * parameters ({@link WeightMask#applyTo}), runs forward and backward, which leaves
 * G = ∂CE/∂(W ⊙ σ) in the parameters' gradients, restores W, and then takes the mask's
 * gradient by the chain rule on a small tape of its own:
 * <pre>
 *   ∂objective/∂m = G ⊙ W ⊙ σ'(m/T) / T  +  λ · σ'(m/T) / (T · size)
 * </pre>
 * (the tape differentiates Σ G ⊙ W ⊙ σ(m/T) + λ · mean σ(m/T), whose gradient this is). G is the
 * model's own gradient, so the mask's follows the model's scheme: exact for a looped model
 * (a test checks it against finite differences of the masked objective), HRM's one-step
 * approximation for HRM.
 */
public final class MaskTraining {

    /**
     * How a mask is learned.
     *
     * @param steps            updates of the mask's logits
     * @param batch            examples per update
     * @param lr               Adam's learning rate on the logits
     * @param penalty          λ, the weight of the mean soft mask (the L0 surrogate)
     * @param initialLogit     m at the start, the same for every weight (positive: all kept)
     * @param startTemperature T₀
     * @param endTemperature   T₁, reached geometrically at the last step
     * @param seed             the stream of examples
     */
    public record Settings(int steps, int batch, double lr, double penalty, double initialLogit,
                           double startTemperature, double endTemperature, long seed) {

        public Settings {
            if (steps < 1 || batch < 1 || !(lr > 0) || !(penalty >= 0) || !(startTemperature > 0)
                    || !(endTemperature > 0)) {
                throw new IllegalArgumentException("need steps, batch >= 1, lr > 0, penalty >= 0 and positive"
                        + " temperatures");
            }
        }

        /** The book's settings: 300 steps of 32 examples, Adam at 0.05, λ = 0.05, m₀ = 1, T from 1 to 0.02. */
        public static Settings defaults(long seed) {
            return new Settings(300, 32, 0.05, 0.05, 1.0, 1.0, 0.02, seed);
        }

        public Settings withSteps(int steps) {
            return new Settings(steps, batch, lr, penalty, initialLogit, startTemperature, endTemperature, seed);
        }

        public Settings withPenalty(double penalty) {
            return new Settings(steps, batch, lr, penalty, initialLogit, startTemperature, endTemperature, seed);
        }

        /** T at update {@code step} of {@code steps}: T₀·(T₁/T₀)^(step/steps). */
        public double temperature(int step) {
            return startTemperature * Math.pow(endTemperature / startTemperature, step / (double) steps);
        }
    }

    /** Called after every update. */
    @FunctionalInterface
    public interface Listener {
        void onStep(int step, int steps, double loss, double temperature);
    }

    private MaskTraining() {
    }

    /**
     * Learns a mask over the parameters of {@code model} that {@code masked} selects, on examples
     * of {@code modes}; the model's weights are left exactly as they were.
     *
     * @return the binary mask 1[m &gt; 0]
     */
    public static WeightMask train(RefinementModel model, int segments, Predicate<String> masked, ComposedPointer task,
                                   ComposedPointer.Mode[] modes, Settings settings, Listener listener) {
        List<Tensor> weights = WeightMask.selected(model, masked);
        List<Tensor> logits = new ArrayList<>();
        for (Tensor w : weights) {
            DMatrixRMaj m = new DMatrixRMaj(w.rows(), w.cols());
            m.fill(settings.initialLogit());
            logits.add(Tensor.parameter("mask." + w.name(), m));
        }
        AdamW optimizer = new AdamW(logits, new AdamW.Config(0.9, 0.999, 1e-8, 0.0));
        SplittableRandom stream = new SplittableRandom(settings.seed());
        for (int step = 1; step <= settings.steps(); step++) {
            List<ComposedPointer.Example> batch = new ArrayList<>(settings.batch());
            for (int i = 0; i < settings.batch(); i++) {
                batch.add(task.generate(modes, stream));
            }
            double t = settings.temperature(step);
            optimizer.zeroGrad();
            double loss = objective(model, segments, weights, logits, t, settings.penalty(), task, batch);
            optimizer.step(settings.lr());
            if (listener != null) {
                listener.onStep(step, settings.steps(), loss, t);
            }
        }
        Map<String, double[]> binary = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            double[] m = logits.get(i).value().data;
            double[] b = new double[m.length];
            for (int j = 0; j < m.length; j++) {
                b[j] = m[j] > 0 ? 1.0 : 0.0;
            }
            binary.put(weights.get(i).name(), b);
        }
        return WeightMask.of(binary);
    }

    /**
     * The objective at mask logits {@code logits} and temperature T, and its gradient
     * accumulated into the logits: CE of the model under W ⊙ σ(m/T) + λ · mean σ(m/T). The
     * model's weights are restored, and their gradients cleared, before it returns.
     */
    public static double objective(RefinementModel model, int segments, List<Tensor> weights, List<Tensor> logits,
                                   double temperature, double penalty, ComposedPointer task,
                                   List<ComposedPointer.Example> batch) {
        Map<String, double[]> soft = new LinkedHashMap<>();
        for (int i = 0; i < weights.size(); i++) {
            double[] m = logits.get(i).value().data;
            double[] s = new double[m.length];
            for (int j = 0; j < m.length; j++) {
                s[j] = 1.0 / (1.0 + Math.exp(-m[j] / temperature));
            }
            soft.put(weights.get(i).name(), s);
        }
        for (Tensor p : model.parameters()) {
            p.clearGrad();
        }
        double ce;
        List<DMatrixRMaj> gradients = new ArrayList<>();
        try (WeightMask.Applied applied = WeightMask.of(soft).applyTo(model)) {
            Tape tape = new Tape();
            Tensor loss = SlotTraining.loss(tape, model, segments, task, batch);
            tape.backward(loss);
            ce = loss.item();
            for (Tensor w : weights) {
                gradients.add(w.grad() == null ? new DMatrixRMaj(w.rows(), w.cols()) : w.grad().copy());
            }
        }
        for (Tensor p : model.parameters()) {
            p.clearGrad();
        }
        // The mask's side of the chain rule: Σ ⟨G, W ⊙ σ(m/T)⟩ + λ · mean σ(m/T).
        Tape tape = new Tape();
        long size = 0;
        for (Tensor w : weights) {
            size += w.value().getNumElements();
        }
        Tensor total = null;
        Tensor kept = null;
        for (int i = 0; i < weights.size(); i++) {
            Tensor sigma = tape.sigmoid(tape.scale(logits.get(i), 1.0 / temperature));
            Tensor masked = tape.mul(sigma, Tensor.constant(weights.get(i).value()));
            Tensor term = tape.sum(tape.mul(masked, Tensor.constant(gradients.get(i))));
            Tensor count = tape.sum(sigma);
            total = total == null ? term : tape.add(total, term);
            kept = kept == null ? count : tape.add(kept, count);
        }
        Tensor objective = tape.add(total, tape.scale(kept, penalty / size));
        tape.backward(objective);
        return ce + penalty * kept.item() / size;
    }
}
