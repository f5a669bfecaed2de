package org.depthlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.depthlab.BadInputException;

/**
 * Reads one JSON object of a hand-written file (an experiment spec) field by field, so that
 * every mistake gets one sentence naming the file, the place and what was expected — and a
 * field nobody reads (a typo) is an error instead of being ignored.
 */
final class JsonFields {

    private final String where;
    private final JsonNode node;
    private final Set<String> read = new LinkedHashSet<>();

    /**
     * @param where the file and place, e.g. {@code "book/experiments/x.json, models[2]"}
     * @param node  the object (anything else is reported)
     */
    JsonFields(String where, JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new BadInputException(where + " must be a JSON object.");
        }
        this.where = where;
        this.node = node;
    }

    String where() {
        return where;
    }

    boolean has(String name) {
        return node.has(name) && !node.get(name).isNull();
    }

    private JsonNode get(String name) {
        read.add(name);
        return node.get(name);
    }

    String string(String name, String otherwise) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            if (otherwise == null) {
                throw missing(name, "a string");
            }
            return otherwise;
        }
        if (!v.isTextual()) {
            throw wrong(name, "a string", v);
        }
        return v.asText();
    }

    long integer(String name, Long otherwise) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            if (otherwise == null) {
                throw missing(name, "a whole number");
            }
            return otherwise;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
            throw wrong(name, "a whole number", v);
        }
        return v.asLong();
    }

    double number(String name, Double otherwise) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            if (otherwise == null) {
                throw missing(name, "a number");
            }
            return otherwise;
        }
        if (!v.isNumber()) {
            throw wrong(name, "a number", v);
        }
        return v.asDouble();
    }

    boolean bool(String name, boolean otherwise) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw wrong(name, "true or false", v);
        }
        return v.asBoolean();
    }

    /** An object field, or null when absent. */
    JsonFields object(String name) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return new JsonFields(where + ", " + name, v);
    }

    /** The elements of an array field (empty when absent and {@code required} is false). */
    List<JsonNode> array(String name, boolean required) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            if (required) {
                throw missing(name, "a list");
            }
            return List.of();
        }
        if (!v.isArray()) {
            throw wrong(name, "a list", v);
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    List<Long> integers(String name, List<Long> otherwise) {
        if (!has(name)) {
            read.add(name);
            return otherwise;
        }
        List<Long> out = new ArrayList<>();
        for (JsonNode e : array(name, true)) {
            if (!e.isIntegralNumber()) {
                throw wrong(name, "a list of whole numbers", e);
            }
            out.add(e.asLong());
        }
        return out;
    }

    List<String> strings(String name, List<String> otherwise) {
        if (!has(name)) {
            read.add(name);
            return otherwise;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : array(name, true)) {
            if (!e.isTextual()) {
                throw wrong(name, "a list of strings", e);
            }
            out.add(e.asText());
        }
        return out;
    }

    /** An object of settings (name → number, string or boolean), or null when absent. */
    Map<String, Object> settings(String name) {
        JsonNode v = get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrong(name, "an object of settings", v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode x = e.getValue();
            if (x.isIntegralNumber()) {
                out.put(e.getKey(), x.asLong());
            } else if (x.isNumber()) {
                out.put(e.getKey(), x.asDouble());
            } else if (x.isTextual()) {
                out.put(e.getKey(), x.asText());
            } else if (x.isBoolean()) {
                out.put(e.getKey(), x.asBoolean());
            } else {
                throw new BadInputException(where + ", " + name + ": setting '" + e.getKey()
                        + "' must be a number, a string or true/false.");
            }
        }
        return out;
    }

    /** Reports the first field that nothing read: a typo, or a field this version does not know. */
    void requireAllRead() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!read.contains(f)) {
                throw new BadInputException(where + ": unknown field '" + f + "'.");
            }
        }
    }

    private BadInputException missing(String name, String what) {
        return new BadInputException(where + ": the field '" + name + "' is missing (" + what + ").");
    }

    private BadInputException wrong(String name, String what, JsonNode v) {
        return new BadInputException(where + ": '" + name + "' must be " + what + ", not " + v + ".");
    }
}
