package org.depthlab.interop;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depthlab.BadInputException;
import org.depthlab.io.IoErrors;

/**
 * The configuration of a run of the original HRM or TRM code, read from the file its user has,
 * in any of its three forms:
 * <ul>
 *   <li>{@code all_config.yaml}, which {@code pretrain.py} writes beside its checkpoints
 *       ({@code yaml.dump(config.model_dump())}): training settings at the top, the architecture
 *       under {@code arch:};</li>
 *   <li>an architecture file of the repository's {@code config/arch/} ({@code hrm_v1.yaml},
 *       {@code trm.yaml}), with overrides written in: the architecture at the top, possibly
 *       with OmegaConf references such as {@code puzzle_emb_ndim: ${.hidden_size}};</li>
 *   <li>the JSON of the dict the model class itself takes ({@code model.config}), which also
 *       holds {@code seq_len}, {@code vocab_size} and {@code num_puzzle_identifiers}.</li>
 * </ul>
 * References {@code ${.key}} (a sibling) and {@code ${a.b}} (from the top) are resolved; any
 * other OmegaConf expression is refused by name. Values are read as the original's pydantic
 * config reads them: an integer where a float is asked for is that float.
 */
final class OriginalConfig {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

    private final Path file;
    private final ObjectNode arch;
    private final ObjectNode training;

    private OriginalConfig(Path file, ObjectNode arch, ObjectNode training) {
        this.file = file;
        this.arch = arch;
        this.training = training;
    }

