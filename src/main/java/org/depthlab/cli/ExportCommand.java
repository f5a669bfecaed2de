package org.depthlab.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.depthlab.BadInputException;
import org.depthlab.interop.Exporter;
import org.depthlab.io.AtomicFiles;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depthlab export --to hrm|trm RUN_DIR --out FILE}: a depthlab HRM or TRM checkpoint as
 * a state dict of the original code, in safetensors; {@code benchmarks/reference/convert_checkpoint.py
 * to-torch} turns it into the file {@code torch.load} and {@code load_state_dict(strict=True)}
 * take ({@link Exporter} says what is written). {@code --config-out} writes the config the
 * original model class needs to build the matching model.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export an HRM or TRM run as a state dict of the original PyTorch code.",
            "An imported run gives back the file it came from (names, order, dtypes); a run",
            "depthlab trained gets the names pretrain.py saves, in F32 unless --dtype."})
final class ExportCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, paramLabel = "CODE", description = "hrm or trm: the code to load FILE")
    private String to;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "a depthlab checkpoint (train or import wrote it)")
    private Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the safetensors file to write")
    private Path out;

    @Option(names = "--dtype", paramLabel = "TYPE",
            description = "f32, bf16, f16 or f64 for every tensor (default: as imported, else f32)")
    private String dtype;

    @Option(names = "--config-out", paramLabel = "FILE",
            description = "also write the model's config (JSON) for the original model class")
    private Path configOut;

    @Option(names = "--force", description = "replace FILE (and the --config-out file) if they exist")
    private boolean force;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DType type = dtype == null ? null : switch (dtype.strip().toLowerCase(Locale.ROOT)) {
            case "f32", "float32" -> DType.F32;
            case "bf16", "bfloat16" -> DType.BF16;
            case "f16", "float16" -> DType.F16;
            case "f64", "float64" -> DType.F64;
            default -> throw new BadInputException("--dtype takes f32, bf16, f16 or f64, not '" + dtype + "'.");
        };
        Overwrites.requireNewFile(out, force);
        if (configOut != null) {
            Overwrites.requireNewFile(configOut, force);
        }
        Exporter.Exported exported = Exporter.export(run, to, type);
        SafeTensors.writeEntries(out, exported.tensors(), exported.metadata());
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.println("exported " + run + " to " + out + ": " + exported.summary().get(0));
        if (configOut != null) {
            try {
                AtomicFiles.writeString(configOut, JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build()
                        .writeValueAsString(exported.modelConfig()) + "\n");
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a tree of strings and numbers always serialises", e);
            }
            stdout.println("  wrote " + configOut + ": the config the original model class builds it from");
        }
        stdout.flush();
        return 0;
    }
}
