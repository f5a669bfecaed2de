package org.depthlab.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.depthlab.BadInputException;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way a checkpoint and its config can fail to be the model depthlab would build gets one
 * sentence that names what is wrong: a key the model does not have, a key it lacks, a tensor
 * of another shape (and the settings that give the shape expected), a tensor that is not a
 * float, and each setting of the original code that depthlab does not implement. Each case
 * starts from a fixture of the original code that imports, and changes one thing.
 */
class ImportRefusalsTest {

    private static final String P = StateDictNames.PRETRAIN_PREFIX;

    @TempDir
    Path dir;

    private final Path hrm = OriginalEquivalenceTest.Fixture.folder("hrm");
    private final Path trm = OriginalEquivalenceTest.Fixture.folder("trm");

    private String refusal(String from, Path source, Path config, String task, Integer puzzleId) {
        String message = assertThrows(BadInputException.class,
                () -> Importer.read(from, source, config, task, puzzleId)).getMessage();
        assertFalse(message.contains("\n"), "one line: " + message);
        assertFalse(message.contains("Exception"), "no Java class names: " + message);
        return message;
    }

    private String hrmRefusal(Path source, Path config) {
        return refusal("hrm", source, config, "sudoku4", 2);
    }

    private Path hrmSource() {
        return hrm.resolve("checkpoint.safetensors");
    }

    private Path hrmConfig() {
        return hrm.resolve("config.yaml");
    }

    /** The fixture's checkpoint with its tensors changed by {@code change}. */
    private Path source(Path fixture, UnaryOperator<List<SafeTensorsFile.Entry>> change) {
        List<SafeTensorsFile.Entry> entries = new ArrayList<>(SafeTensors.read(fixture.resolve("checkpoint.safetensors"))
                .tensors().values());
        Path file = dir.resolve("changed.safetensors");
        SafeTensors.writeEntries(file, change.apply(entries), Map.of());
        return file;
    }

