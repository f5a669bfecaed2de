package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.experiments.Spec;
import org.depthlab.experiments.Studies;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab study}: the two studies the lab's specs cannot express — {@code consolidation}
 * (chapter 12: recall models on fact chains, against sleep passes) and {@code modularity}
 * (chapter 13: masks over a trained model, and what ablating them breaks). {@code run} trains
 * and measures everything of a study and writes its results, report and figures; {@code
 * report} prints the report of results already written (the book's, by default).
 */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = {"Run the consolidation and modularity studies (chapters 12 and 13): list, run, report.",
            "Settings are in book/studies/; real-scale results go to book/results/ and book/figures/."},
        subcommands = {StudyCommand.ListStudies.class, StudyCommand.RunStudy.class, StudyCommand.ReportStudy.class})
final class StudyCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the studies and what each measures.")
    static final class ListStudies implements Callable<Integer> {
        @Option(names = "--specs", paramLabel = "DIR", description = "the study settings (default: book/studies of the project)")
        Path specs;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            for (String name : Studies.NAMES) {
                String[] about = Studies.about(specs != null ? specs : Studies.specs(), name);
                out.printf(Locale.ROOT, "%-14s %s%n", name, about[0]);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Train and measure everything of a study, and write its results, report and figures.",
                "Under --out: results/NAME.json and .md, figures/NAME-*.svg (default: the book for real scale,",
                "runs/study/NAME-smoke for smoke)."})
    static final class RunStudy implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "consolidation or modularity")
        String name;

        @Option(names = "--scale", defaultValue = "real", paramLabel = "SCALE",
                description = "real (the book's numbers) or smoke (a tiny version, seconds); default ${DEFAULT-VALUE}")
        String scale;

        @Option(names = "--specs", paramLabel = "DIR", description = "the study settings (default: book/studies of the project)")
        Path specs;

        @Option(names = "--out", paramLabel = "DIR", description = "where results/ and figures/ go")
        Path out;

        @Option(names = "--force", description = "replace results already there")
        boolean force;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Studies.require(name);
            Spec.Scale s = Spec.Scale.parse(scale);
            Path dir = out != null ? out : Studies.defaultOut(name, s);
            Path from = specs != null ? specs : Studies.specs();
            PrintWriter err = spec.commandLine().getErr();
            java.util.function.Consumer<String> log = line -> {
                err.println(line);
                err.flush();
            };
            String report = Studies.runAndWrite(name, from, s, dir, force, log);
            PrintWriter o = spec.commandLine().getOut();
            o.print(report);
            o.println("written to " + Studies.resultsFile(dir, name).getParent() + " and " + dir.resolve("figures"));
            o.flush();
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Print the report of a study's results (default: the book's, in book/results/).",
                "With --write --force, also write its report and figures again from the results alone."})
    static final class ReportStudy implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "consolidation or modularity")
        String name;

        @Option(names = "--dir", paramLabel = "DIR", description = "the folder holding results/ (default: book/)")
        Path dir;

        @Option(names = "--write", description = "write results/NAME.md and figures/NAME-*.svg again (needs --force)")
        boolean write;

        @Option(names = "--force", description = "with --write: replace the report and figures there")
        boolean force;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Studies.require(name);
            Path from = dir != null ? dir : org.depthlab.experiments.Lab.book();
            if (write && !force) {
                throw new org.depthlab.BadInputException("--write replaces the report and figures of " + name
                        + "; add --force to do it.");
            }
            String report = write ? Studies.rewrite(name, from) : Studies.reportFrom(name, from);
            PrintWriter o = spec.commandLine().getOut();
            o.print(report);
            o.flush();
            return 0;
        }
    }
}
