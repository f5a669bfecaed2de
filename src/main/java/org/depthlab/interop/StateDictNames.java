package org.depthlab.interop;

import java.util.Set;
import org.depthlab.tensor.Tensor;

/**
 * How a depthlab HRM or TRM names its tensors, and how the original code's state dict names
 * the same ones. depthlab took the original's names from the start ({@code H_level.layers.0.
 * self_attn.qkv_proj.weight}, {@code q_head.bias}, {@code H_init}), so all but three map to
 * themselves:
 * <pre>
 *   depthlab              original (under a prefix such as _orig_mod.model.inner.)
 *   embed_tokens.weight   embed_tokens.embedding_weight    CastedEmbedding's parameter
 *   embed_pos.weight      embed_pos.embedding_weight       (learned positions)
 *   puzzle_emb.weight     puzzle_emb.weights               one row of the table (see below)
 * </pre>
 * and three 1 × h tensors are vectors there: {@code q_head.bias} [2], {@code H_init} and
 * {@code L_init} [h]. Every matrix keeps its layout: a linear map's weight is out × in in both.
 *
 * <p>The puzzle embeddings are a table in the original, one row per puzzle identifier
 * ({@code CastedSparseEmbedding}, a buffer of shape [identifiers, puzzle_emb_ndim]); a depthlab
 * model has one learned prefix vector, because its tasks (Sudoku, mazes) have one identifier,
 * as HRM's Sudoku and maze datasets do. Import takes one row of the table; export puts the row
 * back into the table it came from.
 *
 * <p>The prefix: {@code pretrain.py} saves the state dict of the model wrapped in its loss
 * head and compiled, so its keys start {@code _orig_mod.model.inner.}; {@code evaluate.py}
 * strips {@code _orig_mod.} when loading into an uncompiled model.
 */
final class StateDictNames {

    /** The key prefix of a checkpoint written by the original pretrain.py. */
    static final String PRETRAIN_PREFIX = "_orig_mod.model.inner.";

    /** The original's puzzle-embedding table, and depthlab's one row of it. */
    static final String PUZZLE_TABLE = "puzzle_emb.weights";
    static final String PUZZLE_ROW = "puzzle_emb.weight";

    /** The original's token table; every HRM and TRM checkpoint has it, so it locates the prefix. */
    static final String TOKEN_TABLE = "embed_tokens.embedding_weight";

    private static final Set<String> VECTORS = Set.of("q_head.bias", "H_init", "L_init");

    private StateDictNames() {
    }

    /** The original's name (without prefix) of a depthlab tensor. */
    static String original(String depthlabName) {
        return switch (depthlabName) {
            case "embed_tokens.weight" -> TOKEN_TABLE;
            case "embed_pos.weight" -> "embed_pos.embedding_weight";
            case PUZZLE_ROW -> PUZZLE_TABLE;
            default -> depthlabName;
        };
    }

    /** The original's shape of a depthlab tensor (the puzzle table's is its own). */
    static int[] originalShape(Tensor t) {
        return VECTORS.contains(t.name()) ? new int[] {t.cols()} : new int[] {t.rows(), t.cols()};
    }
}
