package org.depthlab.interop;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.TrmConfig;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;

/**
 * The architecture settings of an original HRM or TRM config, checked against what depthlab
 * implements: every setting either maps onto depthlab's model or is refused with a sentence
 * naming it. The settings ([HRM] {@code models/hrm/hrm_act_v1.py}, [TRM]
 * {@code models/recursive_reasoning/trm.py}, their pydantic config classes):
 * <pre>
 *   HRM                         TRM                        depthlab
 *   hidden_size, num_heads,     the same                   hidden, heads, expansion
 *     expansion
 *   H_layers, L_layers          L_layers (H_layers unused) hLayers, lLayers / layers
 *   H_cycles, L_cycles          H_cycles, L_cycles         N, T (HRM) / T recursions, n latent steps (TRM)
 *   pos_encodings rope|learned  rope|learned|anything else positions ROPE, LEARNED, NONE
 *   puzzle_emb_ndim             puzzle_emb_ndim,           the prefix: 1 position (HRM), puzzle_emb_len (TRM),
 *                                 puzzle_emb_len             one learned vector of width hidden_size
 *                               mlp_t                      mixer
 *   halt_max_steps, halt_exploration_prob                  the checkpoint's segments and exploration
 *   loss.loss_type                                         stablemax or softmax
 * </pre>
 * Refused, because depthlab does not implement them: another RMSNorm ε or RoPE θ than HRM's
 * (1e-5, 10000); a puzzle embedding of another width than the model's or none at all; a
 * continue head trained in TRM ({@code no_ACT_continue: false}); the MLP token mixer in HRM;
 * zero layers or cycles; positions the original code itself rejects. {@code forward_dtype} is
 * the original's precision; depthlab computes in float64 whatever it was.
 */
