package org.depthlab.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write either replaces the whole file or changes nothing: a failure halfway leaves the old
 * content and no temporary file behind.
 */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private List<Path> filesIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aWriteThatFailsMidwayLeavesTheOldContentAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("config.json");
        AtomicFiles.writeString(target, "old");

        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.write(target, out -> {
            out.write("new, but only half of it".getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IOException("No space left on device");
        }));

        assertEquals("cannot write " + target + ": No space left on device", e.getMessage());
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void aBugInTheWriterIsRethrownAsItIsAndCleanedUpAfter() throws Exception {
        Path target = dir.resolve("results.json");
        AtomicFiles.writeString(target, "old");
        IllegalStateException bug = new IllegalStateException("bug");

        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write(1);
                    throw bug;
                }));

        assertSame(bug, thrown);
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void aSuccessfulWriteReplacesTheWholeFile() throws Exception {
        Path target = dir.resolve("notes.txt");
        AtomicFiles.writeString(target, "a much longer first version");
        AtomicFiles.write(target, out -> {
            out.write("sh".getBytes(StandardCharsets.UTF_8));
            out.close(); // allowed: it only flushes
        });
        assertEquals("sh", Files.readString(target));
        assertEquals(List.of(target), filesIn(dir));
    }

    @Test
    void aMissingDirectoryIsReportedInOneSentence() {
        Path target = dir.resolve("no-such-dir").resolve("x.json");
        BadInputException e = assertThrows(BadInputException.class, () -> AtomicFiles.writeString(target, "x"));
        assertEquals("cannot write " + target + ": no such file or directory", e.getMessage());
    }
}
