package org.depthlab.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.io.DType;
import org.depthlab.io.IoErrors;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.RefinementModel;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * A trained model on disk: a directory with
 * <ul>
 *   <li>{@code model.safetensors} — the weights to run (the EMA average when training keeps
 *       one), and the model's buffers, under their stable names;</li>
 *   <li>{@code config.json} — the model's and the run's configuration, the task, and how far
 *       training got;</li>
 *   <li>{@code training.safetensors} — what resuming needs besides: optimizer state, the EMA
 *       and, when they differ from the EMA, the raw weights.</li>
 * </ul>
 * Every file is written to a temporary file and renamed; {@code config.json} goes last and
 * names the generation the two weight files belong to, so a checkpoint interrupted halfway
 * is reported as such instead of being read as a mix.
 */
public final class Checkpoint {

    public static final String MODEL_FILE = "model.safetensors";
    public static final String CONFIG_FILE = "config.json";
    public static final String TRAINING_FILE = "training.safetensors";
    static final String FORMAT = "depthlab-checkpoint-2";
    /**
     * Checkpoints written before depthlab followed the published code (docs/decisions.md,
     * "Differences from the published code"): they still load, and resume as they were trained.
     */
    static final String FORMAT_1 = "depthlab-checkpoint-1";

    /** How far a run got. */
    public record Progress(long step, long drawn, long epoch, long generation) {
    }

    /** What config.json holds. */
    public record Manifest(String format, String task, ModelConfig model, long modelSeed, TrainConfig train,
                           Progress progress) {
    }

    /** A loaded checkpoint: the model, ready to run, and its manifest. */
    public record Loaded(RefinementModel model, Manifest manifest) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Checkpoint() {
    }

    static List<Tensor> weights(RefinementModel model) {
        List<Tensor> all = new ArrayList<>(model.parameters());
        all.addAll(model.buffers());
        return all;
    }

