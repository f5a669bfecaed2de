package org.depthlab.interop;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.depthlab.BadInputException;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.TrmConfig;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.RmsNorm;
import org.depthlab.nn.Rope;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.TrainConfig;
import org.depthlab.tensor.Tensor;

/**
 * {@code depthlab export}: a depthlab HRM or TRM checkpoint as the state dict of the original
 * code ([HRM], [TRM] in book/references.md), which its {@code load_state_dict(strict=True)}
 * takes after {@code benchmarks/reference/convert_checkpoint.py to-torch}.
 *
 * <p>A checkpoint that {@code depthlab import} made gives back the file it came from: the same
 * keys in the same order, under the same prefix, in the same dtypes, the puzzle-embedding table
 * whole with the model's row in its place ({@link ImportRecord}) — bit for bit the source, as
 * long as the weights have not changed. A checkpoint depthlab trained gets the original's own
 * defaults: keys under {@code _orig_mod.model.inner.} as {@code pretrain.py} saves them, F32
 * (the dtype of the original's parameters), a table of one identifier. {@code dtype} overrides
 * the dtype of every tensor; values are rounded to nearest.
 *
 * <p>What the original code cannot build is refused: a model whose SwiGLU width is not rounded
 * up to a multiple of 256 ({@code --ffn-multiple 1}), an HRM without position encoding.
 */
public final class Exporter {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Exporter() {
    }

    /**
     * The exported state dict.
     *
     * @param tensors     in the order to write, each with its original name, shape and dtype
     * @param metadata    the file's metadata
     * @param modelConfig the dict the original model class takes to build this model
     *                    ({@code HierarchicalReasoningModel_ACTV1(config)}), with its name and loss
     * @param summary     what was exported, for the user
     */
    public record Exported(List<SafeTensorsFile.Entry> tensors, Map<String, String> metadata, ObjectNode modelConfig,
                           List<String> summary) {
    }

