package org.depthlab.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.models.ModelConfig;
import org.depthlab.models.RefinementModel;
import org.depthlab.tasks.Dataset;
import org.depthlab.train.TrainConfig;

/**
 * An experiment resolved into its runs: every (dataset, model, seed) with the exact model
 * and training configuration it trains with, the budget worked out, and the hash that names
 * its folder. Resolving generates the datasets (once; they are kept) and measures each
 * model's FLOPs per update with the Meter, so that an equal-FLOPs budget can be split.
 *
 * <p>Folders: an experiment at a scale lives in {@code <lab>/<name>/<scale>/}, with
 * {@code data/<dataset>-<hash>/} and {@code runs/<dataset>-<model>-s<seed>-<hash>/}.
 *
 * @param spec   the experiment at its scale
 * @param scale  the scale
 * @param root   the experiment's folder at this scale
 * @param runs   every run, dataset by dataset, model by model, seed by seed
 * @param points one entry per (dataset, model): what its runs share
 * @param budget the budget in words, for every table
 */
public record Plan(Spec spec, Spec.Scale scale, Path root, List<Run> runs, List<Point> points, String budget) {

    /** Bumped when what a run computes changes in a way its configuration does not show. */
    static final String FORMAT = "depthlab-lab-1";

    /**
     * One run.
     *
     * @param id        {@code <dataset>-<model>-s<seed>}
     * @param hash      of everything that decides its result (see {@link Hashes})
     */
    public record Run(String id, String data, String model, String family, long seed, String task,
                      ModelConfig modelConfig, TrainConfig trainConfig, long parameters, int layerApplications,
                      TrainingFlops flops, Spec.Evaluation evaluation, String hash) {

        /** The run's folder name: its id and hash. */
        public String folderName() {
            return id + "-" + hash;
        }

        /** The training FLOPs the whole run costs. */
        public long trainingFlops() {
            return trainConfig.steps() * flops.perUpdate();
        }
    }

    /** What the runs of one model on one dataset share (all but the seed). */
    public record Point(String data, String model, String family, String kind, long parameters, int layerApplications,
                        long updates, TrainingFlops flops, int segments) {
    }

    /** What decides a run's result: hashed to name its folder. */
    private record Resolved(String format, Spec.DataSpec data, ModelConfig model, TrainConfig train,
                            Spec.Evaluation evaluation) {
    }

    /** The folder of experiment {@code name} at {@code scale} under the lab folder {@code lab}. */
    public static Path root(Path lab, String name, Spec.Scale scale) {
        return lab.resolve(name).resolve(scale.label());
    }

