package org.depthlab.interop;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.nn.BlockConfig;
import org.depthlab.nn.SwiGlu;
import org.depthlab.tasks.Task;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.TrainConfig;
import org.depthlab.tensor.Tensor;

/**
 * {@code depthlab import}: a checkpoint of the original HRM or TRM code ([HRM], [TRM] in
 * book/references.md), as a safetensors file (convert a {@code torch.save} file with
 * {@code benchmarks/reference/convert_checkpoint.py}), and the config it was trained with,
 * become a depthlab checkpoint that computes what the original computes.
 *
 * <p>Every key of the source is accounted for: it maps onto a tensor of the depthlab model the
 * config describes ({@link StateDictNames}), of the same shape, or the import stops with one
 * sentence that names it — a key the model does not have, a key it needs and the file lacks, a
 * tensor of another shape (with the settings that give the shape the model expects), a tensor
 * that is not a float, a setting depthlab does not implement ({@link Architecture}). F16, BF16
 * and F32 values are widened to float64 exactly.
 *
 * <p>The task (the token encoding and the puzzle size) is not in the checkpoint: HRM's datasets
 * give {@code vocab_size} and {@code seq_len} at training time. {@code --task} names it;
 * without it the task is inferred from the vocabulary (and the positions, where the weights or
 * the config show them) when only one of depthlab's tasks fits.
 */
public final class Importer {

    private Importer() {
    }

    /**
     * An imported model, ready to be written.
     *
     * @param model   the depthlab model with the source's weights
     * @param task    the task it solves
     * @param train   the original's settings as far as depthlab has them (segments, exploration, loss, rates)
     * @param record  what export needs to give the original back its own file
     * @param summary lines that say what was imported
     * @param notes   what the user should know (precision, ignored settings)
     */
    public record Imported(RefinementModel model, String task, TrainConfig train, ImportRecord record,
                           List<String> summary, List<String> notes) {

        /** Writes the checkpoint into {@code dir} (created if need be): the record, the weights, then config.json. */
        public void write(Path dir) {
            AtomicFiles.createDirectories(dir);
            record.write(dir);
            Checkpoint.saveWeights(dir, task, train, model);
        }
    }

    /**
     * Reads and checks {@code source} against {@code configFile}.
     *
     * @param from     "hrm" or "trm"
     * @param taskName the task, or null to infer it
     * @param puzzleId the row of a puzzle-embedding table with several identifiers, or null
     */
    public static Imported read(String from, Path source, Path configFile, String taskName, Integer puzzleId) {
        Origin origin = Origin.named(from);
        List<String> notes = new ArrayList<>();
        OriginalConfig config = OriginalConfig.read(configFile);
        Architecture arch = Architecture.of(origin, config, notes);
        SafeTensorsFile file = SafeTensors.read(source);

        String prefix = prefix(source, file, origin);
        Map<String, SafeTensorsFile.Entry> byName = new LinkedHashMap<>();
        List<String> outside = new ArrayList<>();
        for (SafeTensorsFile.Entry e : file.tensors().values()) {
            if (e.name().startsWith(prefix)) {
                byName.put(e.name().substring(prefix.length()), e);
            } else {
                outside.add(e.name());
            }
        }
        SafeTensorsFile.Entry tokens = byName.get(StateDictNames.TOKEN_TABLE);
        if (tokens.shape().length != 2 || tokens.shape()[1] != arch.hidden()) {
            throw new BadInputException("tensor '" + prefix + StateDictNames.TOKEN_TABLE + "' in " + source
                    + " has shape " + SafeTensorsFile.shapeText(tokens.shape()) + ", but the config gives [vocabulary, "
                    + arch.hidden() + "] (hidden_size " + arch.hidden() + ")");
        }
        int vocab = tokens.shape()[0];
        if (arch.vocab() > 0 && arch.vocab() != vocab) {
            throw new BadInputException(configFile + " sets vocab_size " + arch.vocab() + " but the token table of "
                    + source + " has " + vocab + " rows");
        }
        Task task = task(taskName, vocab, seqLenShown(arch, byName), source, notes);
        ModelConfig modelConfig = arch.modelConfig(task.vocabularySize(), task.sequenceLength(), configFile.toString());
        RefinementModel model = modelConfig.build(0);

        List<Tensor> tensors = new ArrayList<>(model.parameters());
        tensors.addAll(model.buffers());
        Map<String, Tensor> wanted = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            wanted.put(StateDictNames.original(t.name()), t);
        }
        checkKeys(source, prefix, byName, outside, wanted, arch);
        for (Map.Entry<String, Tensor> w : wanted.entrySet()) {
            SafeTensorsFile.Entry e = byName.get(w.getKey());
            if (!e.dtype().isFloat()) {
                throw new BadInputException("tensor '" + prefix + w.getKey() + "' in " + source + " holds " + e.dtype()
                        + " values; a weight must be F64, F32, F16 or BF16");
            }
            if (w.getKey().equals(StateDictNames.PUZZLE_TABLE)) {
                continue;
            }
            int[] expected = StateDictNames.originalShape(w.getValue());
            if (!Arrays.equals(expected, e.shape())) {
                throw new BadInputException("tensor '" + prefix + w.getKey() + "' in " + source + " has shape "
                        + SafeTensorsFile.shapeText(e.shape()) + ", but the config gives "
                        + SafeTensorsFile.shapeText(expected) + " (" + why(w.getKey(), arch, task) + ")");
            }
        }
        SafeTensorsFile.Entry table = byName.get(StateDictNames.PUZZLE_TABLE);
        int row = puzzleRow(source, prefix, table, arch, puzzleId, configFile);

