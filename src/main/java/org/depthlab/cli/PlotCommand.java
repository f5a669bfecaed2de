package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.experiments.Figure;
import org.depthlab.experiments.PngCanvas;
import org.depthlab.experiments.RunsTable;
import org.depthlab.experiments.SvgCanvas;
import org.depthlab.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab plot RUN_DIR…}: the learning curves of one or more runs in one figure — the
 * held-out exact (or cell) accuracy of every evaluation in their {@code metrics.jsonl},
 * against updates or training FLOPs — written as SVG with a PNG beside it.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Plot the learning curves of one or more runs in one figure (SVG and PNG).",
            "Held-out exact or cell accuracy against updates or training FLOPs."})
final class PlotCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run folders (with config.json and metrics.jsonl)")
    private List<Path> dirs;

    @Option(names = "--out", defaultValue = "learning-curves.svg", paramLabel = "FILE",
            description = "the SVG to write; the PNG goes beside it (default ${DEFAULT-VALUE})")
    private Path out;

    @Option(names = "--x", defaultValue = "updates", paramLabel = "AXIS", description = "updates or flops (default ${DEFAULT-VALUE})")
    private String x;

    @Option(names = "--metric", defaultValue = "exact", paramLabel = "METRIC", description = "exact or cells (default ${DEFAULT-VALUE})")
    private String metric;

    @Option(names = "--force", description = "replace the files if they exist")
    private boolean force;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String axis = x.strip().toLowerCase(Locale.ROOT);
        String m = metric.strip().toLowerCase(Locale.ROOT);
        if (!axis.equals("updates") && !axis.equals("flops")) {
            throw new BadInputException("--x must be updates or flops, not '" + x + "'.");
        }
        if (!m.equals("exact") && !m.equals("cells")) {
            throw new BadInputException("--metric must be exact or cells, not '" + metric + "'.");
        }
        String file = out.getFileName().toString();
        if (!file.endsWith(".svg")) {
            throw new BadInputException("--out must name an .svg file, not " + out + ".");
        }
        Path png = out.resolveSibling(file.substring(0, file.length() - 4) + ".png");
        for (Path p : List.of(out, png)) {
            if (!force && Files.exists(p)) {
                throw new BadInputException(p + " exists; pass --force to replace it.");
            }
        }
        List<RunsTable.Row> rows = new ArrayList<>();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                throw new BadInputException(d + " is not a folder.");
            }
            RunsTable.Row r = RunsTable.row(d, d.getFileName() == null ? d.toString() : d.getFileName().toString());
            if (r.problem() != null) {
                throw new BadInputException(d + " is not a run that can be read: " + r.problem());
            }
            if (r.curve().isEmpty()) {
                throw new BadInputException(d + " has no held-out evaluation in its metrics.jsonl to plot (train with"
                        + " --test).");
            }
            rows.add(r);
        }
        Figure figure = RunsTable.curves(rows, axis.equals("flops"), m.equals("exact"));
        Path parent = out.toAbsolutePath().getParent();
        AtomicFiles.createDirectories(parent);
        AtomicFiles.writeString(out, SvgCanvas.render(figure));
        byte[] bytes = PngCanvas.render(figure);
        AtomicFiles.write(png, o -> o.write(bytes));
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%d runs plotted into %s and %s%n", rows.size(), out, png);
        stdout.flush();
        return 0;
    }
}
