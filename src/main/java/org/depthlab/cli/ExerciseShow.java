package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.BadInputException;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;
import org.depthlab.site.Markdown;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab exercise show ID} and {@code depthlab exercise hints ID}: an exercise as the
 * site shows it, in the terminal — its title, kind and chapter, the instructions, and what an
 * answer looks like (the options of a choice exercise, the unit of a numeric one, the starter
 * of a Java one); and its hints, which the site reveals one at a time.
 */
final class ExerciseShow {

    private ExerciseShow() {
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print an exercise as the site shows it.",
                "Its instructions, and its options (choice), unit (numeric) or starter files (java)."})
    static final class Show implements Runnable {

        @Parameters(paramLabel = "ID", description = "the exercise's id (see 'depthlab exercise list')")
        private String id;

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises folder (default: ./exercises)")
        private Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Exercise e = Catalog.load(ExerciseCommand.exercisesFolder(exercises)).get(id);
            PrintWriter out = spec.commandLine().getOut();
            out.println(e.title());
            out.println("A " + e.kind().label() + " exercise of chapter " + e.chapter() + ".");
            out.println();
            out.println(Markdown.withoutTitle(e.instructions()).strip());
            out.println();
            switch (e.kind()) {
                case CHOICE -> {
                    out.println("Options:");
                    for (Exercise.Option o : e.options()) {
                        out.println("  " + o.key() + ") " + o.text());
                    }
                    out.println();
                    out.println("Answer with: depthlab exercise check " + e.id() + " --answer KEY");
                }
                case NUMERIC -> out.println("The answer is a number" + (e.unit().isEmpty() ? "" : " (" + e.unit() + ")")
                        + ". Answer with: depthlab exercise check " + e.id() + " --answer NUMBER");
                case JAVA -> {
                    for (String f : e.files()) {
                        out.println("Starter " + f + " (" + e.dir().resolve("starter").resolve(f) + "):");
                        out.println();
                        e.starter(f).lines().forEach(l -> out.println("    " + l));
                        out.println();
                    }
                    out.println("Grade it with: depthlab exercise check " + e.id() + " --file " + e.files().get(0));
                }
            }
            int hints = e.hints().size();
            out.println(hints == 0 ? "This exercise has no hints."
                    : hints + (hints == 1 ? " hint" : " hints") + ": depthlab exercise hints " + e.id() + " [N]");
            out.flush();
        }
    }

    @Command(name = "hints", mixinStandardHelpOptions = true,
            description = {"Print an exercise's hints.",
                "The first N of them (default: all); the site reveals them one at a time."})
    static final class Hints implements Runnable {

        @Parameters(index = "0", paramLabel = "ID", description = "the exercise's id")
        private String id;

        @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "how many hints to show")
        private Integer count;

        @Option(names = "--exercises", paramLabel = "DIR", description = "the exercises folder (default: ./exercises)")
        private Path exercises;

        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            Exercise e = Catalog.load(ExerciseCommand.exercisesFolder(exercises)).get(id);
            List<String> hints = e.hints();
            if (count != null && count < 1) {
                throw new BadInputException("N must be at least 1, not " + count + ".");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (hints.isEmpty()) {
                out.println(e.id() + " has no hints.");
            }
            int shown = count == null ? hints.size() : Math.min(count, hints.size());
            for (int i = 0; i < shown; i++) {
                out.println("Hint " + (i + 1) + " of " + hints.size() + ":");
                hints.get(i).lines().forEach(l -> out.println("  " + l));
                out.println();
            }
            out.flush();
        }
    }
}
