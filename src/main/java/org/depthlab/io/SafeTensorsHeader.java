package org.depthlab.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.depthlab.BadInputException;

/**
 * Reads and checks the header of a safetensors file, before a single tensor value is read.
 *
 * <p>The layout (Hugging Face, safetensors, README "Format"): 8 bytes holding N, an unsigned
 * little-endian 64-bit integer; N bytes of UTF-8 JSON, an object mapping each tensor name to
 * {@code {"dtype": …, "shape": […], "data_offsets": [begin, end]}} plus an optional
 * {@code "__metadata__"} object of strings, possibly padded with trailing spaces; then the data
 * buffer, in which each tensor occupies bytes [begin, end) — little-endian, row-major — and
 * which the tensors cover exactly, without gaps or overlaps.
 *
 * <p>A file is untrusted input, so nothing is allocated on the header's word: N is checked
 * against the file's size and capped at 100 MB (the reference implementation's limit) before
 * the header is read, and every tensor's byte range is checked against the data buffer and
 * against shape × dtype size before its values are. Every way the file can be wrong gets its
 * own one-sentence {@link BadInputException} naming the file.
 */
final class SafeTensorsHeader {

    /** The reference implementation's cap on the header (safetensors, MAX_HEADER_SIZE). */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The most values one tensor may have: the largest Java array. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    static final String METADATA_KEY = "__metadata__";

    /** Immutable once built, so sharing one is safe (Jackson mappers are thread-safe). */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** Where one tensor's values lie in the data buffer, and how to read them. */
    record Slot(String name, DType dtype, int[] shape, long begin, long end) {
        /** The number of values: the product of the shape (checked against the byte range). */
        int count() {
            long n = 1;
            for (int d : shape) {
                n *= d;
            }
            return (int) n;
        }
    }

    private final Path file;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private long dataStart;

    private SafeTensorsHeader(Path file) {
        this.file = file;
    }

    /** The tensors in header order. */
    List<Slot> slots() {
        return Collections.unmodifiableList(slots);
    }

    /** The {@code __metadata__} strings, in header order. */
    Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    /** The file position where the data buffer begins: 8 + N. */
    long dataStart() {
        return dataStart;
    }

    /** Reads and checks the header of {@code file}, open as {@code channel}. */
    static SafeTensorsHeader read(Path file, FileChannel channel) throws IOException {
        SafeTensorsHeader header = new SafeTensorsHeader(file);
        long size = channel.size();
        String json = header.readText(channel, size);
        header.parse(json);
        header.checkLayout(size - header.dataStart);
        return header;
    }

