package org.depthlab.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * 1×n parameter. Values are float64 throughout; a file may store them as F32, which is
 * widened exactly on load and rounded to nearest on save.
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
     * @param dtype    F64 stores the values exactly; F32 rounds each to the nearest float (and
     *                 values beyond the float range become infinities)
     * @throws IllegalArgumentException if a name is {@code __metadata__} or a name or string
     *                                  is not well-formed Unicode (a lone surrogate)
     * @throws BadInputException        if the file cannot be written
     */
    public static void write(Path file, Map<String, DMatrixRMaj> tensors, Map<String, String> metadata,
            DType dtype) {
        Map<String, String> meta = metadata == null ? Map.of() : metadata;
        ObjectNode header = JSON.createObjectNode();
        if (!meta.isEmpty()) {
            ObjectNode m = header.putObject(SafeTensorsHeader.METADATA_KEY);
            new java.util.TreeMap<>(meta).forEach((k, v) -> m.put(requireText("metadata key", k), requireText("metadata value", v)));
        }
        long offset = 0;
        for (Map.Entry<String, DMatrixRMaj> t : tensors.entrySet()) {
            String name = requireText("tensor name", t.getKey());
            if (name.equals(SafeTensorsHeader.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor cannot be named " + name);
            }
            DMatrixRMaj m = t.getValue();
            long bytes = (long) m.getNumElements() * dtype.bytes();
            ObjectNode info = header.putObject(name);
            info.put("dtype", dtype.name());
            info.putArray("shape").add(m.numRows).add(m.numCols);
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
            for (DMatrixRMaj m : tensors.values()) {
                writeValues(out, m, dtype, chunk);
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
     * Reads a whole file, after checking all of it: the header length against the file size
     * and a 100 MB cap, the header as UTF-8 JSON of the expected form, each tensor's dtype,
     * shape and byte range, and that the tensors cover the data buffer exactly. No value is
     * read, and nothing large allocated, before the header has passed.
     *
     * @throws BadInputException naming the file and the problem, if it cannot be read or is
     *                           not a well-formed safetensors file of F64/F32 tensors
     */
    public static SafeTensorsFile read(Path file) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + file + ": it is a directory");
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            SafeTensorsHeader header = SafeTensorsHeader.read(file, channel);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, SafeTensorsFile.Entry> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Slot s : header.slots()) {
                double[] values = readValues(channel, header.dataStart() + s.begin(), s.dtype(), s.count(), chunk);
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
     * r×c parameter, or {@code [c]} (and {@code []} for 1×1) for a one-row parameter. Nothing
     * is changed unless every check passes.
     *
     * @return the file's metadata
     * @throws BadInputException naming the file, the tensor and the shapes, if a tensor the
     *                           model needs is missing, has another shape, or if the file has a
     *                           tensor the model does not
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

    private static void writeValues(OutputStream out, DMatrixRMaj m, DType dtype, ByteBuffer chunk)
            throws IOException {
        int n = m.getNumElements();
        int perChunk = CHUNK_BYTES / dtype.bytes();
        for (int start = 0; start < n; start += perChunk) {
            int end = Math.min(n, start + perChunk);
            chunk.clear();
            for (int i = start; i < end; i++) {
                if (dtype == DType.F64) {
                    chunk.putDouble(m.data[i]);
                } else {
                    chunk.putFloat((float) m.data[i]);
                }
            }
            out.write(chunk.array(), 0, chunk.position());
        }
    }

    private static double[] readValues(FileChannel channel, long position, DType dtype, int count,
            ByteBuffer chunk) throws IOException {
        double[] values = new double[count];
        int perChunk = CHUNK_BYTES / dtype.bytes();
        for (int start = 0; start < count; start += perChunk) {
            int n = Math.min(count - start, perChunk);
            chunk.clear().limit(n * dtype.bytes());
            SafeTensorsHeader.readFully(channel, chunk, position + (long) start * dtype.bytes());
            chunk.flip();
            if (dtype == DType.F64) {
                chunk.asDoubleBuffer().get(values, start, n);
            } else {
                FloatBuffer floats = chunk.asFloatBuffer();
                for (int i = 0; i < n; i++) {
                    values[start + i] = floats.get(i);
                }
            }
        }
        return values;
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
