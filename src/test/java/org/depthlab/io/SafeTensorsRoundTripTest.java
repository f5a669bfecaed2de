package org.depthlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.tensor.Tensor;
import org.depthlab.testing.Props;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link SafeTensors#write} stores, {@link SafeTensors#read} gives back — and the bytes on
 * disk are the safetensors format, not merely something this reader understands.
 */
class SafeTensorsRoundTripTest {

    @TempDir
    Path dir;

    /**
     * The same content gives the same bytes: metadata is written in key order, whatever order
     * the caller's map iterates in. (A {@code Map.of} iterates in an order that changes from
     * one JVM run to the next, so without this two runs of the same seed wrote different
     * checkpoint files.)
     */
    @Test
    void metadataInAnyOrderGivesTheSameBytes() throws Exception {
        Map<String, DMatrixRMaj> tensors = new LinkedHashMap<>();
        tensors.put("w", new DMatrixRMaj(new double[][] {{1.5, -2.0}}));
        Map<String, String> forward = new LinkedHashMap<>();
        Map<String, String> backward = new LinkedHashMap<>();
        List<String> keys = List.of("format", "generation", "model");
        for (int i = 0; i < keys.size(); i++) {
            forward.put(keys.get(i), "v" + i);
            int j = keys.size() - 1 - i;
            backward.put(keys.get(j), "v" + j);
        }
        Path first = dir.resolve("forward.safetensors");
        Path second = dir.resolve("backward.safetensors");
        SafeTensors.write(first, tensors, forward, DType.F64);
        SafeTensors.write(second, tensors, backward, DType.F64);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second),
                "the same tensors and metadata must give the same file");
    }

    /**
     * Claim: for any tensor names (any Unicode, control characters and astral planes included),
     * any shapes (sizes 0 and 1 included), any values (NaN payloads, infinities, subnormals,
     * -0.0) and any metadata, reading what was written gives the same names in the same order,
     * the shapes [rows, cols], the same metadata, and the same values — bit for bit in F64,
     * and each rounded to the type in F32, F16 and BF16. QuickTheories reports the seed of a failing case.
     */
    @Test
    void readingWhatWasWrittenGivesTheSameTensorsAndMetadata() {
        Path file = dir.resolve("round-trip.safetensors");
        Props.qt(150)
                .forAll(longs().all(), integers().between(0, 5), integers().between(0, 3))
                .checkAssert((seed, tensorCount, metadataCount) -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    Map<String, DMatrixRMaj> tensors = new LinkedHashMap<>();
                    while (tensors.size() < tensorCount) {
                        String name = randomText(random);
                        if (!name.equals("__metadata__")) {
                            tensors.put(name, randomMatrix(random));
                        }
                    }
                    Map<String, String> metadata = new LinkedHashMap<>();
                    while (metadata.size() < metadataCount) {
                        metadata.put(randomText(random), randomText(random));
                    }
                    for (DType dtype : List.of(DType.F64, DType.F32, DType.F16, DType.BF16)) {
                        SafeTensors.write(file, tensors, metadata, dtype);
                        SafeTensorsFile read = SafeTensors.read(file);
                        assertEquals(metadata, read.metadata(), "metadata");
                        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(read.tensors().keySet()),
                                "names in order");
                        for (Map.Entry<String, DMatrixRMaj> t : tensors.entrySet()) {
                            DMatrixRMaj m = t.getValue();
                            SafeTensorsFile.Entry e = read.tensors().get(t.getKey());
                            assertEquals(dtype, e.dtype());
                            assertArrayEquals(new int[] {m.numRows, m.numCols}, e.shape(), "shape");
                            assertArrayEquals(storedBits(m, dtype), bits(e.data(), dtype),
                                    "values of '" + t.getKey() + "' in " + dtype);
                            DMatrixRMaj back = e.matrix();
                            assertEquals(m.numRows, back.numRows);
                            assertEquals(m.numCols, back.numCols);
                        }
                    }
                });
    }

    /**
     * The exact bytes of a small file, worked out from the format by hand: the header keys in
     * the reference writer's order, padded with spaces to a multiple of 8, F32 little-endian.
     */
    @Test
    void theWrittenBytesAreTheSafetensorsLayout() throws Exception {
        Path file = dir.resolve("small.safetensors");
        Map<String, DMatrixRMaj> tensors = new LinkedHashMap<>();
        tensors.put("w", new DMatrixRMaj(1, 2, true, 1.0, 2.0));
        SafeTensors.write(file, tensors, Map.of(), DType.F32);

        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}";
        String padded = json + " ".repeat((8 - json.length() % 8) % 8);
        byte[] expected = RawFiles.file(padded, RawFiles.f32(1.0f, 2.0f));
        assertArrayEquals(expected, Files.readAllBytes(file));
        assertEquals(0, padded.getBytes(StandardCharsets.UTF_8).length % 8, "data starts 8-byte aligned");
    }

    /** A PyTorch-style file — F32, a 1-D bias, a 3-D tensor — reads as documented. */
    @Test
    void aPyTorchStyleFileReadsWithOneDimensionalAndHigherRankTensors() throws Exception {
        String header = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
                + "\"cube\":{\"dtype\":\"F64\",\"shape\":[2,1,2],\"data_offsets\":[12,44]},"
                + "\"scale\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[44,52]}}";
        Path file = dir.resolve("torch.safetensors");
        Files.write(file, RawFiles.file(header, RawFiles.concat(RawFiles.f32(0.1f, -2f, 3.5f),
                RawFiles.f64(1, 2, 3, 4), RawFiles.f64(7))));

        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(List.of("bias", "cube", "scale"), new ArrayList<>(read.tensors().keySet()));

        SafeTensorsFile.Entry bias = read.tensors().get("bias");
        assertArrayEquals(new double[] {0.1f, -2f, 3.5f}, bias.data(), 0.0, "F32 widened exactly");
        DMatrixRMaj biasRow = bias.matrix();
        assertEquals(1, biasRow.numRows);
        assertEquals(3, biasRow.numCols);

        DMatrixRMaj cube = read.tensors().get("cube").matrix();
        assertEquals(2, cube.numRows);
        assertEquals(2, cube.numCols);
        assertEquals(3.0, cube.get(1, 0), 0.0);

        DMatrixRMaj scale = read.tensors().get("scale").matrix();
        assertEquals(1, scale.getNumElements());
        assertEquals(7.0, scale.get(0, 0), 0.0);
    }

    /** Writing a model's parameters by name and loading them into fresh ones restores them. */
    @Test
    void namedParametersSurviveWriteAndLoad() {
        Path file = dir.resolve("model.safetensors");
        List<Tensor> model = List.of(
                Tensor.parameter("embed.weight", new DMatrixRMaj(new double[][] {{1, 2}, {3, 4}, {5, 6}})),
                Tensor.parameter("norm.weight", new DMatrixRMaj(1, 2, true, -0.5, 0.25)));
        SafeTensors.write(file, model, Map.of("depthlab", "test"));

        List<Tensor> fresh = List.of(
                Tensor.parameter("embed.weight", new DMatrixRMaj(3, 2)),
                Tensor.parameter("norm.weight", new DMatrixRMaj(1, 2)));
        Map<String, String> metadata = SafeTensors.loadInto(file, fresh);

        assertEquals(Map.of("depthlab", "test"), metadata);
        for (int i = 0; i < model.size(); i++) {
            assertArrayEquals(model.get(i).value().data, fresh.get(i).value().data, 0.0);
        }
    }

    private static long[] storedBits(DMatrixRMaj m, DType dtype) {
        double[] expected = new double[m.getNumElements()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = switch (dtype) {
                case F64 -> m.data[i];
                case F32 -> (float) m.data[i];
                case F16 -> HalfFloats.f16ToDouble(HalfFloats.doubleToF16(m.data[i]));
                case BF16 -> HalfFloats.bf16ToDouble(HalfFloats.doubleToBf16(m.data[i]));
                default -> throw new AssertionError(dtype);
            };
        }
        return bits(expected, dtype);
    }

    /** Raw bits for F64 (NaN payloads must survive); canonical bits after float rounding. */
    private static long[] bits(double[] values, DType dtype) {
        long[] bits = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = dtype == DType.F64
                    ? Double.doubleToRawLongBits(values[i]) : Double.doubleToLongBits(values[i]);
        }
        return bits;
    }

    private static DMatrixRMaj randomMatrix(SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(randomSize(random), randomSize(random));
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = randomValue(random);
        }
        return m;
    }

    /** Mostly 1 to 4, sometimes 0 (an empty tensor) or larger. */
    private static int randomSize(SplittableRandom random) {
        int pick = random.nextInt(10);
        return pick == 0 ? 0 : pick < 4 ? 1 : pick < 9 ? random.nextInt(2, 5) : random.nextInt(5, 40);
    }

    private static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE, Float.MAX_VALUE * 2.0, 1e-310};

    private static double randomValue(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> Double.longBitsToDouble(random.nextLong());
            case 1 -> SPECIAL[random.nextInt(SPECIAL.length)];
            default -> random.nextDouble(-10, 10);
        };
    }

    /** 0 to 8 code points: ASCII, control characters, the rest of the BMP, astral planes. */
    private static String randomText(SplittableRandom random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(9);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            int c;
            if (kind < 5) {
                c = random.nextInt(0x20, 0x7F);
            } else if (kind < 6) {
                c = random.nextInt(0x00, 0x20);
            } else if (kind < 8) {
                do {
                    c = random.nextInt(0x80, 0x10000);
                } while (c >= 0xD800 && c <= 0xDFFF);
            } else {
                c = random.nextInt(0x10000, 0x110000);
            }
            s.appendCodePoint(c);
        }
        return s.toString();
    }
}