        for (Map.Entry<String, Tensor> w : wanted.entrySet()) {
            double[] values = byName.get(w.getKey()).data();
            double[] into = w.getValue().value().data;
            if (w.getKey().equals(StateDictNames.PUZZLE_TABLE)) {
                System.arraycopy(values, row * arch.hidden(), into, 0, arch.hidden());
            } else {
                System.arraycopy(values, 0, into, 0, into.length);
            }
        }

        TrainConfig train = trainConfig(origin, arch, config);
        List<ImportRecord.Key> keys = new ArrayList<>();
        for (SafeTensorsFile.Entry e : file.tensors().values()) {
            keys.add(new ImportRecord.Key(e.name(), e.dtype(), e.shape()));
        }
        ImportRecord record = new ImportRecord(origin, prefix, row, List.copyOf(keys), table.data(), table.shape(),
                config.arch(), source.getFileName().toString());
        List<String> summary = summary(origin, source, file, prefix, task, arch, row, table, train);
        return new Imported(model, task.name(), train, record, summary, notes);
    }

    /** The prefix before {@code embed_tokens.embedding_weight}, which every HRM and TRM state dict has. */
    private static String prefix(Path source, SafeTensorsFile file, Origin origin) {
        List<String> found = new ArrayList<>();
        for (String name : file.tensors().keySet()) {
            if (name.equals(StateDictNames.TOKEN_TABLE) || name.endsWith("." + StateDictNames.TOKEN_TABLE)) {
                found.add(name.substring(0, name.length() - StateDictNames.TOKEN_TABLE.length()));
            }
        }
        if (found.isEmpty()) {
            List<String> names = new ArrayList<>(file.tensors().keySet());
            throw new BadInputException(source + " has no tensor named [prefix]" + StateDictNames.TOKEN_TABLE
                    + ", which every " + origin.kind().toUpperCase(Locale.ROOT) + " checkpoint has; it holds "
                    + (names.isEmpty() ? "no tensors" : listed(names)));
        }
        if (found.size() > 1) {
            throw new BadInputException(source + " holds more than one model (" + listed(found.stream()
                    .map(p -> p + StateDictNames.TOKEN_TABLE).toList()) + "); import takes a file of one");
        }
        return found.get(0);
    }

    /** An unknown key first (the most telling), then a missing one. */
    private static void checkKeys(Path source, String prefix, Map<String, SafeTensorsFile.Entry> byName,
            List<String> outside, Map<String, Tensor> wanted, Architecture arch) {
        List<String> unknown = new ArrayList<>(outside);
        for (String name : byName.keySet()) {
            if (!wanted.containsKey(name)) {
                unknown.add(prefix + name);
            }
        }
        String model = describe(arch);
        if (!unknown.isEmpty()) {
            throw new BadInputException(source + " has " + (unknown.size() == 1 ? "a tensor" : unknown.size() + " tensors")
                    + " that " + model + " does not have: " + listed(unknown) + layerHint(unknown, arch));
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String name : wanted.keySet()) {
            if (!byName.containsKey(name)) {
                missing.add(prefix + name);
            }
        }
        if (!missing.isEmpty()) {
            throw new BadInputException(source + " lacks " + (missing.size() == 1 ? "a tensor" : missing.size() + " tensors")
                    + " that " + model + " has: " + listed(new ArrayList<>(missing)));
        }
    }

    /** Why an unknown key might be there: a layer beyond the config's count, or the other kind of block. */
    private static String layerHint(List<String> unknown, Architecture arch) {
        for (String name : unknown) {
            if (name.contains("H_level.") && arch.origin() == Origin.TRM) {
                return " (H_level is HRM's; is this an HRM checkpoint? import it with --from hrm)";
            }
            if (name.contains(".mlp_t.") && !arch.mixer()) {
                return " (mlp_t is TRM's MLP token mixer: the config would set mlp_t: true)";
            }
            if (name.contains(".self_attn.") && arch.mixer()) {
                return " (the config sets mlp_t: true, whose blocks have no attention)";
            }
            if (name.contains("embed_pos.") && arch.positions() != Positions.LEARNED) {
                return " (embed_pos holds learned positions: the config would set pos_encodings: learned)";
            }
            if (name.contains("_level.layers.")) {
                return " (the config has " + (arch.origin() == Origin.HRM ? "H_layers " + arch.hLayers() + " and " : "")
                        + "L_layers " + arch.lLayers() + ")";
            }
        }
        return "";
    }

    /** The settings that give a tensor its expected shape, for the message. */
    private static String why(String name, Architecture arch, Task task) {
        int h = arch.hidden();
        int positions = task.sequenceLength() + arch.prefixLength();
        if (name.equals(StateDictNames.TOKEN_TABLE) || name.equals("lm_head.weight")) {
            return "the " + task.vocabularySize() + " tokens of task " + task.name() + " × hidden_size " + h;
        }
        if (name.startsWith("q_head")) {
            return "q_halt and q_continue from hidden_size " + h;
        }
        if (name.equals("embed_pos.embedding_weight")) {
            return task.sequenceLength() + " positions of task " + task.name() + " + " + arch.prefixLength()
                    + " prefix × hidden_size " + h;
        }
        if (name.contains(".mlp_t.")) {
            int inner = SwiGlu.findMultiple(SwiGlu.innerWidth(positions, arch.expansion()), BlockConfig.HRM_FFN_MULTIPLE);
            return "the token mixer over " + positions + " positions (" + task.sequenceLength() + " + "
                    + arch.prefixLength() + " prefix), its SwiGLU width " + inner + " = round(" + arch.expansion()
                    + "·" + positions + "·2/3) rounded up to a multiple of 256";
        }
        if (name.contains(".mlp.")) {
            int inner = SwiGlu.findMultiple(SwiGlu.innerWidth(h, arch.expansion()), BlockConfig.HRM_FFN_MULTIPLE);
            return "hidden_size " + h + " and the SwiGLU width " + inner + " = round(expansion " + arch.expansion()
                    + "·" + h + "·2/3) rounded up to a multiple of 256";
        }
        if (name.contains(".self_attn.")) {
            return "hidden_size " + h + ", " + arch.heads() + " heads: q, k and v of every head";
        }
        return "hidden_size " + h;
    }

    private static String describe(Architecture arch) {
        return arch.origin() == Origin.HRM
                ? "an HRM with H_layers " + arch.hLayers() + ", L_layers " + arch.lLayers() + " and pos_encodings "
                        + arch.positions().name().toLowerCase(Locale.ROOT)
                : "a TRM with L_layers " + arch.lLayers() + (arch.mixer() ? ", mlp_t" : "") + " and pos_encodings "
                        + arch.positions().name().toLowerCase(Locale.ROOT);
    }

    /** Positions per puzzle as the weights or the config show them, or 0 where they do not (RoPE, attention). */
    private static int seqLenShown(Architecture arch, Map<String, SafeTensorsFile.Entry> byName) {
        if (arch.seqLen() > 0) {
            return arch.seqLen();
        }
        SafeTensorsFile.Entry pos = byName.get("embed_pos.embedding_weight");
        if (arch.positions() == Positions.LEARNED && pos != null && pos.shape().length == 2) {
            return pos.shape()[0] - arch.prefixLength();
        }
        SafeTensorsFile.Entry mixer = byName.get("L_level.layers.0.mlp_t.down_proj.weight");
        if (arch.mixer() && mixer != null && mixer.shape().length == 2) {
            return mixer.shape()[0] - arch.prefixLength();
        }
        return 0;
    }

    /** Depthlab's tasks an imported model may be for, when --task is not given. */
    private static final List<String> TASKS = List.of("sudoku4", "sudoku6", "sudoku9", "maze30", "queens8", "pointer");

    private static Task task(String given, int vocab, int seqLen, Path source, List<String> notes) {
        if (given != null) {
            Task task = Task.named(given);
            if (task.vocabularySize() != vocab) {
                throw new BadInputException("the token table of " + source + " has " + vocab + " rows but task "
                        + task.name() + " has " + task.vocabularySize() + " tokens; give the task the model was"
                        + " trained on with --task");
            }
            if (seqLen > 0 && task.sequenceLength() != seqLen) {
                throw new BadInputException("the model in " + source + " was trained on puzzles of " + seqLen
                        + " positions but task " + task.name() + " has " + task.sequenceLength()
                        + "; give the task the model was trained on with --task");
            }
            return task;
        }
        List<String> fits = new ArrayList<>();
        for (String name : TASKS) {
            Task t = Task.named(name);
            if (t.vocabularySize() == vocab && (seqLen == 0 || t.sequenceLength() == seqLen)) {
                fits.add(name);
            }
        }
        int side = (int) Math.round(Math.sqrt(seqLen));
        if (seqLen > 0 && side * side == seqLen && side >= 5 && Task.named("maze30").vocabularySize() == vocab
                && !fits.contains("maze" + side)) {
            fits.add("maze" + side);
        }
        if (fits.size() != 1) {
            String shown = "a vocabulary of " + vocab + " tokens" + (seqLen > 0 ? " and " + seqLen + " positions" : "");
            throw new BadInputException(fits.isEmpty()
                    ? "the model in " + source + " has " + shown + ", which fit none of depthlab's tasks ("
                            + String.join(", ", TASKS) + ", mazeN)"
                    : "cannot tell which task the model in " + source + " was trained on: " + shown + " fit "
                            + String.join(" and ", fits) + "; name it with --task");
        }
        notes.add("task " + fits.get(0) + ", the one of depthlab's tasks with " + vocab + " tokens"
                + (seqLen > 0 ? " and " + seqLen + " positions" : "") + " (--task names another)");
        return Task.named(fits.get(0));
    }

    /** The table row the model takes: the only one, or the one --puzzle-id names. */
    private static int puzzleRow(Path source, String prefix, SafeTensorsFile.Entry table, Architecture arch,
            Integer puzzleId, Path configFile) {
        String key = prefix + StateDictNames.PUZZLE_TABLE;
        if (table.shape().length != 2 || table.shape()[1] != arch.hidden() || table.shape()[0] < 1) {
            throw new BadInputException("tensor '" + key + "' in " + source + " has shape "
                    + SafeTensorsFile.shapeText(table.shape()) + ", but the config gives [identifiers, "
                    + arch.hidden() + "] (puzzle_emb_ndim " + arch.hidden() + ")");
        }
        int rows = table.shape()[0];
        if (arch.identifiers() > 0 && arch.identifiers() != rows) {
            throw new BadInputException(configFile + " sets num_puzzle_identifiers " + arch.identifiers() + " but '"
                    + key + "' in " + source + " has " + rows + " rows");
        }
        if (puzzleId == null) {
            if (rows > 1) {
                throw new BadInputException("the puzzle-embedding table of " + source + " has " + rows + " identifiers"
                        + " (one per puzzle of its dataset); a depthlab model has one puzzle embedding: choose its row"
                        + " with --puzzle-id (0 to " + (rows - 1) + ")");
            }
            return 0;
        }
        if (puzzleId < 0 || puzzleId >= rows) {
            throw new BadInputException("--puzzle-id " + puzzleId + " is not a row of the puzzle-embedding table of "
                    + source + ", which has " + rows + (rows == 1 ? " identifier (0)" : " identifiers (0 to "
                    + (rows - 1) + ")"));
        }
        return puzzleId;
    }

    /** The original's settings in depthlab's terms; what the config does not say keeps depthlab's default. */
    private static TrainConfig trainConfig(Origin origin, Architecture arch, OriginalConfig config) {
        TrainConfig t = TrainConfig.defaults(origin.kind()).withMaxSegments(arch.haltMaxSteps())
                .withExploration(arch.exploration()).withLoss(arch.loss());
        Double lr = config.trainingNumber("lr");
        Double beta1 = config.trainingNumber("beta1");
        Double beta2 = config.trainingNumber("beta2");
        Double decay = config.trainingNumber("weight_decay");
        Double warmup = config.trainingNumber("lr_warmup_steps");
        Double minRatio = config.trainingNumber("lr_min_ratio");
        Double batch = config.trainingNumber("global_batch_size");
        Boolean ema = config.trainingFlag("ema");
        Double emaRate = config.trainingNumber("ema_rate");
        if (lr != null) {
            t = t.withLr(lr);
        }
        if (beta1 != null && beta2 != null) {
            t = t.withBetas(beta1, beta2);
        }
        if (decay != null) {
            t = t.withWeightDecay(decay);
        }
        if (warmup != null) {
            t = t.withWarmupSteps(warmup.longValue());
        }
        if (minRatio != null) {
            t = t.withMinLrRatio(minRatio);
        }
        if (batch != null) {
            t = t.withBatch(batch.intValue());
        }
        if (ema != null) {
            t = t.withEmaDecay(ema && emaRate != null ? emaRate : ema ? TrainConfig.TRM_EMA_DECAY : 0);
        }
        return t;
    }

    private static List<String> summary(Origin origin, Path source, SafeTensorsFile file, String prefix, Task task,
            Architecture arch, int row, SafeTensorsFile.Entry table, TrainConfig train) {
        Set<String> dtypes = new java.util.TreeSet<>();
        for (SafeTensorsFile.Entry e : file.tensors().values()) {
            dtypes.add(e.dtype().name());
        }
        String kind = origin.kind().toUpperCase(Locale.ROOT);
        String shape = origin == Origin.HRM
                ? String.format(Locale.ROOT, "H %d and L %d layers, N = %d, T = %d", arch.hLayers(), arch.lLayers(),
                        arch.hCycles(), arch.lCycles())
                : String.format(Locale.ROOT, "%d %s, T = %d, n = %d, %d prefix positions", arch.lLayers(),
                        arch.mixer() ? "mixer layers" : "layers", arch.hCycles(), arch.lCycles(), arch.prefixLength());
        return List.of(
                String.format(Locale.ROOT, "%s from %s: %d tensors (%s) under '%s'", kind, source.getFileName(),
                        file.tensors().size(), String.join(", ", dtypes), prefix),
                String.format(Locale.ROOT, "  task %s, hidden %d, %d heads, %s, positions %s", task.name(),
                        arch.hidden(), arch.heads(), shape, arch.positions().name().toLowerCase(Locale.ROOT)),
                String.format(Locale.ROOT, "  puzzle embedding: row %d of %d", row, table.shape()[0]),
                String.format(Locale.ROOT, "  %d segments (halt_max_steps), exploration %s, %s loss",
                        train.maxSegments(), trim(train.exploration()), train.loss()));
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The first three names, and how many more. */
    static String listed(List<String> names) {
        List<String> quoted = names.stream().limit(3).map(n -> "'" + n + "'").toList();
        return String.join(", ", quoted) + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
    }
}
