package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.depthlab.experiments.RunsTable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab runs [DIR]}: a table of every training run under a folder — model,
 * parameters, updates, training FLOPs, wall time, final exact and cell accuracy.
 */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = {"List the training runs under a folder in one table.",
            "Model, parameters, updates, training FLOPs, wall time, and the last held-out exact and cell accuracy."})
final class RunsCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", defaultValue = "runs", paramLabel = "DIR",
            description = "the folder to look in, sub-folders included (default ${DEFAULT-VALUE})")
    private Path dir;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var rows = RunsTable.of(dir);
        if (rows.isEmpty()) {
            out.println("no training runs under " + dir + " (a run is a folder with a checkpoint's config.json)");
        } else {
            out.print(RunsTable.format(rows));
        }
        out.flush();
        return 0;
    }
}
