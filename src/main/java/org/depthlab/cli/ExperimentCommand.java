package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.experiments.Lab;
import org.depthlab.experiments.Plan;
import org.depthlab.experiments.Report;
import org.depthlab.experiments.RunExecutor;
import org.depthlab.experiments.Spec;
import org.depthlab.experiments.Sweep;
import org.depthlab.experiments.Units;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab experiment}: the lab. An experiment is a spec in {@code book/experiments/}
 * ({@link Spec}); {@code run} trains and evaluates every run of it that has not finished,
 * {@code status} says where each stands, {@code report} writes the tables and figures from
 * whatever finished, and {@code plan} prints the pending runs as command lines or a Slurm job
 * array, to spread a sweep over a cluster.
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
        description = {
            "Run the book's experiments: list, run, status, report, plan.",
            "Specs are in book/experiments/; runs go to runs/lab/<name>/<scale>/; real-scale reports",
            "to book/results/ and book/figures/."},
        subcommands = {ExperimentCommand.ListSpecs.class, ExperimentCommand.RunSweep.class,
            ExperimentCommand.Status.class, ExperimentCommand.MakeReport.class, ExperimentCommand.PlanRuns.class})
final class ExperimentCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where specs and runs are. */
    static final class Folders {
        @Option(names = "--specs", paramLabel = "DIR", description = "the experiment specs (default: book/experiments of the project)")
        Path specs;

        @Option(names = "--dir", paramLabel = "DIR", description = "the lab folder the runs go to (default: runs/lab)")
        Path dir;

        Path specs() {
            return specs != null ? specs : Lab.specs();
        }

        Path dir() {
            return dir != null ? dir : Lab.runs();
        }
    }

    /** An experiment at a scale. */
    static final class Which {
        @Parameters(index = "0", paramLabel = "NAME", description = "the experiment (see 'depthlab experiment list')")
        String name;

        @Option(names = "--scale", defaultValue = "real", paramLabel = "SCALE",
                description = "real (the spec as written) or smoke (a tiny version, a minute or two); default ${DEFAULT-VALUE}")
        String scale;

        Spec.Scale scale() {
            return Spec.Scale.parse(scale);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments and what each compares.")
    static final class ListSpecs implements Callable<Integer> {
        @Mixin
        Folders folders;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            IterationExperiments.list(folders.specs(), out);
            for (Spec s : Spec.list(folders.specs())) {
                int runs = 0;
                for (Spec.DataSpec d : s.data()) {
                    runs += s.modelsOn(d.name()).size() * s.seeds().size();
                }
                out.printf(Locale.ROOT, "%-18s %s%n%-18s %d runs (%s, %s, %s); budget: equal %s%n",
                        s.name(), s.title(), "", runs, count(s.models().size(), "model"), count(s.data().size(), "dataset"),
                        count(s.seeds().size(), "seed"), s.budget().match().name().toLowerCase(Locale.ROOT));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Train and evaluate every run of an experiment that has not finished.",
                "Finished runs are skipped; an interrupted run resumes from its last checkpoint."})
    static final class RunSweep implements Callable<Integer> {
        @Mixin
        Which which;

        @Mixin
        Folders folders;

        @Option(names = "--only", split = ",", paramLabel = "RUN",
                description = "run only these runs (ids as 'status' and 'plan' print them)")
        List<String> only;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path iteration = IterationExperiments.find(folders.specs(), which.name);
            if (iteration != null) {
                return IterationExperiments.run(iteration, which.scale(), folders.dir(), only, out, err);
            }
            Spec s0 = Spec.find(folders.specs(), which.name);
            err.println(s0.name() + ": preparing the runs (datasets, FLOPs per update)...");
            err.flush();
            Plan plan = Plan.resolve(s0, which.scale(), folders.dir());
            List<Plan.Run> runs = plan.runs();
            if (only != null && !only.isEmpty()) {
                runs = new ArrayList<>();
                for (String id : new LinkedHashSet<>(only)) {
                    runs.add(plan.run(id.strip()));
                }
            }
            out.printf(Locale.ROOT, "%s at %s scale: %d runs in %s%n", plan.spec().name(), plan.scale().label(),
                    runs.size(), plan.root());
            out.flush();
            SweepProgress progress = SweepProgress.of(err);
            Sweep.Summary s;
            try {
                s = new Sweep(plan, new RunExecutor(), System::nanoTime).run(runs, progress);
            } finally {
                progress.finish();
            }
            out.printf(Locale.ROOT, "%d runs finished now, %d had finished before%s, in %s; 'depthlab experiment report %s%s'"
                    + " writes the tables and figures%n", s.finished(), s.alreadyDone(),
                    s.busy() > 0 ? ", " + s.busy() + " were running in another process" : "", Units.clock(s.seconds()),
                    plan.spec().name(), scaleFlag(plan));
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show which runs of an experiment have finished.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Which which;

        @Mixin
        Folders folders;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path iteration = IterationExperiments.find(folders.specs(), which.name);
            if (iteration != null) {
                return IterationExperiments.status(iteration, which.scale(), folders.dir(), out);
            }
            Plan plan = Plan.resolve(Spec.find(folders.specs(), which.name), which.scale(), folders.dir());
            List<Sweep.RunState> states = Sweep.states(plan);
            long finished = states.stream().filter(s -> s.state() == Sweep.State.FINISHED).count();
            long started = states.stream().filter(s -> s.state() == Sweep.State.STARTED).count();
            out.printf(Locale.ROOT, "%s at %s scale: %d of %d runs finished, %d started, %d pending (in %s)%n",
                    plan.spec().name(), plan.scale().label(), finished, states.size(), started,
                    states.size() - finished - started, plan.root());
            out.printf(Locale.ROOT, "%-34s %10s %12s %10s  %s%n", "run", "updates", "FLOPs/update", "parameters", "state");
            double doneFlops = 0;
            double doneSeconds = 0;
            double leftFlops = 0;
            for (Sweep.RunState s : states) {
                Plan.Run r = s.run();
                String state;
                switch (s.state()) {
                    case FINISHED:
                        state = "finished: exact " + Units.percent(s.result().exact()) + ", cells "
                                + Units.percent(s.result().cells()) + ", trained in " + Units.clock(s.result().trainSeconds());
                        doneFlops += r.trainingFlops();
                        doneSeconds += s.result().trainSeconds();
                        break;
                    case STARTED:
                        state = s.step() > 0 ? "started: checkpoint at update " + s.step() : "started: no checkpoint yet";
                        leftFlops += (r.trainConfig().steps() - s.step()) * (double) r.flops().perUpdate();
                        break;
                    default:
                        state = "pending";
                        leftFlops += r.trainingFlops();
                }
                out.printf(Locale.ROOT, "%-34s %,10d %12s %,10d  %s%n", r.id(), r.trainConfig().steps(),
                        Units.number(r.flops().perUpdate()), r.parameters(), state);
            }
            out.println("Budget: " + plan.budget());
            out.printf(Locale.ROOT, "Training FLOPs: %s in all, %s still to train.%n",
                    Units.number(plan.runs().stream().mapToDouble(r -> (double) r.trainingFlops()).sum()),
                    Units.number(leftFlops));
            if (leftFlops > 0 && doneSeconds > 0) {
                double rate = doneFlops / doneSeconds;
                out.printf(Locale.ROOT, "At the rate of the finished runs (%s FLOPs/s of training), the rest needs about %s"
                        + " of training.%n", Units.number(rate), Units.clock(leftFlops / rate));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = {"Write an experiment's tables and figures from the runs that finished, wherever they ran.",
                "Real scale: book/results/<name>.{json,md} and book/figures/<name>-*.svg (and .png)."})
    static final class MakeReport implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "the experiment")
        String name;

        @Option(names = "--scale", paramLabel = "SCALE",
                description = "real or smoke (default: real if any real-scale run finished, else smoke)")
        String scale;

        @Mixin
        Folders folders;

        @Option(names = "--from", paramLabel = "DIR",
                description = "also take finished runs from this folder (runs made elsewhere); repeatable")
        List<Path> from = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR",
                description = "write results/ and figures/ here (default: book/ for real scale, the experiment's folder for smoke)")
        Path out;

        @Option(names = "--force", description = "replace a report made from more runs than this one")
        boolean force;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path iteration = IterationExperiments.find(folders.specs(), name);
            if (iteration != null) {
                return IterationExperiments.report(iteration, scale == null ? null : Spec.Scale.parse(scale),
                        folders.dir(), out, stdout, err);
            }
            Spec s = Spec.find(folders.specs(), name);
            Spec.Scale chosen;
            if (scale != null) {
                chosen = Spec.Scale.parse(scale);
            } else if (anyResult(Plan.root(folders.dir(), name, Spec.Scale.REAL)) || !from.isEmpty()) {
                chosen = Spec.Scale.REAL;
            } else if (anyResult(Plan.root(folders.dir(), name, Spec.Scale.SMOKE))) {
                chosen = Spec.Scale.SMOKE;
                err.println("depthlab: no real-scale run of " + name + " has finished; reporting the smoke-scale runs.");
            } else {
                throw new BadInputException("no run of " + name + " has finished in " + folders.dir() + "; run 'depthlab"
                        + " experiment run " + name + "' (or with --scale smoke) first.");
            }
            Plan plan = Plan.resolve(s, chosen, folders.dir());
            Report report = Report.collect(plan, from);
            Path target = out != null ? out : chosen == Spec.Scale.REAL ? Lab.book() : plan.root().resolve("report");
            Report.Written w = report.write(target, force);
            stdout.printf(Locale.ROOT, "%s: report from %d of %d runs%s%s%n", name, report.finished(), plan.runs().size(),
                    report.missing().isEmpty() ? "" : " (" + report.missing().size() + " not finished)",
                    report.stale() > 0 ? "; " + report.stale() + " results of an older version of the spec ignored" : "");
            stdout.println("  " + w.markdown());
            stdout.println("  " + w.json());
            stdout.printf(Locale.ROOT, "  %d figures in %s (SVG and PNG)%n", w.figures().size() / 2,
                    w.figures().isEmpty() ? target.resolve("figures") : w.figures().get(0).getParent());
            stdout.flush();
            return 0;
        }

        private static boolean anyResult(Path root) {
            Path runs = root.resolve("runs");
            if (!Files.isDirectory(runs)) {
                return false;
            }
            try (var dirs = Files.list(runs)) {
                return dirs.anyMatch(d -> Files.isRegularFile(d.resolve("result.json")));
            } catch (java.io.IOException e) {
                return false;
            }
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Print every pending run as a standalone command, or as a Slurm job-array script.",
                "Each command runs one run into the experiment's folder; 'report' then merges them."})
    static final class PlanRuns implements Callable<Integer> {
        @Mixin
        Which which;

        @Mixin
        Folders folders;

        @Option(names = "--format", defaultValue = "commands", paramLabel = "FORMAT",
                description = "commands (one line per run) or slurm (a job-array script); default ${DEFAULT-VALUE}")
        String format;

        @Option(names = "--time", paramLabel = "H:MM:SS", description = "slurm: the time limit of each array task")
        String time;

        @Option(names = "--all", description = "every run, not only those without a result")
        boolean all;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String f = format.strip().toLowerCase(Locale.ROOT);
            if (!f.equals("commands") && !f.equals("slurm")) {
                throw new BadInputException("--format must be commands or slurm, not '" + format + "'.");
            }
            if (time != null && !time.matches("(\\d+-)?\\d{1,3}:\\d{2}(:\\d{2})?")) {
                throw new BadInputException("--time must look like 2:00:00 (hours:minutes:seconds), not '" + time + "'.");
            }
            if (IterationExperiments.find(folders.specs(), which.name) != null) {
                throw new BadInputException(which.name + " runs in one process ('depthlab experiment run " + which.name
                        + "'); plan spreads the puzzle experiments.");
            }
            Plan plan = Plan.resolve(Spec.find(folders.specs(), which.name), which.scale(), folders.dir());
            List<Plan.Run> pending = new ArrayList<>();
            for (Sweep.RunState s : Sweep.states(plan)) {
                if (all || s.state() != Sweep.State.FINISHED) {
                    pending.add(s.run());
                }
            }
            String base = launcher() + " experiment run " + plan.spec().name() + scaleFlag(plan) + " --dir "
                    + quote(folders.dir().toAbsolutePath().normalize().toString())
                    + (folders.specs != null ? " --specs " + quote(folders.specs.toAbsolutePath().normalize().toString()) : "");
            PrintWriter out = spec.commandLine().getOut();
            if (f.equals("commands")) {
                for (Plan.Run r : pending) {
                    out.println(base + " --only " + r.id());
                }
            } else {
                out.print(slurm(plan, pending, base));
            }
            out.flush();
            return 0;
        }

        private String slurm(Plan plan, List<Plan.Run> runs, String base) {
            StringBuilder b = new StringBuilder("#!/bin/bash\n");
            String name = plan.spec().name();
            // Slurm opens the output file before the task starts, so it goes into the experiment's folder,
            // which resolving the plan has made (it holds the datasets).
            Path logs = plan.root().toAbsolutePath().normalize();
            b.append("# ").append(name).append(" at ").append(plan.scale().label()).append(" scale: one array task per")
                    .append(" run without a result (").append(runs.size()).append(" of ").append(plan.runs().size())
                    .append(").\n# Made by 'depthlab experiment plan ").append(name).append(scaleFlag(plan))
                    .append(" --format slurm'. Each task trains and evaluates one run into\n# ")
                    .append(plan.root().toAbsolutePath().normalize()).append("/runs/; a task that is")
                    .append(" preempted and requeued resumes from its checkpoint.\n")
                    .append("# Submit: sbatch THIS_FILE   Then: depthlab experiment report ").append(name)
                    .append(scaleFlag(plan)).append('\n');
            b.append("#SBATCH --job-name=depthlab-").append(name).append('\n');
            b.append("#SBATCH --array=0-").append(Math.max(0, runs.size() - 1)).append('\n');
            b.append("#SBATCH --cpus-per-task=2\n");
            b.append("#SBATCH --mem=4G\n");
            b.append(time != null ? "#SBATCH --time=" + time + "\n" : "# #SBATCH --time=2:00:00   (set your cluster's limit)\n");
            b.append("#SBATCH --requeue\n");
            b.append("#SBATCH --output=").append(logs).append("/slurm-%A_%a.out\n\n");
            b.append("set -euo pipefail\nruns=(\n");
            for (Plan.Run r : runs) {
                b.append("  ").append(r.id()).append('\n');
            }
            b.append(")\n");
            b.append("exec ").append(base).append(" --only \"${runs[$SLURM_ARRAY_TASK_ID]}\"\n");
            return b.toString();
        }

        /** The launcher by its absolute path when the project's is at hand, so that jobs run from any folder. */
        private static String launcher() {
            Path script = Lab.projectRoot().resolve("depthlab");
            return System.getenv("DEPTHLAB_HOME") != null && Files.isExecutable(script)
                    ? quote(script.toAbsolutePath().normalize().toString()) : "depthlab";
        }
    }

    /** "1 seed", "3 seeds". */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String scaleFlag(Plan plan) {
        return plan.scale() == Spec.Scale.REAL ? "" : " --scale " + plan.scale().label();
    }

    /** A path as one shell word. */
    static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:+=@%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
