package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.experiments.MetricsLog;
import org.depthlab.interop.Importer;
import org.depthlab.io.IoErrors;
import org.depthlab.train.Checkpoint;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab import --from hrm|trm SOURCE --config CONFIG --out DIR}: a checkpoint of the
 * original HRM or TRM code becomes a depthlab checkpoint, which {@code eval}, {@code solve},
 * {@code export} and the rest take like one that depthlab trained ({@link Importer} says what
 * maps and what is refused). SOURCE is safetensors: {@code benchmarks/reference/convert_checkpoint.py
 * to-safetensors} converts the {@code step_N} file that the original {@code pretrain.py} saves.
 *
 * <p>Nothing is written before the whole source has been checked; an existing run in DIR is
 * kept unless {@code --force}; every file is written to a temporary name and renamed.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a checkpoint of the original HRM or TRM code as a depthlab run.",
            "SOURCE: its state dict as safetensors (convert a torch.save file with",
            "benchmarks/reference/convert_checkpoint.py); CONFIG: its all_config.yaml,",
            "arch YAML or model JSON. Every key must map onto the model CONFIG describes."})
final class ImportCommand implements Callable<Integer> {

    @Option(names = "--from", required = true, paramLabel = "CODE", description = "hrm or trm: the code that wrote SOURCE")
    private String from;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "the state dict, as safetensors")
    private Path source;

    @Option(names = "--config", required = true, paramLabel = "CONFIG",
            description = "the run's all_config.yaml, its arch YAML, or the model's config JSON")
    private Path config;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the depthlab run to write")
    private Path out;

    @Option(names = "--task", paramLabel = "NAME",
            description = "the task the model was trained on, e.g. sudoku9 (default: the one its vocabulary fits)")
    private String task;

    @Option(names = "--puzzle-id", paramLabel = "K",
            description = "the row of a puzzle-embedding table with several identifiers (ARC) to keep")
    private Integer puzzleId;

    @Option(names = "--force", description = "replace a run already in DIR")
    private boolean force;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (Path p : new Path[] {source, config}) {
            if (!Files.exists(p)) {
                throw IoErrors.missing(p);
            }
        }
        String[] runFiles = {Checkpoint.CONFIG_FILE, Checkpoint.MODEL_FILE, Checkpoint.TRAINING_FILE, MetricsLog.FILE,
            "original.safetensors"};
        Overwrites.requireEmptyFolder(out, force, "a run: --force replaces it", runFiles);
        Importer.Imported imported = Importer.read(from, source, config, task, puzzleId);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException(out + " is a file; --out takes a folder here."); // --force skips the check above
        }
        if (force) {
            Overwrites.remove(out, runFiles);
        }
        imported.write(out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("imported " + imported.summary().get(0));
        imported.summary().stream().skip(1).forEach(stdout::println);
        stdout.println("  wrote " + out + ": " + Checkpoint.MODEL_FILE + ", " + Checkpoint.CONFIG_FILE
                + ", original.safetensors (what export needs to give the original code its file back)");
        stdout.flush();
        PrintWriter err = spec.commandLine().getErr();
        imported.notes().forEach(n -> err.println("note: " + n));
        err.flush();
        return 0;
    }
}
