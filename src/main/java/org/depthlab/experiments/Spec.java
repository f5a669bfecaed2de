package org.depthlab.experiments;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.depthlab.BadInputException;

/**
 * An experiment as data: {@code book/experiments/<name>.json} declares the datasets, the
 * models and their settings, the seeds, the budget and how it is matched, the evaluation and
 * the figures — everything a sweep needs, so that the book's numbers come from one command.
 *
 * <p>The fields, in the order a spec usually gives them:
 * <pre>
 *   title, description     what the experiment asks, and its expected wall time
 *   data        [ {name, task, train, test, seed, clues?, minBacktracks?, nodes?, hops?,
 *                  strata?: [ {minBacktracks, count} ]} ]   (strata: extra test puzzles at
 *                                                            least that hard, for difficulty)
 *   seeds       [1, 2, 3]                       every model trains once per seed and dataset
 *   common      {settings for every model}      as `depthlab train` spells its options
 *   models      [ {name, family?, settings, data?} ]
 *   budget      {match: "updates" | "flops" | "parameters", updates, of?, tolerance?}
 *   evaluation  {segmentsTimes, strategies, beamWidths, searchBudgets, difficulty,
 *                width?: {samples: [1, 2, 4, …], noise: [σ, …], puzzles?, seed?}}
 *   figures     ["learning-curves", "test-time-compute", "decoder-search", "difficulty", "depth",
 *                "width", "width-vs-depth"]
 *   smoke       {train, test, strataCount, seeds, updates, common, beamWidths, searchBudgets}
 * </pre>
 * {@code smoke} is the same experiment at a tiny size ({@code --scale smoke}), so that a test
 * can run the whole pipeline on every spec in a minute or two.
 *
 * @param name        the file's name without {@code .json}
 * @param title       one line
 * @param description what it shows and how long it takes
 * @param data        the datasets; every model trains on each (or on those it names)
 * @param seeds       seeds of the weights and the training run
 * @param common      settings shared by every model (a model's own win)
 * @param models      the models compared
 * @param budget      how much each model trains, and what is matched
 * @param evaluation  what is measured after training
 * @param figures     the figure kinds to draw
 * @param smoke       the overrides of {@code --scale smoke}
 */