    private String readText(FileChannel channel, long size) throws IOException {
        if (size < 8) {
            throw bad(file + " is not a safetensors file: it is " + size
                    + " bytes long, too short for the 8-byte header length");
        }
        ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, prefix, 0);
        long n = prefix.getLong(0);
        if (Long.compareUnsigned(n, MAX_HEADER_BYTES) > 0) {
            throw bad(file + " is not a safetensors file: its header length, " + Long.toUnsignedString(n)
                    + " bytes, is over the limit of " + MAX_HEADER_BYTES);
        }
        if (n > size - 8) {
            throw bad(file + " is truncated or not a safetensors file: its header length is " + n
                    + " bytes but only " + (size - 8) + " bytes follow");
        }
        dataStart = 8 + n;
        ByteBuffer bytes = ByteBuffer.allocate((int) n);
        readFully(channel, bytes, 8);
        bytes.flip();
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            return text.toString();
        } catch (CharacterCodingException e) {
            throw bad("the header of " + file + " is not valid UTF-8 text");
        }
    }

    /**
     * Walks the header token by token rather than reading it as one tree, so that the
     * header's order is kept and a name listed twice — a tensor, or a field of one — is caught
     * and named (a tree would silently keep one of the two).
     */
    private void parse(String json) {
        Map<String, JsonNode> top = new LinkedHashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw bad("the header of " + file + " is empty");
            }
            if (token != JsonToken.START_OBJECT) {
                throw bad("the header of " + file + " is a JSON " + kind(parser.readValueAsTree())
                        + ", not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                if (top.containsKey(key)) {
                    throw bad("the header of " + file + " lists '" + key + "' twice");
                }
                String where = key.equals(METADATA_KEY)
                        ? "the " + METADATA_KEY + " of " + file : "tensor '" + key + "' in " + file;
                top.put(key, parser.nextToken() == JsonToken.START_OBJECT
                        ? readObject(parser, where) : orNull(parser.readValueAsTree()));
            }
            if (parser.nextToken() != null) {
                throw bad("the header of " + file + " goes on after its JSON object ends");
            }
        } catch (JsonProcessingException e) {
            throw bad("the header of " + file + " is not valid JSON (" + jsonProblem(e) + ")");
        } catch (IOException e) {
            // Parsing a String performs no I/O; anything here is a parser bug.
            throw new IllegalStateException(e);
        }
        for (Map.Entry<String, JsonNode> entry : top.entrySet()) {
            if (entry.getKey().equals(METADATA_KEY)) {
                readMetadata(entry.getValue());
            } else {
                slots.add(slot(entry.getKey(), entry.getValue()));
            }
        }
    }

    /** The object the parser is at, with its fields in order; a field listed twice is an error. */
    private static JsonNode readObject(JsonParser parser, String where) throws IOException {
        ObjectNode object = JSON.createObjectNode();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (object.has(field)) {
                throw bad(where + " lists '" + field + "' twice");
            }
            parser.nextToken();
            object.set(field, orNull(parser.readValueAsTree()));
        }
        return object;
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? NullNode.getInstance() : node;
    }

    private void readMetadata(JsonNode value) {
        if (value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            throw bad("the " + METADATA_KEY + " of " + file + " is a JSON " + kind(value)
                    + ", not an object of strings");
        }
        for (Map.Entry<String, JsonNode> field : value.properties()) {
            if (!field.getValue().isTextual()) {
                throw bad("metadata entry '" + field.getKey() + "' in " + file + " is a JSON "
                        + kind(field.getValue()) + ", not a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
    }

    private Slot slot(String name, JsonNode info) {
        String where = "tensor '" + name + "' in " + file;
        if (!info.isObject()) {
            throw bad(where + " is described by a JSON " + kind(info) + ", not an object");
        }
        for (String field : List.of("dtype", "shape", "data_offsets")) {
            if (!info.has(field)) {
                throw bad(where + " has no \"" + field + "\"");
            }
        }
        DType dtype = dtype(name, info.get("dtype"));
        int[] shape = shape(name, info.get("shape"));
        JsonNode offsets = info.get("data_offsets");
        if (!offsets.isArray() || offsets.size() != 2) {
            throw bad("data_offsets of " + where + " is " + offsets + ", not a pair [begin, end]");
        }
        long begin = offset(name, offsets.get(0));
        long end = offset(name, offsets.get(1));
        if (end < begin) {
            throw bad("data_offsets of " + where + " end before they begin (" + offsets + ")");
        }
        return new Slot(name, dtype, shape, begin, end);
    }

    private DType dtype(String name, JsonNode node) {
        if (!node.isTextual()) {
            throw bad("dtype of tensor '" + name + "' in " + file + " is a JSON " + kind(node)
                    + ", not a string");
        }
        String text = node.textValue();
        DType dtype = DType.named(text);
        if (dtype == null) {
            throw bad("tensor '" + name + "' in " + file + " has unknown dtype \"" + text
                    + "\", which is not a safetensors dtype");
        }
        return dtype;
    }

    private int[] shape(String name, JsonNode node) {
        if (!node.isArray()) {
            throw bad("shape of tensor '" + name + "' in " + file + " is a JSON " + kind(node)
                    + ", not a list of sizes");
        }
        int[] shape = new int[node.size()];
        long nonZeroProduct = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = node.get(i);
            if (!isNonNegativeInteger(d)) {
                throw bad("shape of tensor '" + name + "' in " + file + " has size " + d
                        + ", not a non-negative integer");
            }
            // Bound the product of the non-zero sizes, so that even a tensor with a zero
            // size cannot claim dimensions no array could hold.
            long size = d.bigIntegerValue().min(BigInteger.valueOf(MAX_VALUES + 1)).longValue();
            if (size > 0) {
                nonZeroProduct = Math.min(nonZeroProduct * size, MAX_VALUES + 1);
            }
            if (nonZeroProduct > MAX_VALUES) {
                throw bad("tensor '" + name + "' in " + file + " has shape " + node
                        + ", more values than depthlab can hold in one array (at most " + MAX_VALUES + ")");
            }
            shape[i] = (int) size;
        }
        return shape;
    }

    private long offset(String name, JsonNode node) {
        if (!isNonNegativeInteger(node) || node.bigIntegerValue().bitLength() > 63) {
            throw bad("data_offsets of tensor '" + name + "' in " + file + " holds " + node
                    + ", not a non-negative integer");
        }
        return node.longValue();
    }

    /**
     * Checks that every tensor lies inside the data buffer, spans exactly shape × dtype size
     * bytes, and that together they cover the buffer with no gap and no overlap.
     */
    private void checkLayout(long bufferBytes) {
        for (Slot s : slots) {
            String where = "tensor '" + s.name() + "' in " + file;
            if (s.end() > bufferBytes) {
                throw bad("data_offsets of " + where + ", [" + s.begin() + ", " + s.end()
                        + "], reach past the end of its " + bufferBytes + "-byte data buffer");
            }
            long count = 1;
            for (int d : s.shape()) {
                count *= d;
            }
            long bits = count * s.dtype().bits();
            if (bits % 8 != 0) {
                throw bad(where + " has shape " + SafeTensorsFile.shapeText(s.shape()) + " of " + s.dtype()
                        + ", " + count + " values of " + s.dtype().bits() + " bits, which do not fill a whole"
                        + " number of bytes");
            }
            long expected = bits / 8;
            if (s.end() - s.begin() != expected) {
                throw bad(where + " has shape " + SafeTensorsFile.shapeText(s.shape()) + " of "
                        + s.dtype() + ", which takes " + expected + " bytes, but its data_offsets ["
                        + s.begin() + ", " + s.end() + "] span " + (s.end() - s.begin()));
            }
        }
        List<Slot> byPosition = new ArrayList<>(slots);
        byPosition.sort(Comparator.comparingLong(Slot::begin).thenComparingLong(Slot::end));
        long covered = 0;
        Slot previous = null;
        for (Slot s : byPosition) {
            if (s.begin() < covered) {
                throw bad("tensors '" + previous.name() + "' and '" + s.name() + "' in " + file
                        + " overlap in the data buffer ([" + previous.begin() + ", " + previous.end()
                        + "] and [" + s.begin() + ", " + s.end() + "])");
            }
            if (s.begin() > covered) {
                throw unclaimed(covered, s.begin());
            }
            covered = s.end();
            previous = s;
        }
        if (covered < bufferBytes) {
            throw unclaimed(covered, bufferBytes);
        }
    }

    private BadInputException unclaimed(long from, long to) {
        return bad("bytes [" + from + ", " + to + "] of the data buffer in " + file
                + " belong to no tensor");
    }

    private static boolean isNonNegativeInteger(JsonNode node) {
        return node != null && node.isIntegralNumber() && node.bigIntegerValue().signum() >= 0;
    }

    /** "object", "array", "string", "number", "boolean" or "null", for messages. */
    private static String kind(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "object";
            case ARRAY -> "array";
            case STRING, BINARY -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Jackson's own description, first line only, with where in the header it stopped. */
    private static String jsonProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "unreadable" : e.getOriginalMessage();
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        JsonLocation at = e.getLocation();
        return at == null ? first : first + ", at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    private static BadInputException bad(String message) {
        return new BadInputException(message);
    }

    /** Fills {@code buffer} from {@code position}; a file that ends early is an I/O error. */
    static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file ended early (was it changed while being read?)");
            }
            at += n;
        }
    }
}
