package org.depthlab.experiments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;

/**
 * The two studies of chapters 12 and 13 — {@code consolidation} and {@code modularity} —
 * which the lab's specs ({@link Spec}) cannot express: they train models that are not
 * refinement models on puzzles (recall models on fact chains) or train masks over a trained
 * model. Each is still data: {@code book/studies/NAME.json} holds its settings at two scales
 * ({@code real}, the book's numbers, and {@code smoke}, a tiny version for tests), and a run
 * writes {@code results/NAME.json} (every number measured), {@code results/NAME.md} (the tables
 * the chapter quotes) and {@code figures/NAME-*.svg} under the book (real scale) or a folder
 * of its own.
 */
public final class Studies {

    /** The studies, by name. */
    public static final List<String> NAMES = List.of("consolidation", "modularity");

    /** Results may hold NaN (an accuracy with no question to measure it), which JSON spells NaN here. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private Studies() {
    }

    /** {@code book/studies/} of the project. */
    public static Path specs() {
        return Lab.book().resolve("studies");
    }

    /** Checks a study's name. */
    public static String require(String name) {
        if (!NAMES.contains(name)) {
            throw new BadInputException("there is no study '" + name + "'; the studies are " + String.join(", ", NAMES)
                    + ".");
        }
        return name;
    }

    /** How a study turns its settings into results (training and measuring everything). */
    interface Runner<S, R> {
        R run(S settings, Spec.Scale scale, Consumer<String> log);
    }

    /**
     * One study: its settings and results records and the three steps every study has — run,
     * report, figures — from which running, reporting and redrawing follow the same way for all.
     */
    private record Study<S, R>(String name, Class<S> settingsType, Class<R> resultsType, Runner<S, R> runner,
                               Function<R, String> report, Function<R, List<Figure>> figures) {

        String runAndWrite(Path specs, Spec.Scale scale, Path out, boolean force, Consumer<String> log) {
            S settings = settings(specs, name, scale, settingsType);
            requireWritable(out, name, force);
            R results = runner.run(settings, scale, log);
            String md = report.apply(results);
            write(out, name, results, md, figures.apply(results));
            return md;
        }

        String reportFrom(Path out) {
            return report.apply(read(resultsFile(out, name), resultsType));
        }

        String rewrite(Path out) {
            R results = read(resultsFile(out, name), resultsType);
            String md = report.apply(results);
            Studies.rewrite(out, name, md, figures.apply(results));
            return md;
        }
    }

    private static Study<?, ?> study(String name) {
        return switch (require(name)) {
            case ConsolidationStudy.NAME -> new Study<>(ConsolidationStudy.NAME, ConsolidationStudy.Settings.class,
                    ConsolidationStudy.Results.class, ConsolidationStudy::run, ConsolidationStudy::report,
                    ConsolidationStudy::figures);
            case ModularityStudy.NAME -> new Study<>(ModularityStudy.NAME, ModularityStudy.Settings.class,
                    ModularityStudy.Results.class, ModularityStudy::run, ModularityStudy::report,
                    ModularityStudy::figures);
            default -> throw new IllegalStateException("a study without a runner: " + name);
        };
    }

    /**
     * Runs study {@code name} at {@code scale} from the settings in {@code specs}, writes its results,
     * report and figures under {@code out} (replacing earlier results only with {@code force}) and
     * returns the report.
     */
    public static String runAndWrite(String name, Path specs, Spec.Scale scale, Path out, boolean force,
                                     Consumer<String> log) {
        return study(name).runAndWrite(specs, scale, out, force, log);
    }

    /** The report of study {@code name}'s results written under {@code out}. */
    public static String reportFrom(String name, Path out) {
        return study(name).reportFrom(out);
    }

    /** Writes the report and figures of study {@code name} under {@code out} again, from its results alone. */
    public static String rewrite(String name, Path out) {
        return study(name).rewrite(out);
    }

    /** The settings object for {@code scale} ("real" or "smoke") of study {@code name}, read from {@code dir}. */
    static <T> T settings(Path dir, String name, Spec.Scale scale, Class<T> type) {
        Path file = dir.resolve(require(name) + ".json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + " is not valid JSON: " + e.getOriginalMessage() + ".");
        } catch (IOException e) {
            throw new BadInputException("cannot read the study " + file + ": " + e.getMessage() + ".");
        }
        JsonNode node = root.get(scale.label());
        if (node == null || !node.isObject()) {
            throw new BadInputException(file + " has no '" + scale.label() + "' settings.");
        }
        try {
            return JSON.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new BadInputException(file + ", " + scale.label() + ": " + e.getOriginalMessage() + ".");
        }
    }

