package org.depthlab.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.depthlab.BadInputException;

/**
 * Writes a text file so that readers see either the old file or the whole new one, never a
 * half-written one: the text goes to a temporary file in the same directory, which is then
 * renamed over the target (an atomic rename where the file system offers one).
 */
public final class TextFiles {

    private TextFiles() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code target}, creating missing parent directories.
     *
     * @throws BadInputException if the file cannot be written there (a path a user chose)
     */
    public static void writeAtomically(Path target, String text) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + e.getMessage() + ".", e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
