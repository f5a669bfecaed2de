package org.depthlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.TransformerConfig;
import org.depthlab.tasks.QpEncoding;
import org.depthlab.tasks.QpTask;
import org.depthlab.train.QpTrainer;

/**
 * The spec of an experiment on quadratic programs ({@code "runner": "latent-iteration"} in
 * {@code book/experiments/<name>.json}), the real-valued counterpart of {@link Spec}: the
 * programs trained on, the models and their settings (spelled as {@code depthlab iterate}
 * spells its options), the seeds, what is measured, and the smoke overrides.
 * <pre>
 *   title, description
 *   runner       "latent-iteration"
 *   task         {minSize, maxSize, minCondition, maxCondition}       the training distribution
 *   variants     ["free", "box"]                                      unconstrained and boxed programs
 *   seeds        [1, 2, 3]
 *   common       {settings for every model}
 *   models       [ {name, settings: {model, layers, loops, h-cycles, …, segments, detach}} ]
 *   evaluation   {test, times, probe, lipschitzPrograms, band}
 *   smoke        {steps, test, probe, seeds, lipschitzPrograms}
 * </pre>
 *
 * @param name        the file's name without .json
 * @param title       one line
 * @param description what it shows and how long it takes
 * @param task        the training distribution (box set per variant)
 * @param variants    "free" and/or "box"
 * @param seeds       the seeds of the weights and of the stream of training programs
 * @param models      name → settings (common merged in)
 * @param evaluation  what is measured
 */
