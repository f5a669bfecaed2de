package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.depthlab.experiments.IterationReport;
import org.depthlab.experiments.IterationSpec;
import org.depthlab.experiments.Lab;
import org.depthlab.experiments.LatentIteration;
import org.depthlab.experiments.Spec;
import org.depthlab.experiments.Units;

/**
 * The lab's commands for an experiment on quadratic programs ({@link IterationSpec}, a spec
 * with {@code "runner": "latent-iteration"}): {@code experiment list} shows it, {@code run}
 * trains and measures every run without a result ({@link LatentIteration}), {@code report}
 * writes its tables and figures ({@link IterationReport}) — the same commands, folders and
 * conventions as the puzzle experiments, whose machinery is built around token puzzles.
 */
final class IterationExperiments {

    private IterationExperiments() {
    }

    /** The spec file of {@code name} in {@code specs} when it is such an experiment, else null. */
    static Path find(Path specs, String name) {
        Path file = specs.resolve(name + ".json");
        return name.matches("[a-z0-9][a-z0-9-]{0,39}") && Files.isRegularFile(file) && IterationSpec.isOne(file)
                ? file : null;
    }

    /** Every such spec in {@code specs}, for {@code experiment list}. */
    static List<Path> all(Path specs) {
        try (var files = Files.list(specs)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json") && IterationSpec.isOne(f)).sorted()
                    .toList();
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    /** One line per spec, as {@code experiment list} prints the others. */
    static void list(Path specs, PrintWriter out) {
        for (Path f : all(specs)) {
            IterationSpec s = IterationSpec.load(f, Spec.Scale.REAL);
            out.printf(Locale.ROOT, "%-18s %s%n%-18s %d runs (%d models, %d variants, %d seeds); budget: equal updates%n",
                    s.name(), s.title(), "", s.runs().size(), s.models().size(), s.variants().size(), s.seeds().size());
        }
    }

    /** {@code experiment run}: every run without a result, or only the runs named in {@code only}. */
    static int run(Path file, Spec.Scale scale, Path lab, List<String> only, PrintWriter out, PrintWriter err) {
        IterationSpec s = IterationSpec.load(file, scale);
        Set<String> wanted = new LinkedHashSet<>();
        if (only != null) {
            only.forEach(id -> wanted.add(id.strip()));
        }
        int planned = wanted.isEmpty() ? s.runs().size() : wanted.size();
        out.printf(Locale.ROOT, "%s at %s scale: %d runs in %s%n", s.name(), scale.label(), planned,
                lab.resolve(s.name()).resolve(scale.label()));
        out.flush();
        long t0 = System.nanoTime();
        int ran = LatentIteration.run(s, scale, lab, wanted, line -> {
            err.println(line);
            err.flush();
        });
        out.printf(Locale.ROOT, "%d runs finished now, %d had finished before, in %s; 'depthlab experiment report %s%s'"
                + " writes the tables and figures%n", ran, planned - ran,
                Units.clock((System.nanoTime() - t0) / 1e9), s.name(), scale == Spec.Scale.REAL ? "" : " --scale smoke");
        out.flush();
        return 0;
    }

    /** {@code experiment status}: which runs have their result. */
    static int status(Path file, Spec.Scale scale, Path lab, PrintWriter out) {
        IterationSpec s = IterationSpec.load(file, scale);
        IterationReport report = new IterationReport(s, scale, lab);
        out.printf(Locale.ROOT, "%s at %s scale: %d of %d runs finished (in %s)%n", s.name(), scale.label(),
                report.finished(), report.finished() + report.missing(), lab.resolve(s.name()).resolve(scale.label()));
        out.flush();
        return 0;
    }

    /**
     * {@code experiment report}: the tables and figures, into book/ (real) or the experiment's
     * folder (smoke); without a scale, real if any real-scale run finished, else smoke (as for the
     * puzzle experiments).
     */
    static int report(Path file, Spec.Scale asked, Path lab, Path target, PrintWriter out, PrintWriter err) {
        Spec.Scale scale = asked;
        if (scale == null) {
            IterationSpec real = IterationSpec.load(file, Spec.Scale.REAL);
            scale = new IterationReport(real, Spec.Scale.REAL, lab).finished() > 0 ? Spec.Scale.REAL : Spec.Scale.SMOKE;
            if (scale == Spec.Scale.SMOKE) {
                err.println("depthlab: no real-scale run of " + real.name() + " has finished; reporting the smoke-scale"
                        + " runs.");
                err.flush();
            }
        }
        IterationSpec s = IterationSpec.load(file, scale);
        IterationReport report = new IterationReport(s, scale, lab);
        Path where = target != null ? target : scale == Spec.Scale.REAL ? Lab.book()
                : lab.resolve(s.name()).resolve(scale.label()).resolve("report");
        List<Path> written = report.write(where);
        out.printf(Locale.ROOT, "%s: report from %d of %d runs%n", s.name(), report.finished(),
                report.finished() + report.missing());
        for (Path p : written) {
            if (!p.toString().endsWith(".png")) {
                out.println("  " + p);
            }
        }
        out.flush();
        return 0;
    }
}
