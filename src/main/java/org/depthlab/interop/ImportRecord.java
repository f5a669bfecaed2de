package org.depthlab.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.io.DType;
import org.depthlab.io.SafeTensors;
import org.depthlab.io.SafeTensorsFile;

/**
 * What {@code depthlab import} keeps beside the checkpoint it writes, so that {@code export}
 * gives the original code back its own state dict: the file {@value #FILE} in the run
 * directory, holding
 * <ul>
 *   <li>the whole puzzle-embedding table (the model keeps one row of it), in float64, which
 *       holds any F32, F16 or BF16 value exactly;</li>
 *   <li>in its metadata: which code it came from, the key prefix, the row the model took, every
 *       key of the source with its dtype and shape in the source's order, the architecture
 *       config (references resolved) and the source file's name.</li>
 * </ul>
 * A checkpoint that depthlab trained has no such file; its export uses the original's defaults.
 *
 * @param origin     the code the checkpoint came from
 * @param prefix     the key prefix of the source, e.g. {@code _orig_mod.model.inner.}
 * @param puzzleId   the table row the model's puzzle embedding is
 * @param keys       every tensor of the source, in its order, with dtype and shape
 * @param table      the puzzle-embedding table, identifiers × puzzle_emb_ndim, row-major
 * @param tableShape its shape
 * @param config     the architecture config as imported
 * @param source     the source file's name
 */
record ImportRecord(Origin origin, String prefix, int puzzleId, List<Key> keys, double[] table, int[] tableShape,
                    ObjectNode config, String source) {

    /** The file's name in the run directory. */
    static final String FILE = "original.safetensors";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One tensor of the source state dict. */
    record Key(String name, DType dtype, int[] shape) {
    }

    /** Writes the record into {@code dir} (atomically). */
    void write(Path dir) {
        ArrayNode list = JSON.createArrayNode();
        for (Key k : keys) {
            ObjectNode o = list.addObject();
            o.put("name", k.name());
            o.put("dtype", k.dtype().name());
            ArrayNode shape = o.putArray("shape");
            for (int d : k.shape()) {
                shape.add(d);
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("from", origin.kind());
        meta.put("prefix", prefix);
        meta.put("puzzle_id", Integer.toString(puzzleId));
        meta.put("source", source);
        try {
            meta.put("keys", JSON.writeValueAsString(list));
            meta.put("config", JSON.writeValueAsString(config));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
        SafeTensors.writeEntries(dir.resolve(FILE), List.of(new SafeTensorsFile.Entry(StateDictNames.PUZZLE_TABLE,
                DType.F64, tableShape, table)), meta);
    }

    /** The record in {@code dir}, or null if the run was not imported. */
    static ImportRecord read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        SafeTensorsFile f = SafeTensors.read(file);
        Map<String, String> meta = f.metadata();
        SafeTensorsFile.Entry table = f.tensors().get(StateDictNames.PUZZLE_TABLE);
        try {
            if (table == null || table.shape().length != 2 || meta.get("keys") == null || meta.get("config") == null) {
                throw new IllegalArgumentException("incomplete");
            }
            List<Key> keys = new ArrayList<>();
            for (JsonNode k : JSON.readTree(meta.get("keys"))) {
                int[] shape = new int[k.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = k.get("shape").get(i).asInt();
                }
                keys.add(new Key(k.get("name").asText(), DType.valueOf(k.get("dtype").asText()), shape));
            }
            JsonNode config = JSON.readTree(meta.get("config"));
            return new ImportRecord(Origin.named(meta.get("from")), meta.get("prefix"),
                    Integer.parseInt(meta.get("puzzle_id")), List.copyOf(keys), table.data(), table.shape(),
                    (ObjectNode) config, meta.getOrDefault("source", "?"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BadInputException(file + " is not the record depthlab import writes (" + FILE
                    + "); remove it to export with the original code's defaults");
        }
    }
}