    /** Writes a checkpoint of the model as it is now, with the trainer's state for resuming (if not null). */
    static void save(Path dir, Manifest manifest, RefinementModel model, Map<String, DMatrixRMaj> inferenceWeights,
                     Map<String, DMatrixRMaj> trainingState) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create the checkpoint directory " + dir + ": " + e.getMessage());
        }
        Map<String, String> meta = Map.of("format", FORMAT, "generation",
                String.valueOf(manifest.progress().generation()), "model", manifest.model().kind());
        Map<String, DMatrixRMaj> weights = new LinkedHashMap<>();
        for (Tensor t : weights(model)) {
            weights.put(t.name(), inferenceWeights.getOrDefault(t.name(), t.value()));
        }
        SafeTensors.write(dir.resolve(MODEL_FILE), weights, meta, DType.F64);
        if (trainingState != null) {
            SafeTensors.write(dir.resolve(TRAINING_FILE), trainingState, meta, DType.F64);
        }
        try {
            AtomicFiles.writeString(dir.resolve(CONFIG_FILE), JSON.writeValueAsString(manifest) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise the checkpoint manifest", e);
        }
    }

    /**
     * Writes a checkpoint of weights only — {@code model.safetensors} and {@code config.json},
     * no training state — for a model depthlab did not train ({@code depthlab import}): its
     * weights and buffers are the model's own, {@code train} the settings it was trained with as
     * far as depthlab has them, its progress zero updates. It evaluates, solves and exports like
     * any other checkpoint; {@code --resume} says that it has no training state.
     */
    public static void saveWeights(Path dir, String task, TrainConfig train, RefinementModel model) {
        Manifest manifest = new Manifest(FORMAT, task, model.config(), 0, train, new Progress(0, 0, 0, 1));
        save(dir, manifest, model, Map.of(), null);
    }

    /** Reads config.json from a checkpoint directory. */
    public static Manifest manifest(Path dir) {
        Path config = dir.resolve(CONFIG_FILE);
        if (!Files.exists(dir)) {
            throw IoErrors.missing(dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " is not a checkpoint: a checkpoint is a directory, and this is a file");
        }
        if (!Files.isRegularFile(config) || !Files.isRegularFile(dir.resolve(MODEL_FILE))) {
            throw new BadInputException(dir + " is not a checkpoint: it needs " + MODEL_FILE + " and " + CONFIG_FILE);
        }
        Manifest m;
        try {
            m = JSON.readValue(config.toFile(), Manifest.class);
        } catch (JsonMappingException e) {
            throw new BadInputException(config + " is not a valid checkpoint configuration: " + describe(e));
        } catch (JsonProcessingException e) {
            throw new BadInputException(config + " is not a valid checkpoint configuration: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw IoErrors.cannotRead(config, e);
        } catch (BadInputException e) {
            throw new BadInputException(config + ": " + e.getMessage());
        }
        if (m == null || m.model() == null || m.train() == null || m.progress() == null
                || !(FORMAT.equals(m.format()) || FORMAT_1.equals(m.format()))) {
            throw new BadInputException(config + " is not a depthlab checkpoint configuration (expected format "
                    + FORMAT + ")");
        }
        return FORMAT_1.equals(m.format()) ? upgrade(m) : m;
    }

    /**
     * A format-1 manifest in today's terms: its "adam-atan2" had the first bias correction
     * inside the atan2, so it becomes "adam-atan2-inside".
     */
    private static Manifest upgrade(Manifest m) {
        TrainConfig train = m.train().optimizer().equals("adam-atan2")
                ? m.train().withOptimizer("adam-atan2-inside") : m.train();
        return new Manifest(FORMAT, m.task(), m.model(), m.modelSeed(), train, m.progress());
    }

    /** Loads a checkpoint's model with the weights to run. */
    public static Loaded load(Path dir) {
        Manifest m = manifest(dir);
        RefinementModel model = m.model().build(m.modelSeed());
        Map<String, String> meta = SafeTensors.loadInto(dir.resolve(MODEL_FILE), weights(model));
        requireGeneration(dir.resolve(MODEL_FILE), meta, m);
        return new Loaded(model, m);
    }

    /** Reads the resume state (optimizer, EMA, raw weights) of a checkpoint. */
    static Map<String, DMatrixRMaj> trainingState(Path dir, Manifest m) {
        Path file = dir.resolve(TRAINING_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(dir + " cannot be resumed: it has no " + TRAINING_FILE);
        }
        SafeTensorsFile read = SafeTensors.read(file);
        requireGeneration(file, read.metadata(), m);
        Map<String, DMatrixRMaj> state = new LinkedHashMap<>();
        read.tensors().forEach((name, entry) -> state.put(name, entry.matrix()));
        return state;
    }

    private static void requireGeneration(Path file, Map<String, String> meta, Manifest m) {
        String expected = String.valueOf(m.progress().generation());
        if (!expected.equals(meta.get("generation"))) {
            throw new BadInputException(file + " belongs to checkpoint generation " + meta.get("generation")
                    + " but config.json to " + expected + "; the checkpoint was interrupted while being written");
        }
    }

    /**
     * What is wrong in a configuration that is JSON but not a checkpoint's, in the file's own
     * terms — the field and what it held — rather than Jackson's message, which names Java types.
     */
    private static String describe(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof BadInputException || c instanceof IllegalArgumentException) {
                // A configuration record refused the values: its own sentence says why.
                return "'" + field + "': " + c.getMessage();
            }
        }
        if (e instanceof InvalidTypeIdException t) {
            return t.getTypeId() == null ? "'" + field + "' does not say which model it is"
                    : "'" + field + "' names an unknown model kind '" + t.getTypeId() + "'";
        }
        return field.isEmpty() ? "its content is not a checkpoint configuration"
                : "the value of '" + field + "' is missing or of the wrong kind";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
