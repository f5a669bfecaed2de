package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensors;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depthlab inspect} lists a good file's tensors and metadata; for a corrupt, missing
 * or unreadable file it prints exactly one line, "depthlab: …", on stderr and exits 2.
 */
class InspectCommandTest {

    @TempDir
    Path dir;

    /** The exit code, stdout and stderr of one run. */
    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private Path goodFile() {
        Map<String, DMatrixRMaj> tensors = new LinkedHashMap<>();
        tensors.put("blocks.0.attn.qkv.weight", new DMatrixRMaj(6, 2));
        tensors.put("head.bias", new DMatrixRMaj(1, 3));
        Path file = dir.resolve("model.safetensors");
        SafeTensors.write(file, tensors, Map.of("step", "120"), DType.F32);
        return file;
    }

    @Test
    void aGoodFileListsItsTensorsAndMetadataAndExitsZero() {
        Path file = goodFile();
        Run r = run("inspect", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(String.join(System.lineSeparator(),
                file + ": 2 tensors, 15 values",
                "  name                      dtype  shape   values",
                "  blocks.0.attn.qkv.weight  F32    [6, 2]      12",
                "  head.bias                 F32    [1, 3]       3",
                "  metadata:",
                "    step: 120",
                ""), r.out());
    }

    /**
     * A file the official safetensors package wrote with one tensor of each of its 20 dtypes
     * (benchmarks/reference/dtype_fixtures.py): every one is listed with its shape and count,
     * in the header's order — the writer's, by alignment.
     */
    @Test
    void aFileOfEveryDTypeWrittenByTheOfficialLibraryIsListed() throws Exception {
        Path file = Path.of(InspectCommandTest.class.getResource("/safetensors/every_dtype.safetensors").toURI());
        Run r = run("inspect", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(String.join(System.lineSeparator(),
                file + ": 20 tensors, 58 values",
                "  name            dtype        shape      values",
                "  ids.u64         U64          [1]             1",
                "  ids.i64         I64          [2]             2",
                "  weights.f64     F64          [2, 3]          6",
                "  phase.c64       C64          [2]             2",
                "  weights.f32     F32          [3]             3",
                "  ids.u32         U32          [1]             1",
                "  ids.i32         I32          []              1",
                "  weights.bf16    BF16         [4, 1]          4",
                "  weights.f16     F16          [1, 2, 2]       4",
                "  ids.u16         U16          [2]             2",
                "  ids.i16         I16          [3]             3",
                "  scale.e5m2fnuz  F8_E5M2FNUZ  [1]             1",
                "  scale.e4m3fnuz  F8_E4M3FNUZ  [1]             1",
                "  scale.e8m0      F8_E8M0      [2]             2",
                "  scale.e4m3      F8_E4M3      [4]             4",
                "  scale.e5m2      F8_E5M2      [4]             4",
                "  ids.i8          I8           [0]             0",
                "  ids.u8          U8           [2, 2]          4",
                "  packed.f4       F4           [2, 4]          8",
                "  mask            BOOL         [5]             5",
                "  metadata:",
                "    written_by: safetensors 0.8.0 (serialize_file)",
                ""), r.out());
    }

    @Test
    void aCorruptFilePrintsOneLineOnStderrAndExitsTwo() throws Exception {
        Path file = dir.resolve("corrupt.safetensors");
        Files.write(file, new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '"', 'w', '"', ':', ' ', '[', ' '});
        Run r = run("inspect", file.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("depthlab: the header of " + file + " is not valid JSON"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMissingFilePrintsOneLineAndExitsTwo() {
        Path file = dir.resolve("absent.safetensors");
        Run r = run("inspect", file.toString());
        assertEquals(2, r.exit());
        assertEquals(List.of("depthlab: cannot read " + file + ": no such file or directory"), r.errLines());
    }

    @Test
    void goodFilesBeforeACorruptOneAreListedThenTheCommandStops() throws Exception {
        Path good = goodFile();
        Path bad = dir.resolve("tiny.safetensors");
        Files.write(bad, new byte[3]);
        Run r = run("inspect", good.toString(), bad.toString());
        assertEquals(2, r.exit());
        assertTrue(r.out().startsWith(good + ": 2 tensors"), r.out());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().startsWith("depthlab: " + bad + " is not a safetensors file"), r.err());
    }

    @Test
    void withoutAFileItSaysWhatIsMissingAndExitsTwo() {
        Run r = run("inspect");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("depthlab: Missing required parameter"), r.err());
    }

    @Test
    void controlCharactersInNamesAreEscapedSoEachTensorStaysOnOneLine() {
        Map<String, DMatrixRMaj> tensors = new LinkedHashMap<>();
        tensors.put("two\nlines", new DMatrixRMaj(1, 1));
        Path file = dir.resolve("odd.safetensors");
        SafeTensors.write(file, tensors, Map.of(), DType.F64);
        Run r = run("inspect", file.toString());
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("  two\\u000alines  F64"), r.out());
    }
}
