package org.depthlab.interop;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.depthlab.BadInputException;

/**
 * The two published codebases whose checkpoints depthlab imports and exports ([HRM], [TRM] in
 * book/references.md), at the commits the equivalence fixtures pin
 * ({@code benchmarks/reference/original_fixtures.py}):
 * <ul>
 *   <li>{@link #HRM} — sapientinc/HRM, {@code models/hrm/hrm_act_v1.py}; also the copy of HRM in
 *       the TRM repository ({@code models/recursive_reasoning/hrm.py}), which adds only the
 *       {@code mlp_t} option;</li>
 *   <li>{@link #TRM} — SamsungSAILMontreal/TinyRecursiveModels,
 *       {@code models/recursive_reasoning/trm.py}.</li>
 * </ul>
 * Each knows the architecture names its configs give ({@code arch.name}) and the settings its
 * pydantic config class reads; the class ignores any other key, and so does depthlab.
 */
enum Origin {
    HRM("hrm", "sapientinc/HRM", List.of("hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1",
            "recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1"),
            Set.of("batch_size", "seq_len", "puzzle_emb_ndim", "num_puzzle_identifiers", "vocab_size", "H_cycles",
                    "L_cycles", "H_layers", "L_layers", "hidden_size", "expansion", "num_heads", "pos_encodings",
                    "rms_norm_eps", "rope_theta", "halt_max_steps", "halt_exploration_prob", "forward_dtype",
                    "mlp_t")),
    TRM("trm", "SamsungSAILMontreal/TinyRecursiveModels",
            List.of("recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1"),
            Set.of("batch_size", "seq_len", "puzzle_emb_ndim", "num_puzzle_identifiers", "vocab_size", "H_cycles",
                    "L_cycles", "H_layers", "L_layers", "hidden_size", "expansion", "num_heads", "pos_encodings",
                    "rms_norm_eps", "rope_theta", "halt_max_steps", "halt_exploration_prob", "forward_dtype",
                    "mlp_t", "puzzle_emb_len", "no_ACT_continue"));

    /** Keys of a config that are not architecture settings of the model class: the run's own. */
    static final Set<String> WRAPPER_KEYS = Set.of("name", "loss", "causal");

    private final String kind;
    private final String repository;
    private final List<String> archNames;
    private final Set<String> settings;

    Origin(String kind, String repository, List<String> archNames, Set<String> settings) {
        this.kind = kind;
        this.repository = repository;
        this.archNames = archNames;
        this.settings = settings;
    }

    /** "hrm" or "trm": the depthlab model kind, and how --from and --to spell it. */
    String kind() {
        return kind;
    }

    /** The GitHub repository, owner/name. */
    String repository() {
        return repository;
    }

    /** The {@code arch.name} values of this model in the original configs, the canonical first. */
    List<String> archNames() {
        return archNames;
    }

    /** The settings the original model's config class reads. */
    Set<String> settings() {
        return settings;
    }

    /** The origin of a --from / --to value. */
    static Origin named(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        for (Origin o : values()) {
            if (o.kind.equals(n)) {
                return o;
            }
        }
        throw new BadInputException("--from and --to take hrm or trm, not '" + name + "'");
    }
}
