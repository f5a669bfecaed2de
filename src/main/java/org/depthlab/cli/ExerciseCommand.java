package org.depthlab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Grader;
import org.depthlab.exercises.SandboxUnavailableException;
import org.depthlab.exercises.Submission;
import org.depthlab.exercises.Verdict;
import org.depthlab.io.IoErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab exercise list} and {@code depthlab exercise check ID [--file F | --answer A]}:
 * the exercises of {@code exercises/} and the grader the site uses, on the command line. A
 * Java exercise is graded in the same sandbox as on the site, so the verdict is the one the
 * site would give.
 */
@Command(name = "exercise",
        mixinStandardHelpOptions = true,
        description = "List the exercises, show one with its hints, or grade a solution locally as the site would.",
        subcommands = {ExerciseCommand.ListExercises.class, ExerciseShow.Show.class, ExerciseShow.Hints.class,
            ExerciseCommand.Check.class, CommandLine.HelpCommand.class})
final class ExerciseCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the exercises are: the option's folder, else ./exercises, else the one beside depthlab's build. */
    static Path exercisesFolder(Path option) {
        if (option != null) {
            if (!Files.exists(option)) {
                throw IoErrors.missing(option);
            }
            if (!Files.isDirectory(option)) {
                throw new BadInputException("the exercises folder " + option + " is a file, not a folder.");
            }
            return option;
        }
        return Catalog.defaultRoot();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the exercises: id, kind, chapter and title.")
    static final class ListExercises implements Runnable {

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises folder (default: ./exercises)")
        private Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            Catalog catalog = Catalog.load(exercisesFolder(exercises));
            if (catalog.all().isEmpty()) {
                out.println("no exercises in " + catalog.root());
            }
            int width = catalog.all().stream().mapToInt(e -> e.id().length()).max().orElse(2);
            for (Exercise e : catalog.all()) {
                out.println(String.format("%-" + width + "s  %-7s  %-18s  %s", e.id(), e.kind().label(), e.chapter(), e.title()));
            }
            out.flush();
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Grade a solution to an exercise and print the verdict.",
                "Java: --file is the source (default: the exercise's starter, which fails).",
                "Numeric and choice: --answer is the answer."})
    static final class Check implements java.util.concurrent.Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "the exercise's id (see 'depthlab exercise list')")
        private String id;

        @Option(names = "--file", paramLabel = "F", description = "the source file to grade (java exercises)")
        private Path file;

        @Option(names = "--answer", paramLabel = "A", description = "the answer (numeric and choice exercises)")
        private String answer;

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises folder (default: ./exercises)")
        private Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Exercise e = Catalog.load(exercisesFolder(exercises)).get(id);
            Submission submission = submission(e);
            Verdict v;
            try (Grader grader = Grader.create()) {
                v = grader.grade(e, submission);
            } catch (SandboxUnavailableException ex) {
                throw new BadInputException(ex.getMessage(), ex);
            }
            PrintWriter out = spec.commandLine().getOut();
            print(out, e, v);
            out.flush();
            return v.passed() ? 0 : 1;
        }

        private Submission submission(Exercise e) {
            if (e.kind() != Exercise.Kind.JAVA) {
                if (file != null) {
                    throw new BadInputException(e.id() + " is a " + e.kind().label() + " exercise: give --answer, not --file.");
                }
                if (answer == null) {
                    throw new BadInputException(e.id() + " is a " + e.kind().label() + " exercise: give the answer with --answer.");
                }
                return Submission.answer(answer);
            }
            if (answer != null) {
                throw new BadInputException(e.id() + " is a java exercise: give the source with --file, not --answer.");
            }
            Map<String, String> files = new LinkedHashMap<>();
            if (file != null) {
                String name = file.getFileName().toString();
                String target = e.files().contains(name) ? name : e.files().size() == 1 ? e.files().get(0) : null;
                if (target == null) {
                    throw new BadInputException(file + " is not one of the files of " + e.id() + ": " + String.join(", ", e.files()) + ".");
                }
                try {
                    files.put(target, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException ex) {
                    throw IoErrors.cannotRead(file, ex);
                }
            }
            return Submission.code(files);
        }
    }

    /** The verdict as a student reads it: status and summary, the tests one per line, then the detail. */
    static void print(PrintWriter out, Exercise e, Verdict v) {
        out.println(e.id() + ": " + v.status().words().toUpperCase(java.util.Locale.ROOT) + " — " + v.summary());
        if (!v.tests().isEmpty()) {
            out.println();
            for (Verdict.TestResult t : v.tests()) {
                out.println("  " + (t.passed() ? "pass  " : "FAIL  ") + t.name()
                        + (t.passed() || t.message().isEmpty() ? "" : "  — " + t.message()));
            }
        }
        if (!v.detail().isBlank()) {
            out.println();
            v.detail().lines().forEach(l -> out.println("  " + l));
        }
    }
}