    /**
     * Exports the checkpoint in {@code runDir} for the original code {@code to} ("hrm" or "trm").
     *
     * @param dtype every tensor in this dtype, or null for the source's (imported) or F32 (trained)
     */
    public static Exported export(Path runDir, String to, DType dtype) {
        Origin origin = Origin.named(to);
        Checkpoint.Loaded loaded = Checkpoint.load(runDir);
        ModelConfig config = loaded.manifest().model();
        if (!config.kind().equals(origin.kind())) {
            throw new BadInputException(runDir + " holds a " + config.kind() + " model; "
                    + (config.kind().equals("hrm") || config.kind().equals("trm") ? "export it with --to " + config.kind()
                    : "only hrm and trm models have an original code to export to"));
        }
        if (config.ffnMultiple() != BlockConfig.HRM_FFN_MULTIPLE) {
            throw new BadInputException(runDir + " was trained with the SwiGLU width rounded up to a multiple of "
                    + config.ffnMultiple() + " (--ffn-multiple); the original code always rounds it up to a multiple"
                    + " of 256, so its model has other shapes than these weights");
        }
        if (origin == Origin.HRM && config.positions() == Positions.NONE) {
            throw new BadInputException(runDir + " has no position encoding (--positions none), which the original"
                    + " HRM code does not build (it takes rope or learned)");
        }
        RefinementModel model = loaded.model();
        List<Tensor> tensors = new ArrayList<>(model.parameters());
        tensors.addAll(model.buffers());
        Map<String, Tensor> byOriginal = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            byOriginal.put(StateDictNames.original(t.name()), t);
        }
        ImportRecord record = ImportRecord.read(runDir);
        if (record != null && (record.origin() != origin || !sameKeys(record, byOriginal))) {
            record = null; // not this model's record any more: the original's defaults
        }
        List<SafeTensorsFile.Entry> entries = new ArrayList<>();
        String prefix;
        if (record != null) {
            prefix = record.prefix();
            for (ImportRecord.Key key : record.keys()) {
                String name = key.name().substring(prefix.length());
                DType type = dtype != null ? dtype : key.dtype();
                entries.add(name.equals(StateDictNames.PUZZLE_TABLE)
                        ? new SafeTensorsFile.Entry(key.name(), type, record.tableShape(),
                                withRow(record.table(), record.puzzleId(), byOriginal.get(name)))
                        : entry(key.name(), type, key.shape(), byOriginal.get(name)));
            }
        } else {
            prefix = StateDictNames.PRETRAIN_PREFIX;
            DType type = dtype != null ? dtype : DType.F32;
            for (Map.Entry<String, Tensor> t : byOriginal.entrySet()) {
                int[] shape = t.getKey().equals(StateDictNames.PUZZLE_TABLE)
                        ? new int[] {1, config.hidden()} : StateDictNames.originalShape(t.getValue());
                entries.add(entry(prefix + t.getKey(), type, shape, t.getValue()));
            }
        }
        ObjectNode modelConfig = modelConfig(origin, config, loaded.manifest().train(), record);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("exported_by", "depthlab export --to " + origin.kind());
        metadata.put("run", runDir.toAbsolutePath().normalize().getFileName() == null ? runDir.toString()
                : runDir.toAbsolutePath().normalize().getFileName().toString());
        Set<String> dtypes = new TreeSet<>();
        for (SafeTensorsFile.Entry e : entries) {
            dtypes.add(e.dtype().name());
        }
        List<String> summary = List.of(String.format(Locale.ROOT, "%d tensors (%s) under '%s', %s", entries.size(),
                String.join(", ", dtypes), prefix, record != null
                        ? "as imported from " + record.source() + " (puzzle embedding in row " + record.puzzleId() + ")"
                        : "the original's defaults for a model depthlab trained"));
        return new Exported(List.copyOf(entries), metadata, modelConfig, summary);
    }

    private static boolean sameKeys(ImportRecord record, Map<String, Tensor> byOriginal) {
        Set<String> names = new HashSet<>();
        for (ImportRecord.Key k : record.keys()) {
            if (!k.name().startsWith(record.prefix())) {
                return false;
            }
            names.add(k.name().substring(record.prefix().length()));
        }
        Tensor row = byOriginal.get(StateDictNames.PUZZLE_TABLE);
        return names.equals(byOriginal.keySet()) && row != null && record.tableShape().length == 2
                && record.tableShape()[1] == row.cols() && record.puzzleId() < record.tableShape()[0];
    }

    private static SafeTensorsFile.Entry entry(String name, DType dtype, int[] shape, Tensor t) {
        double[] values = java.util.Arrays.copyOf(t.value().data, t.rows() * t.cols());
        return new SafeTensorsFile.Entry(name, dtype, shape, values);
    }

    /** The imported table with the model's puzzle embedding (perhaps trained since) in its row. */
    private static double[] withRow(double[] table, int row, Tensor embedding) {
        double[] copy = table.clone();
        System.arraycopy(embedding.value().data, 0, copy, row * embedding.cols(), embedding.cols());
        return copy;
    }

    /**
     * The config the original model class takes to build this model: the imported one where
     * there is one, with the task's sizes; otherwise written from the depthlab config, with the
     * original's defaults for what depthlab does not vary (ε, θ, bfloat16 forward pass).
     */
    private static ObjectNode modelConfig(Origin origin, ModelConfig config, TrainConfig train, ImportRecord record) {
        ObjectNode c;
        if (record != null) {
            c = record.config().deepCopy();
            c.put("num_puzzle_identifiers", record.tableShape()[0]);
        } else {
            c = JSON.createObjectNode();
            c.put("name", origin.archNames().get(0));
            ObjectNode loss = c.putObject("loss");
            loss.put("name", "losses@ACTLossHead");
            loss.put("loss_type", train.loss() + "_cross_entropy");
            if (config instanceof HrmConfig hrm) {
                c.put("H_cycles", hrm.hCycles());
                c.put("L_cycles", hrm.lCycles());
                c.put("H_layers", hrm.hLayers());
                c.put("L_layers", hrm.lLayers());
            } else if (config instanceof TrmConfig trm) {
                c.put("H_cycles", trm.recursions());
                c.put("L_cycles", trm.latentSteps());
                c.put("H_layers", 0);
                c.put("L_layers", trm.layers());
                c.put("mlp_t", trm.mixer());
                c.put("puzzle_emb_len", trm.puzzleEmbLen());
                c.put("no_ACT_continue", true);
            }
            c.put("hidden_size", config.hidden());
            c.put("num_heads", config.heads());
            c.put("expansion", config.expansion());
            c.put("puzzle_emb_ndim", config.hidden());
            c.put("pos_encodings", config.positions().name().toLowerCase(Locale.ROOT));
            c.put("rms_norm_eps", RmsNorm.DEFAULT_EPS);
            c.put("rope_theta", Rope.DEFAULT_THETA);
            c.put("halt_max_steps", train.maxSegments());
            c.put("halt_exploration_prob", train.exploration());
            c.put("forward_dtype", "bfloat16");
            c.put("num_puzzle_identifiers", 1);
        }
        c.put("seq_len", config.seqLen());
        c.put("vocab_size", config.vocab());
        if (!c.has("batch_size")) {
            c.put("batch_size", train.batch());
        }
        return c;
    }
}
