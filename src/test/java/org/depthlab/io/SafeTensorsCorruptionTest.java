package org.depthlab.io;

import static org.depthlab.io.RawFiles.concat;
import static org.depthlab.io.RawFiles.f64;
import static org.depthlab.io.RawFiles.file;
import static org.depthlab.io.RawFiles.le64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a safetensors file can be wrong gets its own one-sentence message that names the
 * file. Each case below writes the corrupt bytes by hand and names the phrase that identifies
 * its kind of corruption; {@link #eachKindOfCorruptionHasItsOwnMessage} then checks that no
 * other kind's message contains that phrase, so no two kinds share a message.
 */
class SafeTensorsCorruptionTest {

    @TempDir
    Path dir;

    /** A corrupt file: the kind of problem, the phrase its message must contain, the bytes. */
    record Corruption(String kind, String phrase, byte[] bytes) {
        @Override
        public String toString() {
            return kind;
        }
    }

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":" + offsets + "}";
    }

    private static byte[] oneTensor(String entry, byte[] data) {
        return file("{" + entry + "}", data);
    }

    static Stream<Corruption> corruptions() {
        String good = tensor("w", "F64", "[1]", "[0,8]");
        return Stream.of(
                new Corruption("file shorter than 8 bytes", "too short for the 8-byte header length",
                        new byte[] {1, 0, 0}),
                new Corruption("header length over the cap", "is over the limit of 100000000",
                        concat(le64(200_000_000L), "{}".getBytes())),
                new Corruption("header length with the top bit set", "is over the limit of 100000000",
                        concat(le64(-1L), "{}".getBytes())),
                new Corruption("header length past the end of the file", "only 2 bytes follow",
                        concat(le64(64), "{}".getBytes())),
                new Corruption("header not UTF-8", "is not valid UTF-8 text",
                        file(new byte[] {'{', (byte) 0xFF, '}'}, new byte[0])),
                new Corruption("header not JSON", "is not valid JSON",
                        file("{\"w\": ", new byte[0])),
                new Corruption("header all spaces", "header of %s is empty",
                        file("        ", new byte[0])),
                new Corruption("header a JSON array", "the header of %s is a JSON array, not an object",
                        file("[1, 2]", new byte[0])),
                new Corruption("text after the header object", "goes on after its JSON object ends",
                        file("{} {}", new byte[0])),
                new Corruption("a tensor listed twice", "the header of %s lists 'w' twice",
                        file("{" + good + "," + good + "}", f64(1))),
                new Corruption("a field of a tensor listed twice", "tensor 'w' in %s lists 'dtype' twice",
                        file("{\"w\":{\"dtype\":\"F64\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                                f64(1))),
                new Corruption("tensor described by a number", "is described by a JSON number, not an object",
                        file("{\"w\":5}", new byte[0])),
                new Corruption("no dtype", "has no \"dtype\"",
                        file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,8]}}", f64(1))),
                new Corruption("no shape", "has no \"shape\"",
                        file("{\"w\":{\"dtype\":\"F64\",\"data_offsets\":[0,8]}}", f64(1))),
                new Corruption("no data_offsets", "has no \"data_offsets\"",
                        file("{\"w\":{\"dtype\":\"F64\",\"shape\":[1]}}", f64(1))),
                new Corruption("dtype not a string", "dtype of tensor 'w' in %s is a JSON number, not a string",
                        file("{\"w\":{\"dtype\":64,\"shape\":[1],\"data_offsets\":[0,8]}}", f64(1))),
                new Corruption("unknown dtype", "has unknown dtype \"F65\", which is not a safetensors dtype",
                        oneTensor(tensor("w", "F65", "[1]", "[0,8]"), f64(1))),
                new Corruption("a dtype listed but not read",
                        "tensor 'w' in %s is F8_E4M3, which depthlab lists (inspect) but does not read as numbers",
                        oneTensor(tensor("w", "F8_E4M3", "[8]", "[0,8]"), f64(1))),
                new Corruption("packed values that leave a byte half full",
                        "3 values of 4 bits, which do not fill a whole number of bytes",
                        oneTensor(tensor("w", "F4", "[3]", "[0,2]"), new byte[2])),
                new Corruption("shape not a list", "is a JSON number, not a list of sizes",
                        oneTensor(tensor("w", "F64", "1", "[0,8]"), f64(1))),
                new Corruption("negative size", "has size -1, not a non-negative integer",
                        oneTensor(tensor("w", "F64", "[-1]", "[0,8]"), f64(1))),
                new Corruption("fractional size", "has size 1.5, not a non-negative integer",
                        oneTensor(tensor("w", "F64", "[1.5]", "[0,8]"), f64(1))),
                new Corruption("too many values", "more values than depthlab can hold in one array",
                        oneTensor(tensor("w", "F64", "[100000,100000]", "[0,8]"), f64(1))),
                new Corruption("data_offsets not a pair", "not a pair [begin, end]",
                        oneTensor(tensor("w", "F64", "[1]", "[8]"), f64(1))),
                new Corruption("negative offset", "holds -8, not a non-negative integer",
                        oneTensor(tensor("w", "F64", "[1]", "[-8,0]"), f64(1))),
                new Corruption("offsets end before they begin", "end before they begin ([8,0])",
                        oneTensor(tensor("w", "F64", "[0]", "[8,0]"), f64(1))),
                new Corruption("offsets past the data buffer", "[0, 16], reach past the end of its 8-byte data buffer",
                        oneTensor(tensor("w", "F64", "[2]", "[0,16]"), f64(1))),
                new Corruption("offsets not shape times dtype size",
                        "has shape [2] of F64, which takes 16 bytes, but its data_offsets [0, 8] span 8",
                        oneTensor(tensor("w", "F64", "[2]", "[0,8]"), f64(1))),
                new Corruption("overlapping tensors", "tensors 'a' and 'b' in %s overlap in the data buffer",
                        file("{" + tensor("a", "F64", "[1]", "[0,8]") + "," + tensor("b", "F64", "[1]", "[4,12]")
                                + "}", concat(f64(1), new byte[4]))),
                new Corruption("a gap between tensors", "bytes [8, 16] of the data buffer in %s belong to no tensor",
                        file("{" + tensor("a", "F64", "[1]", "[0,8]") + "," + tensor("b", "F64", "[1]", "[16,24]")
                                + "}", f64(1, 2, 3))),
                new Corruption("bytes after the last tensor", "bytes [8, 16] of the data buffer in %s belong to no tensor",
                        oneTensor(good, f64(1, 2))),
                new Corruption("metadata not an object", "the __metadata__ of %s is a JSON array, not an object of strings",
                        file("{\"__metadata__\":[\"a\"]}", new byte[0])),
                new Corruption("metadata value not a string", "metadata entry 'epoch' in %s is a JSON number, not a string",
                        file("{\"__metadata__\":{\"epoch\":3}}", new byte[0])));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptions")
    void aCorruptFileIsRejectedWithOneSentenceNamingItAndTheProblem(Corruption c) throws Exception {
        Path file = write(c);
        String message = assertThrows(BadInputException.class, () -> SafeTensors.read(file)).getMessage();
        assertTrue(message.contains(file.toString()), "names the file: " + message);
        assertTrue(message.contains(c.phrase().replace("%s", file.toString())),
                "says '" + c.phrase() + "': " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void eachKindOfCorruptionHasItsOwnMessage() throws Exception {
        List<Corruption> cases = corruptions().toList();
        List<String> messages = new ArrayList<>();
        for (Corruption c : cases) {
            Path file = write(c);
            messages.add(assertThrows(BadInputException.class, () -> SafeTensors.read(file)).getMessage()
                    .replace(file.toString(), "%s"));
        }
        for (int i = 0; i < cases.size(); i++) {
            for (int j = 0; j < cases.size(); j++) {
                if (!cases.get(i).phrase().equals(cases.get(j).phrase())) {
                    assertFalse(messages.get(j).contains(cases.get(i).phrase()),
                            "the message for '" + cases.get(j).kind() + "' (" + messages.get(j)
                                    + ") should not read like '" + cases.get(i).kind() + "'");
                }
            }
        }
    }

    @Test
    void aMissingFileCannotBeRead() {
        Path file = dir.resolve("absent.safetensors");
        String message = assertThrows(BadInputException.class, () -> SafeTensors.read(file)).getMessage();
        assertEquals("cannot read " + file + ": no such file or directory", message);
    }

    @Test
    void aDirectoryCannotBeRead() {
        String message = assertThrows(BadInputException.class, () -> SafeTensors.read(dir)).getMessage();
        assertEquals("cannot read " + dir + ": it is a directory", message);
    }

    @Test
    void anEmptyFileWithNoTensorsIsValid() throws Exception {
        Path file = dir.resolve("empty.safetensors");
        Files.write(file, file("{}      ", new byte[0]));
        SafeTensorsFile read = SafeTensors.read(file);
        assertTrue(read.tensors().isEmpty());
        assertTrue(read.metadata().isEmpty());
    }

    private Path write(Corruption c) throws Exception {
        Path file = dir.resolve(c.kind().replace(' ', '-') + ".safetensors");
        Files.write(file, c.bytes());
        return file;
    }
}