    /** The title and description of a study's spec. */
    public static String[] about(Path dir, String name) {
        Path file = dir.resolve(require(name) + ".json");
        try {
            JsonNode root = JSON.readTree(Files.readString(file));
            return new String[] {root.path("title").asText(name), root.path("description").asText("")};
        } catch (IOException e) {
            throw new BadInputException("cannot read the study " + file + ": " + e.getMessage() + ".");
        }
    }

    /** Where a run at {@code scale} writes by default: the book for real, {@code runs/study/NAME-smoke} for smoke. */
    public static Path defaultOut(String name, Spec.Scale scale) {
        return scale == Spec.Scale.REAL ? Lab.book() : Path.of("runs", "study", name + "-" + scale.label());
    }

    /** The results file of study {@code name} under {@code out}. */
    public static Path resultsFile(Path out, String name) {
        return out.resolve("results").resolve(name + ".json");
    }

    /** Refuses to overwrite a study's results unless told to. */
    static void requireWritable(Path out, String name, boolean force) {
        Path f = resultsFile(out, name);
        if (Files.exists(f) && !force) {
            throw new BadInputException(f + " already exists; add --force to replace it.");
        }
    }

    /** Writes the results JSON, the report and the figures, each atomically. */
    static void write(Path out, String name, Object results, String report, List<Figure> figures) {
        try {
            AtomicFiles.createDirectories(out.resolve("results"));
            AtomicFiles.writeString(resultsFile(out, name), JSON.writeValueAsString(results) + "\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the results of " + name, e);
        }
        rewrite(out, name, report, figures);
    }

    /** Writes a study's report and figures (not its results), each atomically. */
    static void rewrite(Path out, String name, String report, List<Figure> figures) {
        AtomicFiles.createDirectories(out.resolve("figures"));
        AtomicFiles.writeString(out.resolve("results").resolve(name + ".md"), report);
        for (Figure f : figures) {
            AtomicFiles.writeString(out.resolve("figures").resolve(f.file()), f.svg());
        }
    }

    /** Reads results of type {@code type} from a study's results file. */
    static <T> T read(Path file, Class<T> type) {
        try {
            return JSON.readValue(Files.readString(file), type);
        } catch (IOException e) {
            throw new BadInputException("cannot read the results " + file + ": " + e.getMessage() + ".");
        }
    }

    /** A figure file: its name under {@code figures/} and its SVG. */
    record Figure(String file, String svg) {

        /** {@code figure} drawn by the lab's {@link Plot}, as {@code <study>-<name>.svg}. */
        static Figure of(String study, org.depthlab.experiments.Figure figure) {
            return new Figure(study + "-" + figure.name() + ".svg", SvgCanvas.render(figure));
        }
    }

    /**
     * A curve of per-seed values: at every x, the mean of {@code values.get(i)} with its least
     * and largest value as the band, as the lab draws its own.
     */
    static org.depthlab.experiments.Figure.Series band(String label, double[] x, List<List<Double>> values) {
        double[] mean = new double[x.length];
        double[] min = new double[x.length];
        double[] max = new double[x.length];
        int seeds = 0;
        for (int i = 0; i < x.length; i++) {
            List<Double> v = values.get(i);
            mean[i] = mean(v);
            min[i] = v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            max[i] = v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            seeds = Math.max(seeds, v.size());
        }
        return new org.depthlab.experiments.Figure.Series(label, x, mean, min, max, seeds);
    }

    /** "0.973" or "0.973 ± 0.012" (mean and standard deviation over seeds), or "–" for none. */
    static String meanSd(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        if (values.size() == 1) {
            return String.format(Locale.ROOT, "%.3f", mean);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, Math.sqrt(ss / (values.size() - 1)));
    }

    /** The mean, or NaN for none. */
    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    /** Lines of a Markdown table: a header row, the rule, the rows. */
    static String table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| ").append(String.join(" | ", header)).append(" |\n|");
        for (int i = 0; i < header.size(); i++) {
            b.append(i == 0 ? " --- |" : " ---: |");
        }
        b.append('\n');
        for (List<String> r : rows) {
            b.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return b.toString();
    }

    /**
     * The version line every report ends with: taken when a run starts, so that it names the
     * code that ran (a "+changes" means the working tree differed from that commit).
     */
    static String provenance() {
        return Provenance.version();
    }
}
