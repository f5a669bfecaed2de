package org.depthlab.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.tensor.Tensor;
import org.depthlab.train.Checkpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export puts the model's puzzle embedding back into the row of the table it was imported from,
 * whatever has happened to it since, and leaves the other identifiers' rows as they were;
 * {@code --dtype} rounds every tensor to the type asked for.
 */
class ExporterTest {

    @TempDir
    Path dir;

    @Test
    void aChangedPuzzleEmbeddingGoesBackIntoItsRowAndTheOtherRowsStay() {
        Path fixture = OriginalEquivalenceTest.Fixture.folder("hrm");
        Importer.Imported imported = Importer.read("hrm", fixture.resolve("checkpoint.safetensors"),
                fixture.resolve("config.yaml"), "sudoku4", 1);
        Tensor row = imported.model().parameters().stream().filter(t -> t.name().equals("puzzle_emb.weight"))
                .findFirst().orElseThrow();
        for (int i = 0; i < row.cols(); i++) {
            row.value().data[i] = 100 + i; // as if trained further
        }
        Path run = dir.resolve("run");
        imported.write(run);

        Exporter.Exported exported = Exporter.export(run, "hrm", null);
        String key = StateDictNames.PRETRAIN_PREFIX + StateDictNames.PUZZLE_TABLE;
        SafeTensorsFile.Entry table = exported.tensors().stream().filter(e -> e.name().equals(key)).findFirst()
                .orElseThrow();
        double[] source = SafeTensors.read(fixture.resolve("checkpoint.safetensors")).tensors().get(key).data();
        assertArrayEquals(new int[] {3, 8}, table.shape());
        assertArrayEquals(Arrays.copyOfRange(source, 0, 8), Arrays.copyOfRange(table.data(), 0, 8), 0.0, "row 0 kept");
        assertArrayEquals(new double[] {100, 101, 102, 103, 104, 105, 106, 107}, Arrays.copyOfRange(table.data(), 8, 16),
                0.0, "row 1 is the model's");
        assertArrayEquals(Arrays.copyOfRange(source, 16, 24), Arrays.copyOfRange(table.data(), 16, 24), 0.0, "row 2 kept");
        assertEquals(3, exported.modelConfig().get("num_puzzle_identifiers").asInt());
    }

    @Test
    void aDtypeAskedForAppliesToEveryTensor() {
        Path fixture = OriginalEquivalenceTest.Fixture.folder("trm");
        Path run = dir.resolve("run");
        Importer.read("trm", fixture.resolve("checkpoint.safetensors"), fixture.resolve("config.yaml"), "sudoku4", null)
                .write(run);
        Exporter.Exported exported = Exporter.export(run, "trm", DType.BF16);
        exported.tensors().forEach(e -> assertEquals(DType.BF16, e.dtype(), e.name()));
        assertEquals(Checkpoint.load(run).model().parameters().size() + 2, exported.tensors().size());
    }
}