    /** Reads {@code file}: JSON if it starts with '{', YAML otherwise. */
    static OriginalConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw IoErrors.cannotRead(file, e);
        }
        ObjectMapper mapper = text.stripLeading().startsWith("{") ? JsonMapper.builder().build() : new YAMLMapper();
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage().lines().findFirst().orElse("");
            throw new BadInputException(file + " is not a YAML or JSON config: " + message.strip());
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(file + " is not a config of the original code: it holds no mapping of settings");
        }
        ObjectNode top = (ObjectNode) root;
        if (top.has("arch")) {
            if (!top.get("arch").isObject()) {
                throw new BadInputException(file + ": 'arch' is not a mapping of architecture settings");
            }
            return new OriginalConfig(file, resolve(file, top, (ObjectNode) top.get("arch"), "arch"), top);
        }
        return new OriginalConfig(file, resolve(file, top, top, ""), null);
    }

    /** The config file. */
    Path file() {
        return file;
    }

    /** The architecture settings, references resolved, in the file's order. */
    ObjectNode arch() {
        return arch;
    }

    /** Whether the architecture section sets {@code key}. */
    boolean has(String key) {
        return arch.has(key) && !arch.get(key).isNull();
    }

    /** The architecture's keys, in the file's order. */
    List<String> keys() {
        List<String> keys = new ArrayList<>();
        arch.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A required whole number of the architecture. */
    int integer(String key) {
        JsonNode v = require(key);
        if (!v.canConvertToExactIntegral() || !v.isNumber()) {
            throw new BadInputException(file + ": '" + key + "' is " + v + ", not a whole number");
        }
        return v.asInt();
    }

    /** An optional whole number of the architecture, or {@code otherwise}. */
    int integer(String key, int otherwise) {
        return has(key) ? integer(key) : otherwise;
    }

    /** A required number of the architecture. */
    double number(String key) {
        JsonNode v = require(key);
        if (!v.isNumber()) {
            throw new BadInputException(file + ": '" + key + "' is " + v + ", not a number");
        }
        return v.asDouble();
    }

    /** An optional number of the architecture, or {@code otherwise}. */
    double number(String key, double otherwise) {
        return has(key) ? number(key) : otherwise;
    }

    /** An optional true/false of the architecture, or {@code otherwise}. */
    boolean flag(String key, boolean otherwise) {
        if (!has(key)) {
            return otherwise;
        }
        JsonNode v = arch.get(key);
        if (!v.isBoolean()) {
            throw new BadInputException(file + ": '" + key + "' is " + v + ", not true or false");
        }
        return v.asBoolean();
    }

    /** A required string of the architecture. */
    String text(String key) {
        JsonNode v = require(key);
        if (!v.isTextual()) {
            throw new BadInputException(file + ": '" + key + "' is " + v + ", not a string");
        }
        return v.asText();
    }

    /** An optional string of the architecture, or {@code otherwise}. */
    String text(String key, String otherwise) {
        return has(key) ? text(key) : otherwise;
    }

    /** The loss the config trains with ({@code loss.loss_type}), or null if it does not say. */
    String lossType() {
        JsonNode loss = arch.get("loss");
        return loss != null && loss.isObject() && loss.has("loss_type") ? loss.get("loss_type").asText() : null;
    }

    /** A number of the training settings (all_config.yaml's top level), or null without one. */
    Double trainingNumber(String key) {
        if (training == null || !training.has(key) || !training.get(key).isNumber()) {
            return null;
        }
        return training.get(key).asDouble();
    }

    /** A true/false of the training settings, or null without one. */
    Boolean trainingFlag(String key) {
        if (training == null || !training.has(key) || !training.get(key).isBoolean()) {
            return null;
        }
        return training.get(key).asBoolean();
    }

    private JsonNode require(String key) {
        if (!has(key)) {
            throw new BadInputException(file + " does not set '" + key + "', which the original model needs");
        }
        return arch.get(key);
    }

    /**
     * The section with every {@code ${…}} reference replaced by the value it names: {@code ${.key}}
     * a sibling, {@code ${a.b}} a path from the top. A chain of references is followed; a
     * reference to nothing, a cycle, or an expression that is not a plain reference (an OmegaConf
     * resolver such as {@code ${oc.env:…}}, arithmetic) is refused naming the setting.
     */
    private static ObjectNode resolve(Path file, ObjectNode root, ObjectNode section, String path) {
        ObjectNode resolved = section.deepCopy();
        Map<String, JsonNode> done = new LinkedHashMap<>();
        section.fieldNames().forEachRemaining(key -> done.put(key, value(file, root, section, path, key, 0)));
        done.forEach(resolved::set);
        return resolved;
    }

    private static JsonNode value(Path file, ObjectNode root, ObjectNode section, String path, String key, int depth) {
        JsonNode v = section.get(key);
        if (v == null || !v.isTextual() || !v.asText().contains("${")) {
            return v;
        }
        String setting = (path.isEmpty() ? "" : path + ".") + key;
        if (depth > 16) {
            throw new BadInputException(file + ": the reference in '" + setting + "' goes round in a circle");
        }
        Matcher m = REFERENCE.matcher(v.asText());
        if (!m.matches()) {
            throw new BadInputException(file + ": '" + setting + "' is " + v + ", an OmegaConf expression depthlab"
                    + " does not evaluate; write its value instead");
        }
        String target = m.group(1).strip();
        if (target.startsWith(".") && !target.startsWith("..")) {
            String sibling = target.substring(1);
            if (!section.has(sibling)) {
                throw new BadInputException(file + ": '" + setting + "' refers to '" + sibling + "', which is not set");
            }
            return value(file, root, section, path, sibling, depth + 1);
        }
        if (!target.matches("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*")) {
            throw new BadInputException(file + ": '" + setting + "' is " + v + ", an OmegaConf expression depthlab"
                    + " does not evaluate; write its value instead");
        }
        String[] parts = target.split("\\.");
        JsonNode node = root;
        String nodePath = "";
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.get(parts[i]);
            if (node == null || !node.isObject()) {
                return missing(file, setting, target);
            }
            nodePath = nodePath.isEmpty() ? parts[i] : nodePath + "." + parts[i];
        }
        String last = parts[parts.length - 1];
        if (!node.has(last)) {
            return missing(file, setting, target);
        }
        return value(file, root, (ObjectNode) node, nodePath, last, depth + 1);
    }

    private static JsonNode missing(Path file, String setting, String target) {
        throw new BadInputException(file + ": '" + setting + "' refers to '" + target + "', which is not set");
    }

    /** A value as the messages print it: a number without ".0" when whole, text as it is. */
    static String show(JsonNode v) {
        if (v.isNumber() && v.canConvertToExactIntegral()) {
            return Long.toString(v.asLong());
        }
        if (v.isNumber()) {
            return String.format(Locale.ROOT, "%s", v.asDouble());
        }
        return v.isTextual() ? v.asText() : v.toString();
    }
}