    /** Resolves {@code spec} at {@code scale} under the lab folder {@code lab}. */
    public static Plan resolve(Spec base, Spec.Scale scale, Path lab) {
        Spec spec = base.at(scale);
        Path root = root(lab, spec.name(), scale);
        List<Run> runs = new ArrayList<>();
        List<Point> points = new ArrayList<>();
        StringBuilder budget = new StringBuilder();
        for (Spec.DataSpec d : spec.data()) {
            Dataset data = Datasets.load(root, d);
            List<Spec.ModelSpec> models = spec.modelsOn(d.name());
            Map<String, Measured> measured = new LinkedHashMap<>();
            for (Spec.ModelSpec m : models) {
                measured.put(m.name(), measure(spec, m, data));
            }
            Measured reference = measured.get(spec.referenceModel());
            if (reference == null && spec.budget().match() != Spec.Match.UPDATES) {
                throw new BadInputException(spec.name() + ": the budget's reference model '" + spec.referenceModel()
                        + "' does not train on dataset '" + d.name() + "'.");
            }
            long budgetUpdates = d.updates() > 0 ? d.updates() : spec.budget().updates();
            long budgetFlops = reference == null ? 0 : budgetUpdates * reference.flops.perUpdate();
            if (budget.length() > 0) {
                budget.append(' ');
            }
            budget.append(describe(spec, d, budgetUpdates, budgetFlops, reference));
            for (Spec.ModelSpec m : models) {
                Measured x = measured.get(m.name());
                long updates = budgetUpdates;
                if (spec.budget().match() == Spec.Match.FLOPS) {
                    updates = Math.round(budgetFlops / (double) x.flops.perUpdate());
                    if (updates < 1 && scale == Spec.Scale.REAL) {
                        throw new BadInputException(String.format(Locale.ROOT, "%s: one update of model '%s' costs %s"
                                + " on %s, more than twice the whole budget of %s; raise the budget.", spec.name(),
                                m.name(), Units.flops(x.flops.perUpdate()), d.name(), Units.flops(budgetFlops)));
                    }
                    updates = Math.max(1, updates);
                }
                if (spec.budget().match() == Spec.Match.PARAMETERS && scale == Spec.Scale.REAL) {
                    double off = Math.abs(x.parameters - reference.parameters) / (double) reference.parameters;
                    if (off > spec.budget().tolerance()) {
                        throw new BadInputException(String.format(Locale.ROOT, "%s: model '%s' has %,d parameters on %s,"
                                + " %.0f%% from %s's %,d; the spec allows %.0f%%.", spec.name(), m.name(), x.parameters,
                                d.name(), 100 * off, spec.referenceModel(), reference.parameters,
                                100 * spec.budget().tolerance()));
                    }
                }
                TrainConfig any = x.settings.trainConfig(updates, spec.seeds().get(0));
                points.add(new Point(d.name(), m.name(), m.family(), x.config.kind(), x.parameters,
                        x.layerApplications, updates, x.flops, any.maxSegments()));
                for (long seed : spec.seeds()) {
                    TrainConfig train = x.settings.trainConfig(updates, seed);
                    String hash = Hashes.of(new Resolved(FORMAT, d, x.config, train, spec.evaluation()));
                    runs.add(new Run(d.name() + "-" + m.name() + "-s" + seed, d.name(), m.name(), m.family(), seed,
                            d.task(), x.config, train, x.parameters, x.layerApplications, x.flops, spec.evaluation(),
                            hash));
                }
            }
        }
        // Seed-major order within a dataset: every model's run for the first seed, then the
        // next seed. A sweep stopped part-way then leaves whole seeds, which a report can
        // compare model against model, instead of some models with every seed and others none.
        List<String> names = runs.stream().map(Run::data).distinct().toList();
        List<Long> seeds = runs.stream().map(Run::seed).distinct().toList();
        runs.sort(Comparator.comparingInt((Run r) -> names.indexOf(r.data()))
                .thenComparingInt(r -> seeds.indexOf(r.seed())));
        return new Plan(spec, scale, root, runs, points, budget.toString());
    }

    private record Measured(RunSettings settings, ModelConfig config, long parameters, int layerApplications,
                            TrainingFlops flops) {
    }

    private static Measured measure(Spec spec, Spec.ModelSpec m, Dataset data) {
        RunSettings settings = RunSettings.merge(spec.name() + ", model '" + m.name() + "'", spec.common(), m.settings());
        ModelConfig config = settings.modelConfig(data.task(), data.train());
        RefinementModel model = config.build(spec.seeds().get(0));
        TrainingFlops flops = TrainingFlops.measure(model, settings.trainConfig(1, spec.seeds().get(0)), data.train());
        return new Measured(settings, config, model.parameterCount(), model.layerApplicationsPerSegment(), flops);
    }

    private static String describe(Spec spec, Spec.DataSpec d, long updates, long budgetFlops, Measured reference) {
        Spec.Budget b = spec.budget();
        String on = spec.data().size() > 1 ? " on " + d.name() : "";
        switch (b.match()) {
            case FLOPS:
                return String.format(Locale.ROOT, "Equal training FLOPs%s: %s each (%,d updates of %s at %s per update);"
                        + " every model trains that budget ÷ its own FLOPs per update (the Meter's count: forward"
                        + " + 2 × the part recorded for backward).", on, Units.flops(budgetFlops), updates,
                        spec.referenceModel(), Units.flops(reference.flops.perUpdate()));
            case PARAMETERS:
                return String.format(Locale.ROOT, "Equal parameters%s within ±%.0f%% of %s's %,d, and equal updates"
                        + " (%,d each).", on, 100 * b.tolerance(), spec.referenceModel(), reference.parameters,
                        updates);
            default:
                return String.format(Locale.ROOT, "Equal updates%s: %,d each.", on, updates);
        }
    }

    /** The folder of {@code run} in this plan's experiment folder. */
    public Path folder(Run run) {
        return root.resolve("runs").resolve(run.folderName());
    }

    /** The run with this id. */
    public Run run(String id) {
        return runs.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow(() -> new BadInputException(
                "experiment " + spec.name() + " has no run '" + id + "' (see 'depthlab experiment status "
                        + spec.name() + "')."));
    }

    /** The dataset of {@code run} (generated if needed). */
    public Dataset dataset(Run run) {
        Spec.DataSpec d = spec.data().stream().filter(x -> x.name().equals(run.data())).findFirst().orElseThrow();
        return Datasets.load(root, d);
    }
}
