package org.depthlab.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.depthlab.io.SafeTensorsListing;
import org.depthlab.models.Carry;
import org.depthlab.models.HrmConfig;
import org.depthlab.models.LoopedConfig;
import org.depthlab.models.Positions;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.SegmentOutput;
import org.depthlab.tensor.Tape;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The round trip of the issue "weights from the original implementations": a state dict made
 * by the original HRM code and one made by the original TRM code
 * ({@code src/test/resources/original/}) go through {@code import}, then {@code eval},
 * {@code solve} and {@code claims --checkpoint} on the imported run, then {@code export} —
 * which gives back the source file's tensors bit for bit: the same keys in the same order,
 * dtypes (F64; F32 beside BF16), shapes and values, so the original's
 * {@code load_state_dict(strict=True)} takes it as it took the source
 * ({@code original_fixtures.py roundtrip} checks that last step in PyTorch itself).
 */
class ImportExportCommandTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(ImportExportCommandTest.class.getResource("/original/" + name + "/expected.safetensors")
                    .toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name + "; regenerate with benchmarks/reference/original_fixtures.py");
        }
    }

    private static Path config(Path fixture) {
        Path yaml = fixture.resolve("config.yaml");
        return Files.exists(yaml) ? yaml : fixture.resolve("config.json");
    }

    private Path importFixture(String name, String from, String... extra) {
        Path f = fixture(name);
        Path run = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("import", "--from", from,
                f.resolve("checkpoint.safetensors").toString(), "--config", config(f).toString(), "--task", "sudoku4",
                "--out", run.toString()));
        args.addAll(List.of(extra));
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return run;
    }

    @Test
    void anOriginalHrmGoesThroughImportEvalSolveClaimsAndExportUnchanged() throws Exception {
        Path run = importFixture("hrm", "hrm", "--puzzle-id", "2");
        useAndExportUnchanged(run, "hrm", fixture("hrm"));
    }

    @Test
    void anOriginalTrmGoesThroughImportEvalSolveClaimsAndExportUnchanged() throws Exception {
        Path run = importFixture("trm", "trm");
        useAndExportUnchanged(run, "trm", fixture("trm"));
    }

    /** The other fixtures — BF16 beside F32, F32 alone, learned positions — export as they were imported. */
    @Test
    void everyFixtureExportsAsItWasImported() {
        for (String name : List.of("hrm_bf16", "hrm_learned", "trm_mixer")) {
            String kind = name.substring(0, 3);
            Path run = importFixture(name, kind);
            Path back = dir.resolve(name + "-back.safetensors");
            CliRun r = CliRun.of("export", "--to", kind, run.toString(), "--out", back.toString());
            assertEquals(0, r.code(), r.err());
            assertSameTensors(fixture(name).resolve("checkpoint.safetensors"), back);
        }
    }

    private void useAndExportUnchanged(Path run, String kind, Path fixture) throws Exception {
        Path puzzles = dir.resolve("puzzles.txt");
        if (!Files.exists(puzzles)) {
            CliRun g = CliRun.of("generate", "--task", "sudoku4", "--count", "4", "--seed", "3", "--out", puzzles.toString());
            assertEquals(0, g.code(), g.err());
        }
        CliRun eval = CliRun.of("eval", "--checkpoint", run.toString(), "--test", puzzles.toString());
        assertEquals(0, eval.code(), eval.err());
        assertTrue(eval.out().startsWith(kind + " on 4 sudoku4 puzzles, 4 segments each"), eval.out());

        CliRun solve = CliRun.of("solve", "--checkpoint", run.toString(), "--file", puzzles.toString());
        assertTrue(solve.code() == 0 || solve.code() == 1, "a random model may leave puzzles unsolved: " + solve.err());
        assertEquals(4, solve.out().split("final answer:", -1).length - 1, "one answer per puzzle: " + solve.out());

        CliRun claims = CliRun.of("claims", "--checkpoint", run.toString(), "--tries", "2");
        assertEquals(0, claims.code(), claims.out() + claims.err());
        List<String> rows = claims.out().lines().skip(1).toList();
        assertEquals(4, rows.size(), claims.out());
        for (String row : rows) {
            assertTrue(row.contains(kind + " (" + run.getFileName() + ")") && row.contains("holds (exact)"), row);
        }

        Path back = dir.resolve(kind + "-back.safetensors");
        CliRun export = CliRun.of("export", "--to", kind, run.toString(), "--out", back.toString());
        assertEquals(0, export.code(), export.err());
        assertSameTensors(fixture.resolve("checkpoint.safetensors"), back);
    }

    /** The same keys in the same order, of the same dtypes and shapes, holding the same bits. */
    static void assertSameTensors(Path source, Path exported) {
        SafeTensorsListing a = SafeTensors.list(source);
        SafeTensorsListing b = SafeTensors.list(exported);
        assertEquals(a.tensors().stream().map(SafeTensorsListing.Entry::name).toList(),
                b.tensors().stream().map(SafeTensorsListing.Entry::name).toList(), "keys in order");
        for (int i = 0; i < a.tensors().size(); i++) {
            SafeTensorsListing.Entry x = a.tensors().get(i);
            SafeTensorsListing.Entry y = b.tensors().get(i);
            assertEquals(x.dtype(), y.dtype(), x.name());
            assertArrayEquals(x.shape(), y.shape(), x.name());
        }
        SafeTensorsFile va = SafeTensors.read(source);
        SafeTensorsFile vb = SafeTensors.read(exported);
        for (String name : va.tensors().keySet()) {
            double[] p = va.tensors().get(name).data();
            double[] q = vb.tensors().get(name).data();
            for (int i = 0; i < p.length; i++) {
                assertEquals(Double.doubleToRawLongBits(p[i]), Double.doubleToRawLongBits(q[i]), name + "[" + i + "]");
            }
        }
    }

    /**
     * A run depthlab made exports with the names the original pretrain.py saves, a puzzle table of
     * one identifier and the config the original model class needs — and imports back to the
     * same model, bit for bit in F64.
     */
    @Test
    void aRunDepthlabMadeExportsWithTheOriginalsNamesAndImportsBackTheSame() throws Exception {
        Path run = dir.resolve("native");
        RefinementModel model = new HrmConfig(6, 16, 8, 2, 4.0, 1, 2, 2, 2, Positions.LEARNED, 256).build(5);
        Checkpoint.saveWeights(run, "sudoku4", TrainConfig.defaults("hrm").withMaxSegments(3), model);

        Path f32 = dir.resolve("native-f32.safetensors");
        CliRun plain = CliRun.of("export", "--to", "hrm", run.toString(), "--out", f32.toString());
        assertEquals(0, plain.code(), plain.err());
        SafeTensorsListing listing = SafeTensors.list(f32);
        for (SafeTensorsListing.Entry e : listing.tensors()) {
            assertTrue(e.name().startsWith("_orig_mod.model.inner."), e.name());
            assertEquals(DType.F32, e.dtype(), e.name());
        }
        assertEquals(List.of("_orig_mod.model.inner.embed_tokens.embedding_weight",
                "_orig_mod.model.inner.puzzle_emb.weights", "_orig_mod.model.inner.embed_pos.embedding_weight"),
                listing.tensors().stream().map(SafeTensorsListing.Entry::name).limit(3).toList());
        assertArrayEquals(new int[] {1, 8}, listing.tensors().get(1).shape(), "a table of one identifier");

        Path f64 = dir.resolve("native.safetensors");
        Path json = dir.resolve("native.json");
        CliRun export = CliRun.of("export", "--to", "hrm", run.toString(), "--out", f64.toString(), "--dtype", "f64",
                "--config-out", json.toString());
        assertEquals(0, export.code(), export.err());
        JsonNode config = JsonMapper.builder().build().readTree(json.toFile());
        assertEquals("hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1", config.get("name").asText());
        assertEquals("learned", config.get("pos_encodings").asText());
        assertEquals(16, config.get("seq_len").asInt());
        assertEquals(3, config.get("halt_max_steps").asInt());
        assertEquals(8, config.get("puzzle_emb_ndim").asInt());

        Path again = dir.resolve("again");
        CliRun back = CliRun.of("import", "--from", "hrm", f64.toString(), "--config", json.toString(), "--out",
                again.toString());
        assertEquals(0, back.code(), back.err());
        assertTrue(back.err().contains("note: task sudoku4, the one of depthlab's tasks with 6 tokens and 16 positions"),
                "learned positions show the length, so the task is inferred: " + back.err());
        RefinementModel imported = Checkpoint.load(again).model();
        int[] tokens = {1, 2, 3, 4, 5, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3};
        Carry a = model.initialCarry(1);
        Carry b = imported.initialCarry(1);
        for (int s = 0; s < 2; s++) {
            Tape tape = new Tape();
            SegmentOutput x = model.segment(tape, a, tokens);
            SegmentOutput y = imported.segment(tape, b, tokens);
            assertArrayEquals(x.logits().value().data, y.logits().value().data, 0.0);
            assertArrayEquals(x.qHalt().value().data, y.qHalt().value().data, 0.0);
            a = x.carry();
            b = y.carry();
        }
    }

    @Test
    void nothingOfTheUsersIsReplacedWithoutForce() throws Exception {
        Path run = importFixture("trm", "trm");
        Path f = fixture("trm");
        String[] again = {"import", "--from", "trm", f.resolve("checkpoint.safetensors").toString(), "--config",
            config(f).toString(), "--task", "sudoku4", "--out", run.toString()};
        CliRun refused = CliRun.of(again);
        assertEquals(2, refused.code());
        assertEquals("depthlab: " + run + " already holds a run: --force replaces it." + System.lineSeparator(), refused.err());
        String[] forced = java.util.Arrays.copyOf(again, again.length + 1);
        forced[again.length] = "--force";
        assertEquals(0, CliRun.of(forced).code());

        Path out = dir.resolve("exported.safetensors");
        Files.writeString(out, "mine");
        CliRun export = CliRun.of("export", "--to", "trm", run.toString(), "--out", out.toString());
        assertEquals(2, export.code());
        assertEquals("mine", Files.readString(out));
        assertEquals(0, CliRun.of("export", "--to", "trm", run.toString(), "--out", out.toString(), "--force").code());
        assertNotEquals("mine", Files.readString(out, java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void whatTheOriginalCodeCannotBuildIsNotExported() {
        Path hrm = dir.resolve("hrm");
        Checkpoint.saveWeights(hrm, "sudoku4", TrainConfig.defaults("hrm"),
                new HrmConfig(6, 16, 8, 2, 4.0, 1, 1, 1, 1, Positions.ROPE, 256).build(1));
        assertOneLine(CliRun.of("export", "--to", "trm", hrm.toString(), "--out", dir.resolve("x").toString()),
                hrm + " holds a hrm model; export it with --to hrm");

        Path unrounded = dir.resolve("unrounded");
        Checkpoint.saveWeights(unrounded, "sudoku4", TrainConfig.defaults("hrm"),
                new HrmConfig(6, 16, 8, 2, 4.0, 1, 1, 1, 1, Positions.ROPE, 1).build(1));
        assertOneLine(CliRun.of("export", "--to", "hrm", unrounded.toString(), "--out", dir.resolve("x").toString()),
                unrounded + " was trained with the SwiGLU width rounded up to a multiple of 1 (--ffn-multiple)");

        Path looped = dir.resolve("looped");
        Checkpoint.saveWeights(looped, "sudoku4", TrainConfig.defaults("looped"),
                new LoopedConfig(6, 16, 8, 2, 4.0, 1, 2, Positions.ROPE, 256).build(1));
        assertOneLine(CliRun.of("export", "--to", "hrm", looped.toString(), "--out", dir.resolve("x").toString()),
                looped + " holds a looped model; only hrm and trm models have an original code to export to");

        assertOneLine(CliRun.of("export", "--to", "hrm", hrm.toString(), "--out", dir.resolve("x").toString(),
                "--dtype", "int8"), "--dtype takes f32, bf16, f16 or f64, not 'int8'.");
        assertOneLine(CliRun.of("import", "--from", "gpt", dir.resolve("x").toString(), "--config",
                dir.resolve("x").toString(), "--out", dir.resolve("y").toString()),
                "cannot read " + dir.resolve("x") + ": no such file or directory");
    }

    private static void assertOneLine(CliRun r, String start) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("depthlab: " + start), r.err());
    }
}