    /** The fixture's config with one text replaced. */
    private Path config(Path fixture, String... fromTo) throws Exception {
        String text = Files.readString(fixture.resolve("config.yaml"));
        for (int i = 0; i < fromTo.length; i += 2) {
            assertTrue(text.contains(fromTo[i]), "the fixture's config has '" + fromTo[i] + "'");
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theFixturesImportAsTheyAre() {
        Importer.read("hrm", hrmSource(), hrmConfig(), "sudoku4", 2);
        Importer.read("trm", trm.resolve("checkpoint.safetensors"), trm.resolve("config.yaml"), "sudoku4", null);
    }

    @Test
    void aKeyTheModelDoesNotHaveIsNamedWithTheLayerCount() {
        Path source = source(hrm, e -> {
            e.add(new SafeTensorsFile.Entry(P + "H_level.layers.1.mlp.down_proj.weight", DType.F32, new int[] {8, 256},
                    new double[8 * 256]));
            return e;
        });
        assertEquals(source + " has a tensor that an HRM with H_layers 1, L_layers 2 and pos_encodings rope does not"
                + " have: '" + P + "H_level.layers.1.mlp.down_proj.weight' (the config has H_layers 1 and L_layers 2)",
                hrmRefusal(source, hrmConfig()));
    }

    @Test
    void aKeyOutsideThePrefixIsUnknownToo() {
        Path source = source(hrm, e -> {
            e.add(new SafeTensorsFile.Entry("step", DType.F64, new int[] {}, new double[] {1}));
            return e;
        });
        assertTrue(hrmRefusal(source, hrmConfig()).contains("does not have: 'step'"));
    }

    @Test
    void anHrmCheckpointImportedAsTrmSaysSo() throws Exception {
        String message = refusal("trm", hrmSource(), trm.resolve("config.yaml"), "sudoku4", 2);
        assertTrue(message.contains("(H_level is HRM's; is this an HRM checkpoint? import it with --from hrm)"), message);
    }

    @Test
    void aMissingKeyIsNamed() {
        Path source = source(hrm, e -> {
            e.removeIf(t -> t.name().equals(P + "L_init"));
            return e;
        });
        assertEquals(source + " lacks a tensor that an HRM with H_layers 1, L_layers 2 and pos_encodings rope has: '"
                + P + "L_init'", hrmRefusal(source, hrmConfig()));
    }

    @Test
    void aWrongShapeIsNamedWithTheSettingsThatGiveTheExpectedOne() {
        String key = P + "L_level.layers.0.mlp.down_proj.weight";
        Path source = source(hrm, e -> replace(e, key, new SafeTensorsFile.Entry(key, DType.F64, new int[] {8, 512},
                new double[8 * 512])));
        assertEquals("tensor '" + key + "' in " + source + " has shape [8, 512], but the config gives [8, 256]"
                + " (hidden_size 8 and the SwiGLU width 256 = round(expansion 4.0·8·2/3) rounded up to a multiple of"
                + " 256)", hrmRefusal(source, hrmConfig()));
    }

    @Test
    void aHiddenSizeThatDoesNotFitTheTokenTableIsNamed() throws Exception {
        String message = hrmRefusal(hrmSource(), config(hrm, "hidden_size: 8", "hidden_size: 16",
                "puzzle_emb_ndim: 8", "puzzle_emb_ndim: 16"));
        assertTrue(message.contains("embed_tokens.embedding_weight' in " + hrmSource() + " has shape [6, 8], but the"
                + " config gives [vocabulary, 16] (hidden_size 16)"), message);
    }

    @Test
    void anIntegerTensorIsNotAWeight() throws Exception {
        List<SafeTensorsFile.Entry> entries = new ArrayList<>(SafeTensors.read(hrmSource()).tensors().values());
        Path file = dir.resolve("ints.safetensors");
        writeWithIntegers(file, entries, P + "H_init");
        assertEquals("tensor '" + P + "H_init' in " + file + " holds I64 values; a weight must be F64, F32, F16 or BF16",
                hrmRefusal(file, hrmConfig()));
    }

    @Test
    void aTableOfSeveralIdentifiersNeedsARow() {
        String message = refusal("hrm", hrmSource(), hrmConfig(), "sudoku4", null);
        assertTrue(message.endsWith("has 3 identifiers (one per puzzle of its dataset); a depthlab model has one"
                + " puzzle embedding: choose its row with --puzzle-id (0 to 2)"), message);
        assertTrue(refusal("hrm", hrmSource(), hrmConfig(), "sudoku4", 3).startsWith("--puzzle-id 3 is not a row"));
    }

    @Test
    void aTaskOfAnotherVocabularyOrAnAmbiguousOneIsRefused() {
        assertTrue(refusal("hrm", hrmSource(), hrmConfig(), "sudoku9", 2).endsWith("has 6 rows but task sudoku9 has 11"
                + " tokens; give the task the model was trained on with --task"));
        assertTrue(refusal("hrm", hrmSource(), hrmConfig(), null, 2).endsWith("a vocabulary of 6 tokens fit sudoku4 and"
                + " maze30; name it with --task"));
    }

    @Test
    void aFileWithoutTheTokenTableIsNotACheckpointOfTheseModels() {
        Path source = source(hrm, e -> {
            e.removeIf(t -> t.name().endsWith("embed_tokens.embedding_weight"));
            return e;
        });
        assertTrue(hrmRefusal(source, hrmConfig()).contains("has no tensor named [prefix]embed_tokens.embedding_weight,"
                + " which every HRM checkpoint has"));
    }

    @Test
    void anotherPrefixImportsTheSame() {
        Path source = source(hrm, e -> e.stream().map(t -> new SafeTensorsFile.Entry(
                t.name().replace("_orig_mod.model.", ""), t.dtype(), t.shape(), t.data())).toList());
        Importer.Imported imported = Importer.read("hrm", source, hrmConfig(), "sudoku4", 2);
        assertEquals("inner.", imported.record().prefix());
    }

    // ------------------------------------------------------------- settings depthlab does not implement

    @Test
    void anRmsNormEpsilonOtherThanHrmsIsRefused() throws Exception {
        assertEquals(dir.resolve("config.yaml") + " sets rms_norm_eps 1.0E-6, which depthlab does not implement:"
                + " depthlab's RMSNorm has HRM's ε = 1e-5",
                hrmRefusal(hrmSource(), config(hrm, "hidden_size: 8", "hidden_size: 8\n  rms_norm_eps: 1.0e-06")));
    }

    @Test
    void aRopeThetaOtherThanHrmsIsRefused() throws Exception {
        assertTrue(hrmRefusal(hrmSource(), config(hrm, "hidden_size: 8", "hidden_size: 8\n  rope_theta: 500000"))
                .contains("sets rope_theta 500000.0, which depthlab does not implement"));
    }

    @Test
    void aPuzzleEmbeddingOfAnotherWidthOrNoneIsRefused() throws Exception {
        assertTrue(hrmRefusal(hrmSource(), config(hrm, "puzzle_emb_ndim: 8", "puzzle_emb_ndim: 16"))
                .contains("sets puzzle_emb_ndim 16 with hidden_size 8, which depthlab does not implement"));
        assertTrue(hrmRefusal(hrmSource(), config(hrm, "puzzle_emb_ndim: 8", "puzzle_emb_ndim: 0"))
                .contains("sets puzzle_emb_ndim 0 (no puzzle embedding), which depthlab does not implement"));
    }

    @Test
    void aTrainedContinueHeadInTrmIsRefused() throws Exception {
        assertTrue(refusal("trm", trm.resolve("checkpoint.safetensors"),
                config(trm, "no_ACT_continue: True", "no_ACT_continue: False"), "sudoku4", null)
                .contains("sets no_ACT_continue: false, which depthlab does not implement: depthlab's TRM halts on"
                        + " q_halt alone"));
    }

    @Test
    void theMixerInHrmIsRefused() throws Exception {
        Path config = config(hrm, "name: hrm.hrm_act_v1@HierarchicalReasoningModel_ACTV1",
                "name: recursive_reasoning.hrm@HierarchicalReasoningModel_ACTV1\n  mlp_t: true");
        assertTrue(hrmRefusal(hrmSource(), config).contains("sets mlp_t: true in HRM, which depthlab does not implement"));
    }

    @Test
    void zeroLayersAreRefused() throws Exception {
        assertTrue(hrmRefusal(hrmSource(), config(hrm, "H_layers: 1", "H_layers: 0"))
                .contains("sets H_layers 0, which depthlab does not implement: depthlab's models need at least one"));
    }

    @Test
    void anotherLossIsRefused() throws Exception {
        assertTrue(hrmRefusal(hrmSource(), config(hrm, "loss_type: stablemax_cross_entropy", "loss_type: focal"))
                .contains("sets loss_type focal, which depthlab does not implement"));
    }

    @Test
    void positionsTheOriginalHrmRejectsAreRefused() throws Exception {
        assertTrue(hrmRefusal(hrmSource(), config(hrm, "pos_encodings: rope", "pos_encodings: none"))
                .contains("pos_encodings 'none' is not one the original HRM code builds"));
    }

    @Test
    void anArchitectureDepthlabDoesNotHaveIsNamed() throws Exception {
        Path config = config(trm, "name: recursive_reasoning.trm@TinyRecursiveReasoningModel_ACTV1",
                "name: recursive_reasoning.trm_singlez@TinyRecursiveReasoningModel_ACTV1");
        assertTrue(refusal("trm", trm.resolve("checkpoint.safetensors"), config, "sudoku4", null)
                .contains("names the architecture 'recursive_reasoning.trm_singlez@TinyRecursiveReasoningModel_ACTV1',"
                        + " which depthlab does not implement"));
        assertTrue(refusal("hrm", trm.resolve("checkpoint.safetensors"), trm.resolve("config.yaml"), "sudoku4", null)
                .endsWith("import it with --from trm"));
    }

    @Test
    void anOmegaConfExpressionThatIsNotAReferenceIsRefused() throws Exception {
        Path config = config(trm, "puzzle_emb_ndim: ${.hidden_size}", "puzzle_emb_ndim: ${oc.env:NDIM}");
        assertTrue(refusal("trm", trm.resolve("checkpoint.safetensors"), config, "sudoku4", null)
                .endsWith("'puzzle_emb_ndim' is \"${oc.env:NDIM}\", an OmegaConf expression depthlab does not evaluate;"
                        + " write its value instead"));
    }

    @Test
    void aMissingSettingIsNamed() throws Exception {
        assertEquals(dir.resolve("config.yaml") + " does not set 'num_heads', which the original model needs",
                hrmRefusal(hrmSource(), config(hrm, "  num_heads: 2\n", "")));
    }

    @Test
    void aSettingTheOriginalIgnoresIsANoteNotARefusal() throws Exception {
        Importer.Imported imported = Importer.read("hrm", hrmSource(),
                config(hrm, "hidden_size: 8", "hidden_size: 8\n  dropout: 0.1"), "sudoku4", 2);
        assertTrue(imported.notes().stream().anyMatch(n -> n.endsWith("sets dropout, which the original HRM model"
                + " ignores; so does depthlab")), imported.notes().toString());
    }

    private static List<SafeTensorsFile.Entry> replace(List<SafeTensorsFile.Entry> entries, String name,
            SafeTensorsFile.Entry with) {
        return entries.stream().map(e -> e.name().equals(name) ? with : e).toList();
    }

    /** A safetensors file by hand: the entries in F64, except {@code integer}, stored as I64. */
    private static void writeWithIntegers(Path file, List<SafeTensorsFile.Entry> entries, String integer)
            throws Exception {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (SafeTensorsFile.Entry e : entries) {
            String dtype = e.name().equals(integer) ? "I64" : "F64";
            long bytes = 8L * e.size();
            header.append(header.length() > 1 ? "," : "").append('"').append(e.name()).append("\":{\"dtype\":\"")
                    .append(dtype).append("\",\"shape\":").append(java.util.Arrays.toString(e.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        for (SafeTensorsFile.Entry e : entries) {
            for (double v : e.data()) {
                if (e.name().equals(integer)) {
                    b.putLong(Math.round(v));
                } else {
                    b.putDouble(v);
                }
            }
        }
        Files.write(file, b.array());
    }
}
