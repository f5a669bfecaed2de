package org.depthlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.GradescopeResults;
import org.depthlab.exercises.Grader;
import org.depthlab.exercises.SandboxUnavailableException;
import org.depthlab.exercises.Submission;
import org.depthlab.exercises.Verdict;
import org.depthlab.io.IoErrors;
import org.depthlab.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab exercise list} and {@code depthlab exercise check ID [--file F… | --answer A]
 * [--format results-json]}: the exercises of {@code exercises/} and the grader the site uses,
 * on the command line. A Java exercise is graded in the same sandbox as on the site, so the
 * verdict is the one the site would give; {@code --format results-json} also writes it as
 * Gradescope's {@code results.json} ({@link GradescopeResults}).
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
                "Java: --file is a source file (repeat it for each file; the exercise's starter stands in for a file not given).",
                "Numeric and choice: --answer is the answer.",
                "--format results-json also writes the verdict as Gradescope's results.json, for an autograder."})
    static final class Check implements java.util.concurrent.Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "the exercise's id (see 'depthlab exercise list')")
        private String id;

        @Option(names = "--file", paramLabel = "F", description = "a source file to grade (java exercises; repeatable)")
        private List<Path> files = new ArrayList<>();

        @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
                description = "text (default), or results-json: the verdict is also written as Gradescope's results.json "
                        + "(each hidden test's name and status; the hidden tests' messages are left out)")
        private String format;

        @Option(names = "--output", paramLabel = "FILE", defaultValue = "results.json",
                description = "where --format results-json writes (default ${DEFAULT-VALUE})")
        private Path output;

        @Option(names = "--force", description = "replace the --output file if it exists")
        private boolean force;

        @Option(names = "--answer", paramLabel = "A", description = "the answer (numeric and choice exercises)")
        private String answer;

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises folder (default: ./exercises)")
        private Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!format.equals("text") && !format.equals("results-json")) {
                throw new BadInputException("--format takes text or results-json, not '" + format + "'.");
            }
            boolean json = format.equals("results-json");
            if (json && Files.exists(output) && !force) {
                throw new BadInputException(output + " exists already; give --force to replace it, or --output another file.");
            }
            Exercise e = Catalog.load(exercisesFolder(exercises)).get(id);
            Submission submission = submission(e);
            Verdict v;
            long started = System.nanoTime();
            try (Grader grader = Grader.create()) {
                v = grader.grade(e, submission);
            } catch (SandboxUnavailableException ex) {
                throw new BadInputException(ex.getMessage(), ex);
            }
            PrintWriter out = spec.commandLine().getOut();
            print(out, e, v);
            if (json) {
                ObjectNode results = GradescopeResults.of(e, v, Duration.ofNanos(System.nanoTime() - started));
                try {
                    AtomicFiles.writeString(output, new ObjectMapper().writerWithDefaultPrettyPrinter()
                            .writeValueAsString(results) + "\n");
                } catch (JsonProcessingException ex) {
                    throw new IllegalStateException("cannot write the results as JSON", ex);
                }
                out.println();
                out.println("results written to " + output + " (Gradescope's results.json)");
            }
            out.flush();
            return v.passed() ? 0 : 1;
        }

        private Submission submission(Exercise e) {
            if (e.kind() != Exercise.Kind.JAVA) {
                if (!files.isEmpty()) {
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
            Map<String, String> sources = new LinkedHashMap<>();
            for (Path file : files) {
                String name = file.getFileName().toString();
                String target = e.files().contains(name) ? name : e.files().size() == 1 ? e.files().get(0) : null;
                if (target == null) {
                    throw new BadInputException(file + " is not one of the files of " + e.id() + ": " + String.join(", ", e.files()) + ".");
                }
                if (sources.containsKey(target)) {
                    throw new BadInputException("two files were given for " + target + " of " + e.id() + ".");
                }
                try {
                    sources.put(target, Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException ex) {
                    throw IoErrors.cannotRead(file, ex);
                }
            }
            return Submission.code(sources);
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