public record Spec(String name, String title, String description, List<DataSpec> data, List<Long> seeds,
                   Map<String, Object> common, List<ModelSpec> models, Budget budget, Evaluation evaluation,
                   List<String> figures, Smoke smoke) {

    /** The figure kinds a spec may ask for. */
    public static final List<String> FIGURES = List.of("learning-curves", "test-time-compute", "decoder-search",
            "difficulty", "depth", "width", "width-vs-depth");

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The sizes an experiment can run at. */
    public enum Scale {
        /** What the spec says: the book's numbers. */
        REAL,
        /** The spec's {@code smoke} overrides: tiny, a minute or two, for tests and trying out. */
        SMOKE;

        /** "real" or "smoke". */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Reads "real" or "smoke". */
        public static Scale parse(String s) {
            for (Scale x : values()) {
                if (x.label().equals(s.strip().toLowerCase(Locale.ROOT))) {
                    return x;
                }
            }
            throw new BadInputException("--scale must be real or smoke, not '" + s + "'.");
        }
    }

    /**
     * A dataset: a task's generator settings and the split's sizes.
     *
     * @param strata  extra test puzzles, each group at least {@code minBacktracks} hard
     * @param updates the budget's updates on this dataset, in place of the budget's own (0: the budget's)
     */
    public record DataSpec(String name, String task, int train, int test, long seed, int clues, int minBacktracks,
                           int nodes, int hops, List<Stratum> strata, long updates) {
        public DataSpec {
            strata = List.copyOf(strata);
        }

        /** The number of test puzzles, strata included. */
        public int testPuzzles() {
            return test + strata.stream().mapToInt(Stratum::count).sum();
        }
    }

    /** {@code count} extra test puzzles that the solver needs at least {@code minBacktracks} backtracks for. */
    public record Stratum(int minBacktracks, int count) {
    }

    /**
     * A model of the comparison.
     *
     * @param family   groups models into one curve of a depth figure (defaults to the model kind)
     * @param settings its settings, as {@code depthlab train} options
     * @param data     the datasets it trains on (empty: all)
     */
    public record ModelSpec(String name, String family, Map<String, Object> settings, List<String> data) {
    }

    /** What a budget matches. */
    public enum Match {
        /** Every model trains the same number of updates. */
        UPDATES,
        /** Every model trains for the same training FLOPs (Meter count): budget ÷ its FLOPs per update. */
        FLOPS,
        /** Equal updates, and every model's parameter count within a tolerance of the reference's. */
        PARAMETERS
    }

    /**
     * How much every model trains.
     *
     * @param match     what is equal across models
     * @param updates   updates per run; for {@code flops}, the reference model's updates
     * @param of        the reference model (flops: whose FLOPs the budget is; parameters: whose
     *                  count the others must match); the first model when not given
     * @param tolerance parameters: the largest relative difference from the reference allowed
     */
    public record Budget(Match match, long updates, String of, double tolerance) {
    }

    /**
     * What is measured once a model is trained.
     *
     * @param segmentsTimes  test-time compute: evaluate up to this many times the segments trained
     * @param strategies     decoders: the decoding strategies compared (greedy, constrained, backtrack, beam, sample)
     * @param beamWidths     decoders: beam widths for the search curve
     * @param searchBudgets  decoders: node budgets of backtracking for the search curve
     * @param difficulty     bucket test puzzles by the solver's backtracks (tasks with constraints)
     * @param width          width at inference ({@link WidthEvaluation}), or null for none; left out of
     *                       the JSON (and so of the run hashes) when null
     */
    public record Evaluation(int segmentsTimes, List<String> strategies, List<Long> beamWidths,
                             List<Long> searchBudgets, boolean difficulty,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Width width) {

        /** An evaluation without width. */
        public Evaluation(int segmentsTimes, List<String> strategies, List<Long> beamWidths, List<Long> searchBudgets,
                          boolean difficulty) {
            this(segmentsTimes, strategies, beamWidths, searchBudgets, difficulty, null);
        }
    }

    /**
     * Width at inference (chapter 14): every trained model sampled N times per held-out puzzle.
     *
     * @param samples the widths N reported (the largest is drawn, the others are its first samples)
     * @param noise   naive test-time noise scales σ, added to every model trained without noise
     *                (trm, and gram with a fixed step)
     * @param puzzles how many of the held-out puzzles (the first ones) width is measured on; 0 for all
     * @param seed    the base of the samples' seeds
     */
    public record Width(List<Long> samples, List<Double> noise, int puzzles, long seed) {
        public Width {
            samples = List.copyOf(samples);
            noise = List.copyOf(noise);
        }

        /** The largest N. */
        public int widest() {
            return (int) (long) samples.stream().mapToLong(Long::longValue).max().orElse(1);
        }
    }

    /** The overrides of {@code --scale smoke}; null fields keep the spec's value. */
    public record Smoke(Integer train, Integer test, Integer strataCount, List<Long> seeds, Long updates,
                        Map<String, Object> common, List<Long> beamWidths, List<Long> searchBudgets) {
    }

    // ------------------------------------------------------------------ reading

    /** The spec file of experiment {@code name} in {@code dir}. */
    public static Spec find(Path dir, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new BadInputException("'" + name + "' is not an experiment name (lower-case letters, digits and -).");
        }
        Path file = dir.resolve(name + ".json");
        if (!Files.isRegularFile(file)) {
            throw new BadInputException("there is no experiment '" + name + "' in " + dir + " (see 'depthlab experiment"
                    + " list').");
        }
        return load(file);
    }

    /** Every spec in {@code dir}, by name. */
    public static List<Spec> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("the experiments folder " + dir + " does not exist.");
        }
        List<Spec> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            // Experiments on quadratic programs have a runner of their own (IterationSpec).
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json") && !IterationSpec.isOne(p))
                    .sorted().toList()) {
                out.add(load(f));
            }
        } catch (IOException e) {
            throw new BadInputException("cannot list " + dir + ": " + e.getMessage() + ".");
        }
        return out;
    }

    /** Reads and checks one spec file. */
    public static Spec load(Path file) {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read " + file + ": no such file.");
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ").");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage() + ".");
        }
        return parse(file.toString(), name, root);
    }

    static Spec parse(String where, String name, JsonNode root) {
        if (!NAME.matcher(name).matches()) {
            throw new BadInputException(where + ": the file name must be lower-case letters, digits and - (then .json).");
        }
        JsonFields f = new JsonFields(where, root);
        String title = f.string("title", null);
        String description = f.string("description", "");
        List<DataSpec> data = new ArrayList<>();
        List<JsonNode> dataNodes = f.array("data", true);
        for (int i = 0; i < dataNodes.size(); i++) {
            data.add(dataSpec(new JsonFields(where + ", data[" + i + "]", dataNodes.get(i))));
        }
        List<Long> seeds = f.integers("seeds", List.of(1L));
        Map<String, Object> common = orEmpty(f.settings("common"));
        List<ModelSpec> models = new ArrayList<>();
        List<JsonNode> modelNodes = f.array("models", true);
        for (int i = 0; i < modelNodes.size(); i++) {
            models.add(modelSpec(new JsonFields(where + ", models[" + i + "]", modelNodes.get(i))));
        }
        JsonFields b = f.object("budget");
        if (b == null) {
            throw new BadInputException(where + ": the field 'budget' is missing (an object: match, updates).");
        }
        Budget budget = budget(b);
        JsonFields e = f.object("evaluation");
        Evaluation evaluation = evaluation(e == null ? new JsonFields(where + ", evaluation", JSON.createObjectNode()) : e);
        List<String> figures = f.strings("figures", List.of("learning-curves"));
        JsonFields s = f.object("smoke");
        if (s == null) {
            throw new BadInputException(where + ": the field 'smoke' is missing (the tiny version every spec has).");
        }
        Smoke smoke = smoke(s);
        f.requireAllRead();
        Spec spec = new Spec(name, title, description, data, seeds, common, models, budget, evaluation, figures, smoke);
        spec.check(where);
        return spec;
    }

    private static DataSpec dataSpec(JsonFields f) {
        String name = f.string("name", null);
        String task = f.string("task", null);
        int train = (int) f.integer("train", null);
        int test = (int) f.integer("test", null);
        long seed = f.integer("seed", 1L);
        int clues = (int) f.integer("clues", 0L);
        int minBacktracks = (int) f.integer("minBacktracks", 0L);
        int nodes = (int) f.integer("nodes", 0L);
        int hops = (int) f.integer("hops", 0L);
        List<Stratum> strata = new ArrayList<>();
        List<JsonNode> nodesOf = f.array("strata", false);
        for (int i = 0; i < nodesOf.size(); i++) {
            JsonFields s = new JsonFields(f.where() + ", strata[" + i + "]", nodesOf.get(i));
            strata.add(new Stratum((int) s.integer("minBacktracks", null), (int) s.integer("count", null)));
            s.requireAllRead();
        }
        long updates = f.integer("updates", 0L);
        f.requireAllRead();
        return new DataSpec(name, task, train, test, seed, clues, minBacktracks, nodes, hops, strata, updates);
    }

    private static ModelSpec modelSpec(JsonFields f) {
        String name = f.string("name", null);
        Map<String, Object> settings = f.settings("settings");
        if (settings == null) {
            throw new BadInputException(f.where() + ": the field 'settings' is missing (at least {\"model\": ...}).");
        }
        Object kind = settings.get("model");
        String family = f.string("family", kind == null ? name : kind.toString());
        List<String> data = f.strings("data", List.of());
        f.requireAllRead();
        return new ModelSpec(name, family, settings, data);
    }

    private static Budget budget(JsonFields f) {
        String match = f.string("match", null).strip().toLowerCase(Locale.ROOT);
        Match m;
        switch (match) {
            case "updates": m = Match.UPDATES; break;
            case "flops": m = Match.FLOPS; break;
            case "parameters": m = Match.PARAMETERS; break;
            default: throw new BadInputException(f.where() + ": 'match' must be updates, flops or parameters, not '"
                    + match + "'.");
        }
        long updates = f.integer("updates", null);
        String of = f.string("of", "");
        double tolerance = f.number("tolerance", m == Match.PARAMETERS ? null : 0.0);
        f.requireAllRead();
        return new Budget(m, updates, of, tolerance);
    }

    private static Evaluation evaluation(JsonFields f) {
        int times = (int) f.integer("segmentsTimes", 2L);
        List<String> strategies = f.strings("strategies", List.of("greedy"));
        List<Long> widths = f.integers("beamWidths", List.of());
        List<Long> budgets = f.integers("searchBudgets", List.of());
        boolean difficulty = f.bool("difficulty", false);
        JsonFields w = f.object("width");
        Width width = null;
        if (w != null) {
            List<Long> samples = w.integers("samples", null);
            List<Double> noise = new ArrayList<>();
            for (JsonNode n : w.array("noise", false)) {
                if (!n.isNumber() || !(n.asDouble() > 0)) {
                    throw new BadInputException(w.where() + ": 'noise' must be a list of positive numbers.");
                }
                noise.add(n.asDouble());
            }
            int puzzles = (int) w.integer("puzzles", 0L);
            long seed = w.integer("seed", 1L);
            w.requireAllRead();
            if (samples.isEmpty() || samples.stream().anyMatch(n -> n < 1 || n > 1024) || puzzles < 0) {
                throw new BadInputException(w.where() + ": 'samples' must be a list of widths from 1 to 1024, and"
                        + " 'puzzles' at least 0.");
            }
            width = new Width(samples, noise, puzzles, seed);
        }
        f.requireAllRead();
        return new Evaluation(times, strategies, widths, budgets, difficulty, width);
    }

    private static Smoke smoke(JsonFields f) {
        Integer train = f.has("train") ? (int) f.integer("train", null) : null;
        Integer test = f.has("test") ? (int) f.integer("test", null) : null;
        Integer strata = f.has("strataCount") ? (int) f.integer("strataCount", null) : null;
        List<Long> seeds = f.integers("seeds", null);
        Long updates = f.has("updates") ? f.integer("updates", null) : null;
        Map<String, Object> common = f.settings("common");
        List<Long> widths = f.integers("beamWidths", null);
        List<Long> budgets = f.integers("searchBudgets", null);
        f.requireAllRead();
        return new Smoke(train, test, strata, seeds, updates, common, widths, budgets);
    }

    private static Map<String, Object> orEmpty(Map<String, Object> m) {
        return m == null ? Map.of() : m;
    }

    private void check(String where) {
        if (data.isEmpty() || models.isEmpty() || seeds.isEmpty()) {
            throw new BadInputException(where + ": an experiment needs at least one dataset, one model and one seed.");
        }
        Set<String> names = new HashSet<>();
        for (DataSpec d : data) {
            requireName(where, "dataset", d.name());
            if (!names.add("data:" + d.name())) {
                throw new BadInputException(where + ": two datasets are named '" + d.name() + "'.");
            }
            if (d.updates() < 0) {
                throw new BadInputException(where + ": dataset '" + d.name() + "' has a negative number of updates.");
            }
            if (d.train() < 1 || d.test() < 0) {
                throw new BadInputException(where + ": dataset '" + d.name() + "' needs at least 1 training puzzle.");
            }
        }
        for (ModelSpec m : models) {
            requireName(where, "model", m.name());
            if (!names.add("model:" + m.name())) {
                throw new BadInputException(where + ": two models are named '" + m.name() + "'.");
            }
            RunSettings.merge(where + ", model '" + m.name() + "'", common, m.settings()).kind();
            for (String d : m.data()) {
                if (!names.contains("data:" + d)) {
                    throw new BadInputException(where + ": model '" + m.name() + "' names dataset '" + d
                            + "', which the spec does not declare.");
                }
            }
        }
        if (new HashSet<>(seeds).size() != seeds.size()) {
            throw new BadInputException(where + ": the seeds repeat.");
        }
        if (budget.updates() < 1) {
            throw new BadInputException(where + ": the budget needs at least 1 update.");
        }
        if (!budget.of().isEmpty() && models.stream().noneMatch(m -> m.name().equals(budget.of()))) {
            throw new BadInputException(where + ": the budget's reference model '" + budget.of() + "' is not a model of"
                    + " the spec.");
        }
        if (budget.match() == Match.PARAMETERS && !(budget.tolerance() > 0 && budget.tolerance() < 1)) {
            throw new BadInputException(where + ": a parameters budget needs a tolerance between 0 and 1 (0.1 is 10%).");
        }
        evaluation.strategies().forEach(RunEvaluation::strategy);
        if (evaluation.segmentsTimes() < 1) {
            throw new BadInputException(where + ": segmentsTimes must be at least 1.");
        }
        for (String fig : figures) {
            if (!FIGURES.contains(fig)) {
                throw new BadInputException(where + ": unknown figure '" + fig + "'; the figures are "
                        + String.join(", ", FIGURES) + ".");
            }
        }
    }

    private static void requireName(String where, String what, String name) {
        if (!NAME.matcher(name).matches()) {
            throw new BadInputException(where + ": the " + what + " name '" + name + "' must be lower-case letters,"
                    + " digits and - (at most 40).");
        }
    }

    /** The name of the budget's reference model: {@code of}, or the first model. */
    public String referenceModel() {
        return budget.of().isEmpty() ? models.get(0).name() : budget.of();
    }

    /** The models that train on dataset {@code dataName}, in spec order. */
    public List<ModelSpec> modelsOn(String dataName) {
        return models.stream().filter(m -> m.data().isEmpty() || m.data().contains(dataName)).toList();
    }

    /** This experiment at {@code scale}: the spec itself, or with its smoke overrides applied. */
    public Spec at(Scale scale) {
        if (scale == Scale.REAL) {
            return this;
        }
        List<DataSpec> small = new ArrayList<>();
        for (DataSpec d : data) {
            List<Stratum> strata = new ArrayList<>();
            for (Stratum s : d.strata()) {
                strata.add(new Stratum(s.minBacktracks(), smoke.strataCount() != null ? smoke.strataCount() : s.count()));
            }
            small.add(new DataSpec(d.name(), d.task(), or(smoke.train(), d.train()), or(smoke.test(), d.test()),
                    d.seed(), d.clues(), d.minBacktracks(), d.nodes(), d.hops(), strata,
                    smoke.updates() != null ? 0 : d.updates()));
        }
        Map<String, Object> smallCommon = new LinkedHashMap<>(common);
        if (smoke.common() != null) {
            smallCommon.putAll(smoke.common());
        }
        // A smoke setting applies to every model, over the model's own value.
        List<ModelSpec> smallModels = new ArrayList<>();
        for (ModelSpec m : models) {
            Map<String, Object> s = new LinkedHashMap<>(m.settings());
            if (smoke.common() != null) {
                s.putAll(smoke.common());
            }
            smallModels.add(new ModelSpec(m.name(), m.family(), s, m.data()));
        }
        Budget smallBudget = new Budget(budget.match(), smoke.updates() != null ? smoke.updates() : budget.updates(),
                budget.of(), budget.tolerance());
        Evaluation e = new Evaluation(evaluation.segmentsTimes(), evaluation.strategies(),
                smoke.beamWidths() != null ? smoke.beamWidths() : evaluation.beamWidths(),
                smoke.searchBudgets() != null ? smoke.searchBudgets() : evaluation.searchBudgets(),
                evaluation.difficulty(), evaluation.width());
        return new Spec(name, title, description, small, smoke.seeds() != null ? smoke.seeds() : seeds, smallCommon,
                smallModels, smallBudget, e, figures, smoke);
    }

    private static int or(Integer value, int otherwise) {
        return value != null ? value : otherwise;
    }
}
