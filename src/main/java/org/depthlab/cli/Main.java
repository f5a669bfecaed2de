package org.depthlab.cli;

import java.io.PrintWriter;
import org.depthlab.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code depthlab} command line: one picocli command with a subcommand per task.
 *
 * <p>Exit codes: 0 success; 1 a claim or check failed, or a bug (with its stack trace);
 * 2 bad input (an unknown flag, a malformed puzzle, a corrupt file) — one line, no stack trace.
 */
@Command(name = "depthlab",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = {
            "Computational depth in neural reasoning: flat recurrence, HRM, TRM and",
            "autoregressive decoding, from scratch in float64 Java.",
            "",
            "Start with 'depthlab tour'."},
        subcommands = {TourCommand.class, GenerateCommand.class, SolveCommand.class, TrainCommand.class,
            EvalCommand.class, InspectCommand.class, ImportCommand.class, ExportCommand.class, ClaimsCommand.class,
            ExerciseCommand.class,
            ServeCommand.class, BookCommand.class, ExperimentCommand.class, PlotCommand.class,
            RunsCommand.class, IterateCommand.class, StudyCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for input a user can fix. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams and returns the exit code (for tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr().println("depthlab: " + e.getMessage() + " (see '"
                    + failed.getCommandSpec().qualifiedName() + " --help')");
            failed.getErr().flush();
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof BadInputException) {
                commandLine.getErr().println("depthlab: " + e.getMessage());
                commandLine.getErr().flush();
                return BAD_INPUT;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"depthlab " + (v == null ? "development" : v)};
        }
    }
}
