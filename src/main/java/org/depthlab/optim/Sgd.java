package org.depthlab.optim;

import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Stochastic gradient descent with heavy-ball momentum and L2 weight decay, exactly as
 * {@code torch.optim.SGD} (no dampening, no Nesterov). For each parameter p with gradient g,
 * at its t-th update with learning rate η:
 * <pre>
 *   d = g + λ·p                         (weight decay λ, added to the gradient)
 *   b = d                 if t = 1      (the momentum buffer starts at the first gradient)
 *   b = μ·b + d           otherwise     (momentum μ)
 *   p = p − η·b
 * </pre>
 * Momentum is Polyak's heavy ball (Polyak, "Some methods of speeding up the convergence of
 * iteration methods", 1964) in the form Sutskever et al. use ("On the importance of
 * initialization and momentum in deep learning", ICML 2013). Unlike {@link AdamW}, the decay
 * here passes through the momentum buffer: it is a penalty ½λ‖p‖² added to the loss.
 */
public final class Sgd implements Optimizer {

    /**
     * SGD's hyperparameters (the learning rate comes with each step).
     *
     * @param momentum    μ in [0, 1); 0 is plain gradient descent
     * @param weightDecay λ ≥ 0
     */
    public record Config(double momentum, double weightDecay) {
        public Config {
            if (!(momentum >= 0 && momentum < 1)) {
                throw new BadInputException("SGD momentum is " + momentum + " but should be in [0, 1)");
            }
            Hyperparameters.requireWeightDecay("SGD", weightDecay);
        }
    }

    private static final int MOMENTUM = 0;

    private final Config config;
    private final ParamStates states;

    /** SGD over {@code params} (named, trainable, unique names). */
    public Sgd(List<Tensor> params, Config config) {
        this.config = config;
        this.states = new ParamStates("SGD", params, "momentum_buffer");
    }

    @Override
    public void step(double lr) {
        Hyperparameters.requireLearningRate(lr);
        double mu = config.momentum();
        double wd = config.weightDecay();
        List<Tensor> params = states.params();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p.grad() == null) {
                continue;
            }
            boolean first = states.advance(i) == 1;
            double[] w = p.value().data;
            double[] g = p.grad().data;
            double[] b = states.buffer(i, MOMENTUM).data;
            int n = p.value().getNumElements();
            for (int j = 0; j < n; j++) {
                double d = g[j] + wd * w[j];
                b[j] = first ? d : mu * b[j] + d;
                w[j] -= lr * b[j];
            }
        }
    }

    @Override
    public List<Tensor> parameters() {
        return states.params();
    }

    /** Entries {@code <name>.momentum_buffer} and {@code <name>.step} for each parameter. */
    @Override
    public Map<String, DMatrixRMaj> state() {
        return states.export();
    }

    @Override
    public void loadState(Map<String, DMatrixRMaj> state) {
        states.load(state);
    }
}
