package org.depthlab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.io.SafeTensorsListing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab inspect FILE.safetensors…}: what a weights file holds — each tensor's name,
 * dtype, shape and number of values, then the file's metadata — the quickest way to see
 * whether a checkpoint is the one a model expects, or what a PyTorch export contains.
 *
 * <p>Every dtype of the format is listed, those depthlab does not read as numbers too (8-bit
 * floats, complex): the listing comes from the header alone ({@link SafeTensors#list}), which is
 * checked completely; a corrupt file ends the command with one line on stderr and exit code 2.
 */
@Command(name = "inspect",
        mixinStandardHelpOptions = true,
        description = "List the tensors (name, dtype, shape, values) and metadata of safetensors files.")
final class InspectCommand implements Runnable {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "safetensors files to list")
    private List<Path> files = new ArrayList<>();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (int i = 0; i < files.size(); i++) {
            if (i > 0) {
                out.println();
            }
            print(out, files.get(i), SafeTensors.list(files.get(i)));
            out.flush();
        }
    }

    /** A header line, an aligned table of tensors, and the metadata if there is any. */
    static void print(PrintWriter out, Path file, SafeTensorsListing content) {
        long values = 0;
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"name", "dtype", "shape", "values"});
        for (SafeTensorsListing.Entry e : content.tensors()) {
            rows.add(new String[] {printable(e.name()), e.dtype().name(), SafeTensorsFile.shapeText(e.shape()),
                Long.toString(e.size())});
            values += e.size();
        }
        int tensors = content.tensors().size();
        out.println(file + ": " + tensors + (tensors == 1 ? " tensor, " : " tensors, ") + values
                + (values == 1 ? " value" : " values"));
        if (tensors > 0) {
            int[] widths = new int[4];
            for (String[] row : rows) {
                for (int c = 0; c < row.length; c++) {
                    widths[c] = Math.max(widths[c], row[c].length());
                }
            }
            for (String[] row : rows) {
                out.println(String.format("  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2]
                        + "s  %" + widths[3] + "s", (Object[]) row).stripTrailing());
            }
        }
        if (!content.metadata().isEmpty()) {
            out.println("  metadata:");
            for (Map.Entry<String, String> m : content.metadata().entrySet()) {
                out.println("    " + printable(m.getKey()) + ": " + printable(m.getValue()));
            }
        }
    }

    /** Control characters (a newline in a name) escaped, so that one entry stays on one line. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                b.append(String.format("\\u%04x", c));
            } else {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }
}
