package org.depthlab.io;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.depthlab.BadInputException;

/**
 * Writes a file so that a reader sees either the old content or the complete new content,
 * never half of it — the rule every depthlab file write follows (checkpoints, configs,
 * results).
 *
 * <p>The recipe is the classic one for POSIX file systems: write the new content to a
 * temporary file in the <em>same directory</em> (a rename is only atomic within one file
 * system), flush it and {@code fsync} it ({@link FileChannel#force}) so that the data is on
 * disk before the name points at it, then {@code rename(2)} it over the target
 * ({@link java.nio.file.StandardCopyOption#ATOMIC_MOVE}), and finally {@code fsync} the
 * directory so that the rename itself survives a crash. If anything fails before the rename,
 * the temporary file is deleted and the target is left as it was.
 *
 * <p>The temporary file is created with {@code CREATE_NEW} rather than
 * {@link Files#createTempFile}, because the latter makes owner-only files ({@code rw-------})
 * and the rename would carry those permissions over to the target; a file created normally
 * gets the permissions the user's umask gives every other file. Its name is
 * {@code .NAME.PID.N.tmp}, unique among concurrent writers because {@code CREATE_NEW} fails
 * when the name is taken, and recognisable as leftover if the process is killed mid-write.
 */
public final class AtomicFiles {

    /** How many temporary names to try before giving up (each taken name means a live writer). */
    private static final int MAX_ATTEMPTS = 100;

    /** Longest part of the target's name kept in the temporary name (names are capped at 255). */
    private static final int MAX_NAME_IN_TEMP = 200;

    private AtomicFiles() {
    }

    /** Writes the content of a file to a stream; may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface IoWriter {
        /**
         * Writes everything to {@code out}. Closing {@code out} is allowed but only flushes;
         * {@link AtomicFiles} closes the file itself once the content is safely on disk.
         */
        void write(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code body} writes, atomically.
     *
     * @throws BadInputException "cannot write TARGET: reason" when the file cannot be written
     *     (no such directory, permission denied, disk full); the target is then unchanged
     *     and no temporary file is left behind. An unchecked exception thrown by {@code body}
     *     (a bug) is rethrown as it is, after the same clean-up.
     */
    public static void write(Path target, IoWriter body) {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null) {
            throw new BadInputException("cannot write " + target + ": it names no file");
        }
        Path temp = null;
        boolean renamed = false;
        try {
            FileChannel channel = null;
            for (int attempt = 0; channel == null; attempt++) {
                Path candidate = directory.resolve(tempName(absolute.getFileName().toString(), attempt));
                try {
                    channel = FileChannel.open(candidate, CREATE_NEW, WRITE);
                    temp = candidate;
                } catch (FileAlreadyExistsException taken) {
                    if (attempt + 1 >= MAX_ATTEMPTS) {
                        throw taken;
                    }
                }
            }
            try (FileChannel file = channel) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(file), 1 << 16);
                body.write(new FlushOnClose(buffered));
                buffered.flush();
                file.force(true);
            }
            rename(temp, absolute);
            renamed = true;
            syncDirectory(directory);
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + IoErrors.reason(e), e);
        } finally {
            if (!renamed && temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /** Replaces {@code target} with {@code text} in UTF-8, atomically (see {@link #write}). */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    private static String tempName(String targetName, int attempt) {
        String kept = targetName.length() <= MAX_NAME_IN_TEMP
                ? targetName : targetName.substring(0, MAX_NAME_IN_TEMP);
        return "." + kept + "." + ProcessHandle.current().pid() + "." + attempt + ".tmp";
    }

    private static void rename(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems (certain network mounts) refuse an atomic rename; replacing is
            // the best they offer, and the content is already complete on disk.
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Makes the rename durable. Best effort: some platforms cannot open a directory for
     * syncing, and by now the new content is complete and in place, so a failure here only
     * weakens durability across a power cut, never correctness.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        } catch (IOException e) {
            // deliberately ignored, see above
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // The write has already failed with the exception the caller needs to see; a
            // leftover hidden .tmp file is the lesser problem.
        }
    }

    /** Lets a body close its stream without closing the file before it is synced. */
    private static final class FlushOnClose extends FilterOutputStream {
        FlushOnClose(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * Creates {@code dir} and any missing parents (for a path a user chose as an output).
     *
     * @throws BadInputException if it cannot be created
     */
    public static void createDirectories(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create directory " + dir + ": " + IoErrors.reason(e));
        }
    }
}
