package org.depthlab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.depthlab.BadInputException;
import org.depthlab.tensor.Tensor;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SafeTensors#loadInto} fills a model only from a file that matches it exactly: every
 * parameter present, each of the parameter's shape, nothing extra. Anything else is one
 * sentence naming the file, the tensor and the shapes, and leaves the model untouched.
 */
class LoadIntoTest {

    @TempDir
    Path dir;

    private static List<Tensor> model() {
        return List.of(
                Tensor.parameter("w", new DMatrixRMaj(2, 3)),
                Tensor.parameter("b", new DMatrixRMaj(1, 3)));
    }

    private Path torchStyleFile(String header, byte[] data) throws Exception {
        Path file = dir.resolve("weights.safetensors");
        Files.write(file, RawFiles.file(header, data));
        return file;
    }

    private static String entry(String name, String dtype, String shape, int begin, int end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[" + begin + "," + end + "]}";
    }

    @Test
    void aMatchingFileLoadsItsValuesAndAOneDimensionalTensorFillsAOneRowParameter() throws Exception {
        Path file = torchStyleFile("{" + entry("w", "F64", "[2,3]", 0, 48) + ","
                + entry("b", "F32", "[3]", 48, 60) + "}",
                RawFiles.concat(RawFiles.f64(1, 2, 3, 4, 5, 6), RawFiles.f32(0.5f, -1f, 2f)));
        List<Tensor> model = model();
        SafeTensors.loadInto(file, model);
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, model.get(0).value().data, 0.0);
        assertEquals(4.0, model.get(0).get(1, 0), 0.0, "row-major");
        assertArrayEquals(new double[] {0.5, -1, 2}, model.get(1).value().data, 0.0);
    }

    @Test
    void aTensorTheModelNeedsButTheFileLacksIsRejected() throws Exception {
        Path file = torchStyleFile("{" + entry("w", "F64", "[2,3]", 0, 48) + "}", RawFiles.f64(1, 2, 3, 4, 5, 6));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.loadInto(file, model()))
                .getMessage();
        assertEquals(file + " has no tensor 'b', which the model needs with shape [1, 3]", message);
    }

    @Test
    void aTensorOfAnotherShapeIsRejectedAndTheModelIsLeftUntouched() throws Exception {
        Path file = torchStyleFile("{" + entry("w", "F64", "[2,3]", 0, 48) + ","
                + entry("b", "F64", "[3,1]", 48, 72) + "}", RawFiles.f64(1, 2, 3, 4, 5, 6, 7, 8, 9));
        List<Tensor> model = model();
        String message = assertThrows(BadInputException.class, () -> SafeTensors.loadInto(file, model))
                .getMessage();
        assertEquals("tensor 'b' in " + file + " has shape [3, 1] but the model's parameter has shape [1, 3]",
                message);
        assertArrayEquals(new double[6], model.get(0).value().data, 0.0, "'w' matched, but nothing was loaded");
    }

    @Test
    void aTransposedMatrixIsRejected() throws Exception {
        Path file = torchStyleFile("{" + entry("w", "F64", "[3,2]", 0, 48) + ","
                + entry("b", "F64", "[3]", 48, 72) + "}", RawFiles.f64(1, 2, 3, 4, 5, 6, 7, 8, 9));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.loadInto(file, model()))
                .getMessage();
        assertEquals("tensor 'w' in " + file + " has shape [3, 2] but the model's parameter has shape [2, 3]",
                message);
    }

    @Test
    void aTensorTheModelDoesNotHaveIsRejected() throws Exception {
        Path file = torchStyleFile("{" + entry("w", "F64", "[2,3]", 0, 48) + ","
                + entry("b", "F64", "[3]", 48, 72) + "," + entry("extra", "F64", "[1,1]", 72, 80) + "}",
                RawFiles.f64(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        String message = assertThrows(BadInputException.class, () -> SafeTensors.loadInto(file, model()))
                .getMessage();
        assertEquals(file + " has tensor 'extra' of shape [1, 1], which the model does not have", message);
    }

    @Test
    void aCorruptFileIsReportedAsCorruptNotAsMismatched() throws Exception {
        Path file = dir.resolve("short.safetensors");
        Files.write(file, new byte[] {1, 2});
        String message = assertThrows(BadInputException.class, () -> SafeTensors.loadInto(file, model()))
                .getMessage();
        assertEquals(file + " is not a safetensors file: it is 2 bytes long, too short for the 8-byte header length",
                message);
    }

    @Test
    void modelsWithUnnamedOrRepeatedParametersAreBugs() {
        Path file = dir.resolve("never-read.safetensors");
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                List.of(Tensor.parameter("a", new DMatrixRMaj(1, 1)), Tensor.parameter("a", new DMatrixRMaj(1, 1))),
                Map.of()));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(file,
                List.of(Tensor.row(1, 2)), Map.of()));
    }
}