record Architecture(Origin origin, int hidden, int heads, double expansion, int hLayers, int lLayers, int hCycles,
                    int lCycles, Positions positions, boolean mixer, int prefixLength, int identifiers,
                    int haltMaxSteps, double exploration, String loss, String forwardDtype, int seqLen, int vocab) {

    /** The settings of {@code config}, checked; {@code notes} gets what the user should know. */
    static Architecture of(Origin origin, OriginalConfig config, List<String> notes) {
        String file = config.file().toString();
        String name = config.text("name", null);
        if (name != null && !origin.archNames().contains(name)) {
            for (Origin other : Origin.values()) {
                if (other.archNames().contains(name)) {
                    throw new BadInputException(file + " is a config of " + other.kind().toUpperCase(Locale.ROOT)
                            + " (" + name + "): import it with --from " + other.kind());
                }
            }
            throw new BadInputException(file + " names the architecture '" + name + "', which depthlab does not"
                    + " implement; --from " + origin.kind() + " imports " + String.join(" or ", origin.archNames()));
        }
        boolean hrmCopyInTrmRepo = "recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1".equals(name);
        List<String> ignored = new ArrayList<>();
        for (String key : config.keys()) {
            boolean known = origin.settings().contains(key) && !(origin == Origin.HRM && key.equals("mlp_t")
                    && !hrmCopyInTrmRepo);
            if (!known && !Origin.WRAPPER_KEYS.contains(key)) {
                ignored.add(key);
            }
        }
        if (!ignored.isEmpty()) {
            notes.add(file + " sets " + String.join(", ", ignored) + ", which the original "
                    + origin.kind().toUpperCase(Locale.ROOT) + " model ignores; so does depthlab");
        }

        int hidden = positive(config, "hidden_size", config.integer("hidden_size"));
        int heads = positive(config, "num_heads", config.integer("num_heads"));
        double expansion = config.number("expansion");
        double eps = config.number("rms_norm_eps", RmsNorm.DEFAULT_EPS);
        if (eps != RmsNorm.DEFAULT_EPS) {
            throw notImplemented(file, "rms_norm_eps " + eps, "depthlab's RMSNorm has HRM's ε = 1e-5");
        }
        String positionsText = config.text("pos_encodings");
        Positions positions = switch (positionsText) {
            case "rope" -> Positions.ROPE;
            case "learned" -> Positions.LEARNED;
            default -> {
                if (origin == Origin.HRM) {
                    throw new BadInputException(file + ": pos_encodings '" + positionsText + "' is not one the"
                            + " original HRM code builds (it raises NotImplementedError); it takes rope or learned");
                }
                if (!positionsText.equals("none")) {
                    notes.add(file + ": pos_encodings '" + positionsText + "' means no position encoding in TRM's"
                            + " code, as 'none' does");
                }
                yield Positions.NONE;
            }
        };
        double theta = config.number("rope_theta", Rope.DEFAULT_THETA);
        if (positions == Positions.ROPE && theta != Rope.DEFAULT_THETA) {
            throw notImplemented(file, "rope_theta " + theta, "depthlab's RoPE has HRM's θ = 10000");
        }
        int ndim = config.integer("puzzle_emb_ndim", 0);
        if (ndim == 0) {
            throw notImplemented(file, "puzzle_emb_ndim 0 (no puzzle embedding)",
                    "depthlab's models always have the puzzle-embedding prefix, puzzle_emb_ndim = hidden_size");
        }
        if (ndim != hidden) {
            throw notImplemented(file, "puzzle_emb_ndim " + ndim + " with hidden_size " + hidden,
                    "a puzzle embedding of another width than the model's, spread over ceil(" + ndim + "/" + hidden
                            + ") prefix positions, is not what depthlab's prefix is: one learned vector of width"
                            + " hidden_size");
        }
        boolean mixer = false;
        int prefix = 1;
        int hLayers;
        int lLayers = config.integer("L_layers");
        int hCycles = config.integer("H_cycles");
        int lCycles = config.integer("L_cycles");
        if (origin == Origin.HRM) {
            hLayers = config.integer("H_layers");
            atLeastOne(file, "H_layers", hLayers);
            if (hrmCopyInTrmRepo && config.flag("mlp_t", false)) {
                throw notImplemented(file, "mlp_t: true in HRM", "depthlab's HRM blocks attend; the MLP token"
                        + " mixer is implemented for TRM only");
            }
        } else {
            hLayers = 0; // TRM's config has H_layers, and its code ignores it
            mixer = config.flag("mlp_t", false);
            int len = config.integer("puzzle_emb_len", TrmConfig.PUZZLE_EMB_LEN);
            if (len < 0) {
                throw new BadInputException(file + ": puzzle_emb_len " + len + " is negative");
            }
            prefix = len == 0 ? (ndim + hidden - 1) / hidden : len;
            if (!config.flag("no_ACT_continue", true)) {
                throw notImplemented(file, "no_ACT_continue: false", "depthlab's TRM halts on q_halt alone and"
                        + " trains no continue target, as TRM's default does");
            }
        }
        atLeastOne(file, "L_layers", lLayers);
        atLeastOne(file, "H_cycles", hCycles);
        atLeastOne(file, "L_cycles", lCycles);
        int maxSteps = config.integer("halt_max_steps");
        atLeastOne(file, "halt_max_steps", maxSteps);
        double exploration = config.number("halt_exploration_prob");
        if (!(exploration >= 0 && exploration <= 1)) {
            throw new BadInputException(file + ": halt_exploration_prob " + exploration + " is not a probability");
        }
        String lossType = config.lossType();
        String loss;
        if (lossType == null || lossType.equals("stablemax_cross_entropy")) {
            loss = "stablemax";
        } else if (lossType.equals("softmax_cross_entropy")) {
            loss = "softmax";
        } else {
            throw notImplemented(file, "loss_type " + lossType, "depthlab trains with stablemax_cross_entropy or"
                    + " softmax_cross_entropy");
        }
        String forwardDtype = config.text("forward_dtype", "bfloat16");
        if (!forwardDtype.equals("float64")) {
            notes.add("the original model computed in " + forwardDtype + " (forward_dtype); depthlab computes in"
                    + " float64, so its outputs differ from the original's by about " + forwardDtype + "'s rounding");
        }
        if (positions == Positions.LEARNED) {
            notes.add("learned positions: the original scales by 0.707106781, depthlab by 1/√2 exactly; the outputs"
                    + " differ by about 1e-9 of their size");
        }
        return new Architecture(origin, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles, positions, mixer,
                prefix, config.integer("num_puzzle_identifiers", 0), maxSteps, exploration, loss, forwardDtype,
                config.integer("seq_len", 0), config.integer("vocab_size", 0));
    }

    /** depthlab's model of this architecture for a task of {@code vocab} tokens and {@code seqLen} positions. */
    ModelConfig modelConfig(int taskVocab, int taskSeqLen, String file) {
        try {
            return origin == Origin.HRM
                    ? new HrmConfig(taskVocab, taskSeqLen, hidden, heads, expansion, hLayers, lLayers, hCycles, lCycles,
                            positions, BlockConfig.HRM_FFN_MULTIPLE)
                    : new TrmConfig(taskVocab, taskSeqLen, hidden, heads, expansion, lLayers, hCycles, lCycles, mixer,
                            positions, BlockConfig.HRM_FFN_MULTIPLE, prefixLength);
        } catch (BadInputException e) {
            throw new BadInputException(file + " describes a model depthlab cannot build: " + e.getMessage());
        }
    }

    private static int positive(OriginalConfig config, String key, int value) {
        if (value < 1) {
            throw new BadInputException(config.file() + ": " + key + " must be at least 1, not " + value);
        }
        return value;
    }

    private static void atLeastOne(String file, String key, int value) {
        if (value < 1) {
            throw notImplemented(file, key + " " + value, "depthlab's models need at least one");
        }
    }

    private static BadInputException notImplemented(String file, String what, String why) {
        return new BadInputException(file + " sets " + what + ", which depthlab does not implement: " + why);
    }
}
