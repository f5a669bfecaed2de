package org.depthlab.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.depthlab.BadInputException;

/**
 * Turns an {@link IOException} into the few words a user needs after "cannot read FILE: ".
 *
 * <p>Java's file exceptions carry the path in their message ({@code NoSuchFileException}'s
 * message is just the path), so printing {@code getMessage()} would repeat the file name and
 * hide the reason. The reason is what the user can act on. Every command reports a file it
 * cannot read in the same words, {@link #cannotRead}: "cannot read FILE: no such file or
 * directory", and never with a Java class name.
 */
public final class IoErrors {

    private IoErrors() {
    }

    /** "cannot read FILE: REASON", the one wording for a file that cannot be read. */
    public static BadInputException cannotRead(Path file, IOException e) {
        return new BadInputException("cannot read " + file + ": " + reason(e), e);
    }

    /** "cannot read FILE: no such file or directory", for a path found missing before it is opened. */
    public static BadInputException missing(Path file) {
        return new BadInputException("cannot read " + file + ": no such file or directory");
    }

    /** A short, lower-case reason, without the file name. */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a part of the path is not a directory";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return firstLine(fse.getReason());
        }
        // The class name is no help to a reader; a message is, unless it is only the path again.
        return e.getMessage() == null ? "an input/output error" : firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
