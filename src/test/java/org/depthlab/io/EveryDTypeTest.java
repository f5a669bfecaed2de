package org.depthlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of every safetensors dtype, written by the official {@code safetensors} package
 * ({@code benchmarks/reference/dtype_fixtures.py}; the metadata says which writer made them):
 * the header of each lists, every value depthlab reads comes back exactly, what it does not
 * read is refused by name, and only float tensors load into a model.
 */
class EveryDTypeTest {

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(EveryDTypeTest.class.getResource("/safetensors/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name + "; regenerate with benchmarks/reference/dtype_fixtures.py");
        }
    }

    @Test
    void theOfficialWriterWroteTheFixtures() {
        assertTrue(SafeTensors.list(resource("every_dtype.safetensors")).metadata().get("written_by")
                .startsWith("safetensors "), "written by the safetensors package, not the fallback");
    }

    /** Every dtype the official writer knows is listed with its shape and count; only the 6-bit floats are not in it. */
    @Test
    void everyDTypeIsListedWithItsShapeAndCount() {
        SafeTensorsListing listing = SafeTensors.list(resource("every_dtype.safetensors"));
        Set<DType> seen = EnumSet.noneOf(DType.class);
        for (SafeTensorsListing.Entry e : listing.tensors()) {
            seen.add(e.dtype());
        }
        assertEquals(EnumSet.complementOf(EnumSet.of(DType.F6_E2M3, DType.F6_E3M2)), seen);
        SafeTensorsListing.Entry f4 = find(listing, "packed.f4");
        assertArrayEquals(new int[] {2, 4}, f4.shape());
        assertEquals(8, f4.size());
        assertEquals(4, f4.bytes(), "two F4 values to a byte");
        assertEquals(1, find(listing, "ids.i32").size(), "shape [] is one value");
        assertEquals(0, find(listing, "ids.i8").size(), "shape [0] is none");
        assertEquals(4, find(listing, "weights.f16").size());
    }

