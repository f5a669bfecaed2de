package org.depthlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;

/**
 * Weights on disk in the safetensors format, so that they move to and from PyTorch unchanged.
 *
 * <p>A safetensors file (Hugging Face, github.com/huggingface/safetensors, README "Format") is
 * an 8-byte little-endian header length N, N bytes of JSON naming each tensor's dtype, shape
 * and byte range, and then the raw little-endian, row-major values. It holds nothing
 * executable, which is why depthlab uses it rather than a pickle. {@link SafeTensorsHeader}
 * describes the checks a file must pass before any value is read.
 *
 * <p>depthlab's matrices are 2-D, so a matrix is written with shape {@code [rows, cols]}; on
 * load, PyTorch's 1-D vectors (biases, norm weights) of shape {@code [n]} are accepted for a
 * 1×n parameter. Values are float64 throughout; a file may store weights as F32, F16 or
 * BF16 (PyTorch's usual types), which are widened exactly on load and rounded to nearest on
 * save, and numbers as integers or booleans (see {@link DType} for what each type is used for).
 *
 * <p>Every problem a user can cause — a missing, unreadable, corrupt or mismatched file — is
 * a {@link BadInputException} with one sentence naming the file. Writes are atomic
 * ({@link AtomicFiles}).
 */
public final class SafeTensors {

    /** Values converted per chunk when reading or writing, so big tensors need no big buffer. */
    private static final int CHUNK_BYTES = 1 << 16;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private SafeTensors() {
    }

    /**
     * Writes matrices to {@code file}, atomically, in the map's iteration order (pass a
     * {@link LinkedHashMap} for a stable file). Each matrix gets shape {@code [rows, cols]}.
     *
     * @param metadata free-form strings stored as the header's {@code __metadata__} (may be
     *                 empty or null), written in key order whatever the map's order, so that
     *                 the same content always gives the same bytes
     * @param dtype    F64 stores the values exactly; F32, F16 and BF16 round each to the nearest
     *                 value of the type (and values beyond its range become infinities)
     * @throws IllegalArgumentException if a name is {@code __metadata__}, a name or string
     *                                  is not well-formed Unicode (a lone surrogate), or the
     *                                  dtype is not a float type
     * @throws BadInputException        if the file cannot be written
     */
    public static void write(Path file, Map<String, DMatrixRMaj> tensors, Map<String, String> metadata,
            DType dtype) {
        List<Stored> stored = new ArrayList<>();
        for (Map.Entry<String, DMatrixRMaj> t : tensors.entrySet()) {
            DMatrixRMaj m = t.getValue();
            stored.add(new Stored(t.getKey(), dtype, new int[] {m.numRows, m.numCols}, m.data, m.getNumElements()));
        }
        writeStored(file, stored, metadata);
    }

    /**
     * Writes tensors of any shape, each in its own float dtype, to {@code file}, atomically and
     * in list order: what a PyTorch state dict needs (1-D vectors, F32 weights beside BF16
     * buffers). Each entry's values are rounded to its dtype as {@link #write(Path, Map, Map, DType)}
     * describes.
     *
     * @throws IllegalArgumentException if two entries share a name, a name is {@code __metadata__},
     *                                  a name or string is not well-formed Unicode, or a dtype is
     *                                  not F64, F32, F16 or BF16
     * @throws BadInputException        if the file cannot be written
     */
    public static void writeEntries(Path file, List<SafeTensorsFile.Entry> tensors, Map<String, String> metadata) {
        List<Stored> stored = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (SafeTensorsFile.Entry e : tensors) {
            if (!names.add(e.name())) {
                throw new IllegalArgumentException("two tensors are named '" + e.name() + "'");
            }
            stored.add(new Stored(e.name(), e.dtype(), e.shape(), e.data(), e.size()));
        }
        writeStored(file, stored, metadata);
    }

