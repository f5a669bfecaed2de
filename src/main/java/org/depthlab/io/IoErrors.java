package org.depthlab.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns an {@link IOException} into the few words a user needs after "cannot read FILE: ".
 *
 * <p>Java's file exceptions carry the path in their message ({@code NoSuchFileException}'s
 * message is just the path), so printing {@code getMessage()} would repeat the file name and
 * hide the reason. The reason is what the user can act on.
 */
final class IoErrors {

    private IoErrors() {
    }

    /** A short, lower-case reason, without the file name. */
    static String reason(IOException e) {
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
        return e.getMessage() == null ? e.getClass().getSimpleName() : firstLine(e.getMessage());
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).strip();
    }
}