public record IterationSpec(String name, String title, String description, QpTask task, List<String> variants,
                            List<Long> seeds, Map<String, Map<String, Object>> models, Evaluation evaluation) {

    /** The {@code runner} field of such a spec. */
    public static final String RUNNER = "latent-iteration";

    /** The positions every model has: programs of up to 8 variables, padded. */
    public static final int POSITIONS = 8;

    /**
     * What is measured after training.
     *
     * @param test              programs per test set
     * @param times             evaluate up to this many times the iterations trained
     * @param probe             programs to fit each linear probe on (and as many to score it)
     * @param lipschitzPrograms programs whose loop's Jacobian is measured (looped models)
     * @param band              the band of the empirical claim "error falls with loops"
     */
    public record Evaluation(int test, int times, int probe, int lipschitzPrograms, double band) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the spec file in {@code file} names this runner. */
    public static boolean isOne(Path file) {
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            return root.has("runner") && RUNNER.equals(root.get("runner").asText());
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads a spec, at {@code scale} (smoke applies the spec's smoke overrides). */
    public static IterationSpec load(Path file, Spec.Scale scale) {
        String fileName = file.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".json".length());
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage() + ".");
        }
        String where = file.toString();
        JsonFields f = new JsonFields(where, root);
        String runner = f.string("runner", null);
        if (!RUNNER.equals(runner)) {
            throw new BadInputException(where + ": 'runner' must be " + RUNNER + ".");
        }
        String title = f.string("title", null);
        String description = f.string("description", "");
        JsonFields t = f.object("task");
        if (t == null) {
            throw new BadInputException(where + ": the field 'task' is missing.");
        }
        QpTask task = new QpTask((int) t.integer("minSize", null), (int) t.integer("maxSize", null),
                t.number("minCondition", null), t.number("maxCondition", null), false);
        t.requireAllRead();
        if (task.maxSize() > POSITIONS) {
            throw new BadInputException(where + ": programs of more than " + POSITIONS + " variables do not fit the"
                    + " models' positions.");
        }
        List<String> variants = f.strings("variants", List.of("free"));
        for (String v : variants) {
            if (!v.equals("free") && !v.equals("box")) {
                throw new BadInputException(where + ": a variant is 'free' or 'box', not '" + v + "'.");
            }
        }
        List<Long> seeds = f.integers("seeds", List.of(1L));
        Map<String, Object> common = new LinkedHashMap<>(orEmpty(f.settings("common")));
        List<JsonNode> modelNodes = f.array("models", true);
        Map<String, Map<String, Object>> models = new LinkedHashMap<>();
        for (int i = 0; i < modelNodes.size(); i++) {
            JsonFields m = new JsonFields(where + ", models[" + i + "]", modelNodes.get(i));
            String modelName = m.string("name", null);
            Map<String, Object> settings = new LinkedHashMap<>(common);
            settings.putAll(orEmpty(m.settings("settings")));
            m.requireAllRead();
            if (models.put(modelName, settings) != null) {
                throw new BadInputException(where + ": two models are named '" + modelName + "'.");
            }
        }
        JsonFields e = f.object("evaluation");
        Evaluation evaluation = e == null ? new Evaluation(500, 4, 400, 4, 0.01)
                : new Evaluation((int) e.integer("test", 500L), (int) e.integer("times", 4L),
                        (int) e.integer("probe", 400L), (int) e.integer("lipschitzPrograms", 4L),
                        e.number("band", 0.01));
        if (e != null) {
            e.requireAllRead();
        }
        JsonFields s = f.object("smoke");
        if (s == null) {
            throw new BadInputException(where + ": the field 'smoke' is missing (the tiny version every spec has).");
        }
        Long smokeSteps = s.has("steps") ? s.integer("steps", null) : null;
        Integer smokeTest = s.has("test") ? (int) s.integer("test", null) : null;
        Integer smokeProbe = s.has("probe") ? (int) s.integer("probe", null) : null;
        Integer smokeLipschitz = s.has("lipschitzPrograms") ? (int) s.integer("lipschitzPrograms", null) : null;
        List<Long> smokeSeeds = s.integers("seeds", null);
        Map<String, Object> smokeCommon = s.settings("common");
        s.requireAllRead();
        f.requireAllRead();
        if (scale == Spec.Scale.SMOKE) {
            for (Map<String, Object> m : models.values()) {
                if (smokeSteps != null) {
                    m.put("steps", smokeSteps);
                }
                if (smokeCommon != null) {
                    m.putAll(smokeCommon);
                }
            }
            seeds = smokeSeeds != null ? smokeSeeds : seeds;
            evaluation = new Evaluation(smokeTest != null ? smokeTest : evaluation.test(), evaluation.times(),
                    smokeProbe != null ? smokeProbe : evaluation.probe(),
                    smokeLipschitz != null ? smokeLipschitz : evaluation.lipschitzPrograms(), evaluation.band());
        }
        IterationSpec spec = new IterationSpec(name, title, description, task, variants, seeds, models, evaluation);
        for (String m : models.keySet()) {
            spec.modelConfig(m);
            spec.trainConfig(m, seeds.get(0));
        }
        return spec;
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    /** The training distribution of a variant. */
    public QpTask task(String variant) {
        return new QpTask(task.minSize(), task.maxSize(), task.minCondition(), task.maxCondition(),
                variant.equals("box"));
    }

    private static int integer(Map<String, Object> s, String key, int otherwise) {
        Object v = s.get(key);
        return v == null ? otherwise : ((Number) v).intValue();
    }

    private static double number(Map<String, Object> s, String key, double otherwise) {
        Object v = s.get(key);
        return v == null ? otherwise : ((Number) v).doubleValue();
    }

    /** The shape of model {@code name}: the token models' configs, P positions, no rotary positions. */
    public ModelConfig modelConfig(String name) {
        Map<String, Object> s = models.get(name);
        int hidden = integer(s, "hidden", 32);
        int heads = integer(s, "heads", 2);
        double expansion = number(s, "expansion", 2);
        String kind = String.valueOf(s.getOrDefault("model", ""));
        switch (kind) {
            case "transformer":
                return new TransformerConfig(2, POSITIONS, hidden, heads, expansion, integer(s, "layers", 4),
                        Positions.LEARNED);
            case "looped":
                return new LoopedConfig(2, POSITIONS, hidden, heads, expansion, integer(s, "layers", 1),
                        integer(s, "loops", 4), Positions.LEARNED);
            case "hrm":
                return new HrmConfig(2, POSITIONS, hidden, heads, expansion, integer(s, "h-layers", 1),
                        integer(s, "l-layers", 1), integer(s, "h-cycles", 2), integer(s, "l-cycles", 2),
                        Positions.LEARNED);
            default:
                throw new BadInputException("model '" + name + "': 'model' must be transformer, looped or hrm, not '"
                        + kind + "'.");
        }
    }

    /** How model {@code name} trains with {@code seed}. */
    public QpTrainer.Config trainConfig(String name, long seed) {
        Map<String, Object> s = models.get(name);
        ModelConfig c = modelConfig(name);
        int iterations = c instanceof LoopedConfig l ? l.loops() : c instanceof HrmConfig h ? h.hCycles() : 1;
        QpTrainer.Config d = QpTrainer.Config.defaults(iterations);
        Object detach = s.get("detach");
        return new QpTrainer.Config(integer(s, "steps", (int) d.steps()), integer(s, "batch", d.batch()), iterations,
                integer(s, "segments", 1), detach == null || Boolean.TRUE.equals(detach), number(s, "lr", d.lr()),
                integer(s, "warmup", (int) d.warmup()), number(s, "min-lr-ratio", d.minLrRatio()),
                number(s, "weight-decay", d.weightDecay()), number(s, "clip", d.clip()), seed);
    }

    /** The features per position of the models: {@link QpEncoding#features}. */
    public static int features() {
        return QpEncoding.features(POSITIONS);
    }

    /** The settings of model {@code name}, for hashing and the report. */
    public Map<String, Object> settings(String name) {
        return models.get(name);
    }

    /** Every (variant, model, seed), in order. */
    public List<String[]> runs() {
        List<String[]> out = new ArrayList<>();
        for (String v : variants) {
            for (String m : models.keySet()) {
                for (long seed : seeds) {
                    out.add(new String[] {v, m, Long.toString(seed)});
                }
            }
        }
        return out;
    }
}
