package org.depthlab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depthlab tour}: a first look at the library, one {@link TourPart} after another —
 * a gradient check, a block learning a toy task, what a block costs, and the book's models
 * at work on puzzles. Exit code 1 if any part fails to show what it sets out to show.
 */
@Command(name = "tour", mixinStandardHelpOptions = true,
        description = "A first look: a gradient check, a block learning, what it costs, reasoners on puzzles.")
public final class TourCommand implements Callable<Integer> {

    /** The parts, in the order the reader meets them. */
    static List<TourPart> parts() {
        return List.of(new TourGradientCheck(), new TourShift(), new TourCost(), new TourSudoku(),
                new TourRetraction());
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--steps", defaultValue = "200",
            description = "Training steps for the toy task (default: ${DEFAULT-VALUE}).")
    private int steps;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new BadInputException("--steps must be at least 1, got " + steps);
        }
        PrintWriter out = spec.commandLine().getOut();
        TourPart.Context context = new TourPart.Context(out, spec.commandLine().getErr(), seed, steps);
        boolean all = true;
        int number = 1;
        for (TourPart part : parts()) {
            String heading = number++ + ". " + part.title();
            out.println();
            out.println(heading);
            out.println("-".repeat(heading.length()));
            out.flush();
            all &= part.run(context);
        }
        out.println();
        out.println(all ? "Tour complete. Next: mvn -B verify runs every check above as a test."
                : "Tour finished with a failure (see above).");
        out.flush();
        return all ? 0 : 1;
    }
}