    /** One tensor to write: the first {@code count} values of {@code data}, row-major. */
    private record Stored(String name, DType dtype, int[] shape, double[] data, int count) {
    }

    private static void writeStored(Path file, List<Stored> tensors, Map<String, String> metadata) {
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        ObjectNode header = JSON.createObjectNode();
        if (!meta.isEmpty()) {
            ObjectNode m = header.putObject(SafeTensorsHeader.METADATA_KEY);
            new java.util.TreeMap<>(meta).forEach((k, v) -> m.put(requireText("metadata key", k), requireText("metadata value", v)));
        }
        long offset = 0;
        for (Stored t : tensors) {
            String name = requireText("tensor name", t.name());
            if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + name);
            }
            if (!t.dtype().isFloat()) {
                throw new IllegalArgumentException("depthlab writes F64, F32, F16 and BF16 tensors, not "
                        + t.dtype() + " ('" + name + "')");
            }
            long bytes = (long) t.count() * t.dtype().bytes();
            ObjectNode info = header.putObject(name);
            info.put("dtype", t.dtype().name());
            var shape = info.putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
            info.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            // A tree of strings and numbers always serialises; failing here is a bug.
            throw new IllegalStateException(e);
        }
        // Pad with spaces to a multiple of 8, as the reference writer does, so that the data
        // buffer starts 8-byte aligned and a reader may map F64 values in place.
        int padded = (json.length + 7) / 8 * 8;
        byte[] headerBytes = Arrays.copyOf(json, padded);
        Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

        AtomicFiles.write(file, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(padded);
            out.write(chunk.array(), 0, 8);
            out.write(headerBytes);
            for (Stored t : tensors) {
                writeValues(out, t, chunk);
            }
        });
    }

    /**
     * Writes a model's named parameters in F64 (exact), in list order, each under its
     * {@link Tensor#name()}.
     *
     * @throws IllegalArgumentException if a tensor has no name or two share one
     */
    public static void write(Path file, List<Tensor> namedParameters, Map<String, String> metadata) {
        Map<String, DMatrixRMaj> values = new LinkedHashMap<>();
        byName(namedParameters).forEach((name, t) -> values.put(name, t.value()));
        write(file, values, metadata, DType.F64);
    }

    /**
     * What a file holds, from its header alone: every tensor's name, dtype and shape, and the
     * metadata — for any dtype, including those depthlab does not read. The header gets every
     * check {@link #read} makes (so a listed file is well-formed); no value is read.
     *
     * @throws BadInputException naming the file and the problem, if it cannot be read or is
     *                           not a well-formed safetensors file
     */
    public static SafeTensorsListing list(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + file + ": it is a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensorsHeader header = SafeTensorsHeader.read(file, channel);
            List<SafeTensorsListing.Entry> entries = new ArrayList<>();
            for (SafeTensorsHeader.Slot s : header.slots()) {
                entries.add(new SafeTensorsListing.Entry(s.name(), s.dtype(), s.shape()));
            }
            return new SafeTensorsListing(List.copyOf(entries), header.metadata());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * Reads a whole file, after checking all of it: the header length against the file size
     * and a 100 MB cap, the header as UTF-8 JSON of the expected form, each tensor's dtype,
     * shape and byte range, and that the tensors cover the data buffer exactly. No value is
     * read, and nothing large allocated, before the header has passed.
     *
     * <p>Every value becomes a float64, exactly: F64 as it is, F32, F16 and BF16 widened,
     * integers and booleans as the whole numbers they are.
     *
     * @throws BadInputException naming the file and the problem, if it cannot be read, is not
     *                           a well-formed safetensors file, holds a dtype depthlab does not
     *                           read (8-, 6- or 4-bit floats, complex numbers), or a 64-bit
     *                           integer that no float64 holds exactly
     */
    public static SafeTensorsFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + file + ": it is a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensorsHeader header = SafeTensorsHeader.read(file, channel);
            for (SafeTensorsHeader.Slot s : header.slots()) {
                if (!s.dtype().readable()) {
                    throw new BadInputException("tensor '" + s.name() + "' in " + file + " is " + s.dtype()
                            + ", which depthlab lists (inspect) but does not read as numbers; it reads F64, F32,"
                            + " F16, BF16, integers and BOOL");
                }
            }
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, SafeTensorsFile.Entry> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Slot s : header.slots()) {
                double[] values = readValues(file, channel, header.dataStart() + s.begin(), s, chunk);
                tensors.put(s.name(), new SafeTensorsFile.Entry(s.name(), s.dtype(), s.shape(), values));
            }
            return new SafeTensorsFile(Collections.unmodifiableMap(tensors), header.metadata());
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + IoErrors.reason(e), e);
        }
    }

    /**
     * Loads a file's values into a model's parameters, in place, after checking that the file
     * holds exactly the tensors the model has, each of the right shape: {@code [r, c]} for an
     * r×c parameter, or {@code [c]} (and {@code []} for 1×1) for a one-row parameter — and
     * each a float (F64, F32, F16 or BF16, widened exactly). Nothing is changed unless every
     * check passes.
     *
     * @return the file's metadata
     * @throws BadInputException naming the file, the tensor and the shapes, if a tensor the
     *                           model needs is missing, has another shape or is not a float,
     *                           or if the file has a tensor the model does not
     * @throws IllegalArgumentException if a parameter has no name or two share one
     */
    public static Map<String, String> loadInto(Path file, List<Tensor> parameters) {
        Map<String, Tensor> model = byName(parameters);
        SafeTensorsFile stored = read(file);
        for (Tensor p : parameters) {
            SafeTensorsFile.Entry e = stored.tensors().get(p.name());
            String wanted = "[" + p.rows() + ", " + p.cols() + "]";
            if (e == null) {
                throw new BadInputException(file + " has no tensor '" + p.name()
                        + "', which the model needs with shape " + wanted);
            }
            if (!fits(e.shape(), p.rows(), p.cols())) {
                throw new BadInputException("tensor '" + p.name() + "' in " + file + " has shape "
                        + SafeTensorsFile.shapeText(e.shape()) + " but the model's parameter has shape " + wanted);
            }
            if (!e.dtype().isFloat()) {
                throw new BadInputException("tensor '" + p.name() + "' in " + file + " holds " + e.dtype()
                        + " values; a weight must be F64, F32, F16 or BF16");
            }
        }
        for (SafeTensorsFile.Entry e : stored.tensors().values()) {
            if (!model.containsKey(e.name())) {
                throw new BadInputException(file + " has tensor '" + e.name() + "' of shape "
                        + SafeTensorsFile.shapeText(e.shape()) + ", which the model does not have");
            }
        }
        for (Tensor p : parameters) {
            double[] values = stored.tensors().get(p.name()).data();
            System.arraycopy(values, 0, p.value().data, 0, values.length);
        }
        return stored.metadata();
    }

    /** Whether a stored shape can fill an r×c parameter: [r, c], or [c] / [] for one row. */
    private static boolean fits(int[] shape, int rows, int cols) {
        return switch (shape.length) {
            case 0 -> rows == 1 && cols == 1;
            case 1 -> rows == 1 && shape[0] == cols;
            case 2 -> shape[0] == rows && shape[1] == cols;
            default -> false;
        };
    }

    /** Name to tensor, in list order; a missing or repeated name is a bug in the model. */
    private static Map<String, Tensor> byName(List<Tensor> tensors) {
        Map<String, Tensor> map = new LinkedHashMap<>();
        for (Tensor t : tensors) {
            if (t.name() == null) {
                throw new IllegalArgumentException("an unnamed tensor cannot be stored or loaded: " + t);
            }
            if (map.put(t.name(), t) != null) {
                throw new IllegalArgumentException("two parameters are named '" + t.name() + "'");
            }
        }
        return map;
    }

    private static void writeValues(OutputStream out, Stored t, ByteBuffer chunk) throws IOException {
        int n = t.count();
        DType dtype = t.dtype();
        int perChunk = CHUNK_BYTES / dtype.bytes();
        for (int start = 0; start < n; start += perChunk) {
            int end = Math.min(n, start + perChunk);
            chunk.clear();
            for (int i = start; i < end; i++) {
                double v = t.data()[i];
                switch (dtype) {
                    case F64 -> chunk.putDouble(v);
                    case F32 -> chunk.putFloat((float) v);
                    case F16 -> chunk.putShort(HalfFloats.doubleToF16(v));
                    case BF16 -> chunk.putShort(HalfFloats.doubleToBf16(v));
                    default -> throw new IllegalStateException("not a float dtype: " + dtype);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    /** The largest magnitude up to which every whole number is a float64: 2⁵³. */
    private static final long EXACT_INTEGERS = 1L << 53;

    private static double[] readValues(Path file, FileChannel channel, long position, SafeTensorsHeader.Slot slot,
            ByteBuffer chunk) throws IOException {
        DType dtype = slot.dtype();
        int count = slot.count();
        int size = dtype.bytes();
        double[] values = new double[count];
        int perChunk = CHUNK_BYTES / size;
        for (int start = 0; start < count; start += perChunk) {
            int n = Math.min(count - start, perChunk);
            chunk.clear().limit(n * size);
            SafeTensorsHeader.readFully(channel, chunk, position + (long) start * size);
            chunk.flip();
            for (int i = 0; i < n; i++) {
                values[start + i] = switch (dtype) {
                    case F64 -> chunk.getDouble();
                    case F32 -> chunk.getFloat();
                    case F16 -> HalfFloats.f16ToDouble(chunk.getShort());
                    case BF16 -> HalfFloats.bf16ToDouble(chunk.getShort());
                    case I8 -> chunk.get();
                    case U8 -> chunk.get() & 0xff;
                    case I16 -> chunk.getShort();
                    case U16 -> chunk.getShort() & 0xffff;
                    case I32 -> chunk.getInt();
                    case U32 -> chunk.getInt() & 0xffffffffL;
                    case I64, U64 -> wholeNumber(file, slot, start + i, chunk.getLong());
                    case BOOL -> bool(file, slot, start + i, chunk.get());
                    default -> throw new IllegalStateException("not a readable dtype: " + dtype);
                };
            }
        }
        return values;
    }

    /** A 64-bit integer as a float64, if it is one exactly (|v| ≤ 2⁵³). */
    private static double wholeNumber(Path file, SafeTensorsHeader.Slot slot, int index, long raw) {
        boolean unsigned = slot.dtype().unsigned();
        boolean exact = unsigned ? Long.compareUnsigned(raw, EXACT_INTEGERS) <= 0
                : raw >= -EXACT_INTEGERS && raw <= EXACT_INTEGERS;
        if (!exact) {
            throw new BadInputException("tensor '" + slot.name() + "' in " + file + " holds "
                    + (unsigned ? Long.toUnsignedString(raw) : Long.toString(raw)) + " at position " + index
                    + ", beyond ±2^53, which a float64 cannot hold exactly");
        }
        return raw;
    }

    private static double bool(Path file, SafeTensorsHeader.Slot slot, int index, byte b) {
        if (b != 0 && b != 1) {
            throw new BadInputException("tensor '" + slot.name() + "' in " + file + " is BOOL but holds the byte "
                    + (b & 0xff) + " at position " + index + ", not 0 or 1");
        }
        return b;
    }

    /** A string must be well-formed Unicode to survive UTF-8: no lone surrogate halves. */
    private static String requireText(String what, String s) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(s)) {
            throw new IllegalArgumentException(what + " '" + s + "' is not well-formed Unicode");
        }
        return s;
    }
}
