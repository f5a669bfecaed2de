package org.depthlab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.claims.Catalog;
import org.depthlab.claims.Family;
import org.depthlab.claims.HaltingRule;
import org.depthlab.claims.Halts;
import org.depthlab.claims.SegmentDepth;
import org.depthlab.claims.TapeMemory;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.models.TransformerConfig;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.Checkpoint;

/**
 * {@code depthlab claims --checkpoint DIR}: the catalog's claims about a single refinement model,
 * checked on the model of a checkpoint — one that depthlab trained, or one imported from the
 * original HRM or TRM code — instead of on drawn ones. A family that always gives this model
 * (the claims read the vocabulary and length from the model they get, see {@link Family}):
 * <ul>
 *   <li>segment depth — its outputs lie exactly the published formula's number of layer
 *       applications deep, measured by the meter;</li>
 *   <li>tape memory — its weights at other numbers of cycles and steps (they do not depend on
 *       them): constant for HRM's one-step gradient, linear for TRM's last recursion and a
 *       looped stack;</li>
 *   <li>halting in training and the exploration minimum — the trainer's rule fed by its own
 *       Q head.</li>
 * </ul>
 * The contrasts stay with the drawn families of the full table.
 */
final class CheckpointClaims {

    private CheckpointClaims() {
    }

    static List<Catalog.Entry<?>> rows(Path dir) {
        Checkpoint.Loaded loaded = Checkpoint.load(dir);
        RefinementModel model = loaded.model();
        ModelConfig config = loaded.manifest().model();
        if (!(config instanceof HrmConfig || config instanceof TrmConfig || config instanceof LoopedConfig
                || config instanceof TransformerConfig)) {
            throw new BadInputException("claims --checkpoint takes a transformer, looped, HRM or TRM run; " + dir
                    + " holds a " + config.kind() + ", whose claims are checked on drawn decoders in the full table.");
        }
        String name = config.kind() + " (" + (dir.getFileName() == null ? dir : dir.getFileName()) + ")";
        List<Catalog.Entry<?>> rows = new ArrayList<>();
        rows.add(new Catalog.Entry<>(SegmentDepth.facts(), new Family<>(name, (seed, vocab, length) -> model), true));
        Family<TapeMemory.Unrolled> unrolled = new Family<>(name, (seed, vocab, length) ->
                (cycles, steps) -> withWeightsOf(model, unrolled(config, cycles, steps)));
        if (config instanceof HrmConfig) {
            rows.add(new Catalog.Entry<>(TapeMemory.constant(), unrolled, true));
        } else if (!(config instanceof TransformerConfig)) {
            rows.add(new Catalog.Entry<>(TapeMemory.linear(), unrolled, true));
        }
        if (model.halts()) {
            Family<HaltingRule.Subject> halting = new Family<>(name, (seed, vocab, length) ->
                    new HaltingRule.Subject(model, HaltingRule.trainer()));
            rows.add(new Catalog.Entry<>(Halts.inTraining(), halting, true));
            rows.add(new Catalog.Entry<>(Halts.explorationMinimum(), halting, true));
        }
        return rows;
    }

    /**
     * The same architecture with N cycles of T steps, as the drawn families unroll it: HRM's N and
     * T; TRM with n = N·T latent steps in 2 recursions; a looped stack with K = N·T loops.
     */
    private static ModelConfig unrolled(ModelConfig c, int cycles, int steps) {
        if (c instanceof HrmConfig h) {
            return new HrmConfig(h.vocab(), h.seqLen(), h.hidden(), h.heads(), h.expansion(), h.hLayers(), h.lLayers(),
                    cycles, steps, h.positions(), h.ffnMultiple());
        }
        if (c instanceof TrmConfig t) {
            return new TrmConfig(t.vocab(), t.seqLen(), t.hidden(), t.heads(), t.expansion(), t.layers(), 2,
                    cycles * steps, t.mixer(), t.positions(), t.ffnMultiple(), t.puzzleEmbLen());
        }
        LoopedConfig l = (LoopedConfig) c;
        return new LoopedConfig(l.vocab(), l.seqLen(), l.hidden(), l.heads(), l.expansion(), l.layers(), cycles * steps,
                l.positions(), l.ffnMultiple());
    }

    /** A model of {@code config} with the checkpoint's weights, which do not depend on the cycles and steps. */
    private static RefinementModel withWeightsOf(RefinementModel source, ModelConfig config) {
        RefinementModel copy = config.build(0);
        Map<String, Tensor> from = new HashMap<>();
        source.parameters().forEach(t -> from.put(t.name(), t));
        source.buffers().forEach(t -> from.put(t.name(), t));
        List<Tensor> to = new ArrayList<>(copy.parameters());
        to.addAll(copy.buffers());
        for (Tensor t : to) {
            t.value().setTo(from.get(t.name()).value());
        }
        return copy;
    }
}
