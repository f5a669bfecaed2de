package org.depthlab.experiments;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.depthlab.BadInputException;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.ModelShape;
import org.depthlab.tasks.Puzzle;
import org.depthlab.tasks.Task;
import org.depthlab.train.TrainConfig;

/**
 * One model's settings in an experiment spec, spelled as {@code depthlab train} spells them
 * ({@code "h-cycles": 4} is {@code --h-cycles 4}), and the thin adapter from them to a
 * {@link ModelConfig} and a {@link TrainConfig}. A spec therefore reads like the command
 * lines it stands for, and a setting the command line gains is one entry in {@link #KNOWN}
 * and one line below.
 *
 * <p>What is not given takes the command line's default: the model shape from the defaults
 * {@code depthlab train --help} prints, the training settings from
 * {@link TrainConfig#defaults(String)} for the model kind (the faithful defaults). The budget
 * (updates) and the seed are not settings: the experiment decides them.
 *
 * @param options option name → value (numbers, strings, booleans), sorted by name
 */
public record RunSettings(Map<String, Object> options) {

    /** Every setting a spec may give, with what it is. */
    static final Map<String, String> KNOWN = known();

    private static Map<String, String> known() {
        Map<String, String> k = new LinkedHashMap<>();
        k.put("model", "transformer, looped, hrm, trm, gram or decoder");
        k.put("hidden", "model width");
        k.put("heads", "attention heads");
        k.put("expansion", "SwiGLU expansion");
        k.put("layers", "blocks of the transformer, looped stack, TRM network or decoder");
        k.put("h-layers", "HRM: blocks in H");
        k.put("l-layers", "HRM: blocks in L");
        k.put("h-cycles", "HRM: N");
        k.put("l-cycles", "HRM: T; TRM: T");
        k.put("loops", "looped: K");
        k.put("latent-steps", "TRM: n");
        k.put("mixer", "TRM: the MLP-mixer variant");
        k.put("ffn-multiple", "SwiGLU inner width rounded up to a multiple of this (1: unrounded; default 256 for hrm and trm, 1 otherwise)");
        k.put("puzzle-emb-len", "TRM: prefix positions (default 16)");
        k.put("positions", "rope, learned or none");
        k.put("latent", "gram: variational or fixed");
        k.put("noise", "gram: sigma of fixed noise, or of the prior before training");
        k.put("beta", "gram: the KL weight of the ELBO");
        k.put("latent-width", "gram: hidden width of the prior and posterior MLPs");
        k.put("batch", "sequences per update");
        k.put("segments", "supervision segments per puzzle at most");
        k.put("lr", "peak learning rate");
        k.put("warmup", "warm-up updates");
        k.put("min-lr-ratio", "final lr / peak after cosine decay");
        k.put("optimizer", "adam-atan2 or adamw");
        k.put("weight-decay", "decoupled weight decay");
        k.put("loss", "stablemax or softmax");
        k.put("exploration", "ACT exploration probability");
        k.put("clip", "gradient-norm clipping, 0 for none");
        k.put("ema", "EMA decay of the evaluation weights, 0 for none");
        k.put("augment", "train on random augmentations (true) or the puzzles as they are");
        k.put("eval-every", "evaluate every this many epochs");
        return Collections.unmodifiableMap(k);
    }

    public RunSettings {
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }

    /**
     * The settings of {@code layers} merged in order (a later layer's value wins), checked
     * against {@link #KNOWN}.
     *
     * @param where names the spec and model in error messages
     */
    @SafeVarargs
    public static RunSettings merge(String where, Map<String, Object>... layers) {
        Map<String, Object> all = new TreeMap<>();
        for (Map<String, Object> layer : layers) {
            if (layer != null) {
                all.putAll(layer);
            }
        }
        for (Map.Entry<String, Object> e : all.entrySet()) {
            if (!KNOWN.containsKey(e.getKey())) {
                throw new BadInputException(where + ": unknown setting '" + e.getKey() + "'; the settings are "
                        + String.join(", ", KNOWN.keySet()) + ".");
            }
            Object v = e.getValue();
            if (!(v instanceof Number || v instanceof String || v instanceof Boolean)) {
                throw new BadInputException(where + ": setting '" + e.getKey() + "' must be a number, a string or"
                        + " true/false, not " + v + ".");
            }
        }
        if (!all.containsKey("model")) {
            throw new BadInputException(where + ": the settings must name a \"model\" (transformer, looped, hrm, trm,"
                    + " gram or decoder).");
        }
        return new RunSettings(all);
    }