    /** The 6-bit floats pack four values into three bytes; a shape that leaves a byte half full is corrupt. */
    @Test
    void packedSixBitFloatsListAndAPartialByteIsRejected() throws Exception {
        Path good = dir.resolve("f6.safetensors");
        Files.write(good, RawFiles.file("{\"a\":{\"dtype\":\"F6_E2M3\",\"shape\":[4],\"data_offsets\":[0,3]},"
                + "\"b\":{\"dtype\":\"F6_E3M2\",\"shape\":[2,2],\"data_offsets\":[3,6]}}", new byte[6]));
        assertEquals(List.of(DType.F6_E2M3, DType.F6_E3M2),
                SafeTensors.list(good).tensors().stream().map(SafeTensorsListing.Entry::dtype).toList());
        Path bad = dir.resolve("f6-bad.safetensors");
        Files.write(bad, RawFiles.file("{\"a\":{\"dtype\":\"F6_E2M3\",\"shape\":[3],\"data_offsets\":[0,3]}}",
                new byte[3]));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.list(bad)).getMessage();
        assertTrue(message.contains("3 values of 6 bits, which do not fill a whole number of bytes"), message);
    }

    /** Every number of every readable dtype comes back as the float64 it is, edge values included. */
    @Test
    void everyReadableDTypeReadsExactly() {
        SafeTensorsFile read = SafeTensors.read(resource("numbers.safetensors"));
        Map<String, SafeTensorsFile.Entry> t = read.tensors();
        assertValues(t, "f64", DType.F64, 1.0 / 3, -0.0, 1e300);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(t.get("f64").data()[1]), "-0 kept");
        assertValues(t, "f32", DType.F32, 0.1f, -2.5, Float.MAX_VALUE, Float.MIN_VALUE);
        assertValues(t, "f16", DType.F16, 1.5, -2, 65504, 0x1p-24, Double.POSITIVE_INFINITY);
        assertValues(t, "bf16", DType.BF16, 1, -3.140625, 0x1p-133, 0x1.fep127);
        assertValues(t, "i64", DType.I64, -0x1p53, 0x1p53, 7);
        assertValues(t, "u64", DType.U64, 0x1p53, 0);
        assertValues(t, "i32", DType.I32, Integer.MIN_VALUE, Integer.MAX_VALUE);
        assertValues(t, "u32", DType.U32, 4294967295.0);
        assertValues(t, "i16", DType.I16, -32768, 32767);
        assertValues(t, "u16", DType.U16, 65535);
        assertValues(t, "i8", DType.I8, -128, 127);
        assertValues(t, "u8", DType.U8, 0, 255);
        assertValues(t, "mask", DType.BOOL, 0, 1, 1);
        assertValues(t, "scalar", DType.F64, 2.5);
        assertValues(t, "empty", DType.F32);
        assertArrayEquals(new int[] {1, 3}, t.get("mask").shape());
    }

    private static void assertValues(Map<String, SafeTensorsFile.Entry> tensors, String name, DType dtype,
            double... expected) {
        SafeTensorsFile.Entry e = tensors.get(name);
        assertEquals(dtype, e.dtype(), name);
        assertArrayEquals(expected, e.data(), 0.0, name);
    }

    @Test
    void aDTypeDepthlabDoesNotReadIsRefusedByName() {
        Path file = resource("every_dtype.safetensors");
        String message = assertThrows(BadInputException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(message.contains("which depthlab lists (inspect) but does not read as numbers"), message);
        assertTrue(message.contains("tensor 'phase.c64' in " + file + " is C64"), "the first such tensor: " + message);
    }

    @Test
    void aSixtyFourBitIntegerBeyondTwoToTheFiftyThreeIsRefusedNotRounded() throws Exception {
        Path file = dir.resolve("big.safetensors");
        Files.write(file, RawFiles.file("{\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}",
                RawFiles.concat(RawFiles.le64(1), RawFiles.le64((1L << 53) + 1))));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(message.contains("holds 9007199254740993 at position 1, beyond ±2^53"), message);
        Path unsigned = dir.resolve("u64.safetensors");
        Files.write(unsigned, RawFiles.file("{\"n\":{\"dtype\":\"U64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                RawFiles.le64(-1L)));
        message = assertThrows(BadInputException.class, () -> SafeTensors.read(unsigned)).getMessage();
        assertTrue(message.contains("holds 18446744073709551615 at position 0"), message);
    }

    @Test
    void aBooleanByteOtherThanZeroOrOneIsRefused() throws Exception {
        Path file = dir.resolve("bool.safetensors");
        Files.write(file, RawFiles.file("{\"m\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[0,2]}}",
                new byte[] {1, 7}));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(message.contains("is BOOL but holds the byte 7 at position 1, not 0 or 1"), message);
    }

    /** F16 and BF16 weights load into a model exactly; an integer tensor is refused as a weight. */
    @Test
    void halfPrecisionWeightsLoadExactlyAndIntegersDoNot() throws Exception {
        Path file = dir.resolve("half.safetensors");
        Files.write(file, RawFiles.file("{\"w\":{\"dtype\":\"BF16\",\"shape\":[1,2],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[4,8]}}",
                new byte[] {(byte) 0x80, 0x3f, 0x49, (byte) 0xc0, 0x00, 0x3e, 0x00, (byte) 0xbc}));
        List<Tensor> model = List.of(Tensor.parameter("w", new DMatrixRMaj(1, 2)),
                Tensor.parameter("b", new DMatrixRMaj(1, 2)));
        SafeTensors.loadInto(file, model);
        assertArrayEquals(new double[] {1.0, -3.140625}, model.get(0).value().data, 0.0);
        assertArrayEquals(new double[] {1.5, -1.0}, model.get(1).value().data, 0.0);

        Path ints = dir.resolve("ints.safetensors");
        Files.write(ints, RawFiles.file("{\"w\":{\"dtype\":\"I64\",\"shape\":[1,2],\"data_offsets\":[0,16]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", new byte[24]));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.loadInto(ints, model)).getMessage();
        assertEquals("tensor 'w' in " + ints + " holds I64 values; a weight must be F64, F32, F16 or BF16", message);
    }

    /** Tensors of any shape, each in its own float dtype, are written as given and read back rounded to it. */
    @Test
    void entriesOfMixedFloatDTypesAndShapesRoundTrip() {
        Path file = dir.resolve("mixed.safetensors");
        double third = 1.0 / 3;
        List<SafeTensorsFile.Entry> entries = List.of(
                new SafeTensorsFile.Entry("a", DType.F64, new int[] {3}, new double[] {third, -0.0, 7}),
                new SafeTensorsFile.Entry("b", DType.F32, new int[] {1, 1, 2}, new double[] {third, 1e40}),
                new SafeTensorsFile.Entry("c", DType.BF16, new int[] {}, new double[] {third}),
                new SafeTensorsFile.Entry("d", DType.F16, new int[] {2}, new double[] {third, -70000}));
        SafeTensors.writeEntries(file, entries, Map.of("k", "v"));
        SafeTensorsFile read = SafeTensors.read(file);
        assertEquals(List.of("a", "b", "c", "d"), new ArrayList<>(read.tensors().keySet()));
        assertEquals(entries.get(0), read.tensors().get("a"));
        assertArrayEquals(new double[] {(float) third, Double.POSITIVE_INFINITY}, read.tensors().get("b").data(), 0.0);
        assertArrayEquals(new int[] {1, 1, 2}, read.tensors().get("b").shape());
        assertArrayEquals(new double[] {HalfFloats.bf16ToDouble(HalfFloats.doubleToBf16(third))},
                read.tensors().get("c").data(), 0.0);
        assertEquals(0.333984375, read.tensors().get("c").data()[0], 0.0, "1/3 in BF16");
        assertArrayEquals(new double[] {0.333251953125, Double.NEGATIVE_INFINITY}, read.tensors().get("d").data(), 0.0);
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.writeEntries(file, List.of(
                new SafeTensorsFile.Entry("n", DType.I64, new int[] {1}, new double[] {1})), Map.of()));
    }

    private static SafeTensorsListing.Entry find(SafeTensorsListing listing, String name) {
        return listing.tensors().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tensor " + name));
    }
}