    /** The model kind, as {@code --model} spells it. */
    public String kind() {
        String m = string("model", "").strip().toLowerCase(Locale.ROOT);
        if (!ModelShape.KINDS.contains(m)) {
            throw new BadInputException("model must be transformer, looped, hrm, trm, gram or decoder, not '" + m + "'.");
        }
        return m;
    }

    /**
     * The model's shape for {@code task}, as {@code depthlab train} builds it (a decoder writes
     * the positions that the training targets label).
     */
    public ModelConfig modelConfig(Task task, List<Puzzle> train) {
        return shape().config(task.vocabularySize(), task.sequenceLength(), train.stream().map(Puzzle::targetTokens).toList());
    }

    /** The model's shape: these settings over {@link ModelShape#defaults}, spelled as {@code train}'s options. */
    public ModelShape shape() {
        ModelShape d = ModelShape.defaults(kind());
        return new ModelShape(kind(), integer("hidden", d.hidden()), integer("heads", d.heads()),
                number("expansion", d.expansion()), integer("layers", d.layers()), integer("h-layers", d.hLayers()),
                integer("l-layers", d.lLayers()), integer("h-cycles", d.hCycles()), integer("l-cycles", d.lCycles()),
                integer("loops", d.loops()), integer("latent-steps", d.latentSteps()), bool("mixer", d.mixer()),
                ModelShape.positions(string("positions", "learned")), integer("ffn-multiple", 0),
                integer("puzzle-emb-len", 0), string("latent", d.latent()), number("noise", d.noise()),
                number("beta", d.beta()), integer("latent-width", d.latentWidth()));
    }

    /**
     * The training settings for a run of {@code steps} updates from {@code seed}: the model
     * kind's defaults with the settings given here in their place.
     */
    public TrainConfig trainConfig(long steps, long seed) {
        TrainConfig d = TrainConfig.defaults(kind());
        return d.withSteps(steps).withEpochs(0).withBatch(integer("batch", d.batch()))
                .withMaxSegments(integer("segments", d.maxSegments())).withLr(number("lr", d.lr()))
                .withWarmupSteps(integer("warmup", (int) d.warmupSteps()))
                .withMinLrRatio(number("min-lr-ratio", d.minLrRatio())).withOptimizer(string("optimizer", d.optimizer()))
                .withWeightDecay(number("weight-decay", d.weightDecay())).withLoss(string("loss", d.loss()))
                .withExploration(number("exploration", d.exploration())).withClipNorm(number("clip", d.clipNorm()))
                .withEmaDecay(number("ema", d.emaDecay())).withAugment(bool("augment", d.augment())).withSeed(seed)
                .withEvalEvery(integer("eval-every", d.evalEvery()));
    }

    /** The settings with {@code overrides} in place of theirs. */
    public RunSettings with(Map<String, Object> overrides) {
        return merge("settings", options, overrides);
    }

    int integer(String name, int otherwise) {
        Object v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
            return n.intValue();
        }
        throw new BadInputException("setting '" + name + "' must be a whole number, not " + v + ".");
    }

    double number(String name, double otherwise) {
        Object v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new BadInputException("setting '" + name + "' must be a number, not " + v + ".");
    }

    String string(String name, String otherwise) {
        Object v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof String s) {
            return s;
        }
        throw new BadInputException("setting '" + name + "' must be a string, not " + v + ".");
    }

    boolean bool(String name, boolean otherwise) {
        Object v = options.get(name);
        if (v == null) {
            return otherwise;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new BadInputException("setting '" + name + "' must be true or false, not " + v + ".");
    }
}
