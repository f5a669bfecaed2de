package org.depthlab.site;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a link in the book goes. Chapters link by paths relative to {@code book/}, so that
 * the Markdown works as it is (in an editor, on a code host); the site and the static book
 * serve the same things at their own addresses:
 *
 * <pre>
 *   04-flat-recurrence.md#anchor           → /chapters/04-flat-recurrence#anchor
 *   references.md#hrm, index.md            → /references#hrm, /
 *   images/tape-memory.svg                 → /book/images/tape-memory.svg (figures/… likewise)
 *   ../exercises/ID/ (or its instructions) → /exercises/ID
 *   ../src/test/java/…/SomeTest.java       → /source/src/test/java/…/SomeTest.java
 * </pre>
 *
 * Web addresses and in-page anchors stay as they are. Anything else — a chapter, figure,
 * exercise or source file that does not exist — is a broken link: {@link #target} is empty
 * and the book's tests fail.
 */
final class BookLinks {

    private static final Pattern EXERCISE = Pattern.compile("\\.\\./exercises/([a-z0-9][a-z0-9-]{0,63})(?:/|/instructions\\.md)?");
    private static final Pattern SOURCE = Pattern.compile("\\.\\./(src/(?:main|test)/java/[A-Za-z0-9_/]+\\.java)");
    static final Pattern SOURCE_PATH = Pattern.compile("src/(?:main|test)/java/(?:[A-Za-z0-9_]+/)*[A-Za-z0-9_]+\\.java");

    private final Book book;
    private final Path exercises;

    /** Links of {@code book}, whose exercises lie in {@code exercises}. */
    BookLinks(Book book, Path exercises) {
        this.book = book;
        this.exercises = exercises;
    }

    /** Whether {@code destination} leaves the book (a web address or another scheme). */
    static boolean external(String destination) {
        return destination.matches("(?i)(https?|mailto):.*");
    }

    /** The site address of {@code destination}, or empty when it points at nothing that exists. */
    Optional<String> target(String destination) {
        if (external(destination) || destination.startsWith("#")) {
            return Optional.of(destination);
        }
        int hash = destination.indexOf('#');
        String path = hash < 0 ? destination : destination.substring(0, hash);
        String fragment = hash < 0 ? "" : destination.substring(hash);
        if (path.equals("index.md")) {
            return Optional.of("/" + fragment);
        }
        if (path.equals("references.md")) {
            return book.references().map(r -> "/references" + fragment);
        }
        if (path.endsWith(".md") && !path.contains("/")) {
            String slug = path.substring(0, path.length() - 3);
            return book.chapter(slug).map(c -> "/chapters/" + c.slug() + fragment);
        }
        int slash = path.indexOf('/');
        if (slash > 0 && (path.startsWith("images/") || path.startsWith("figures/"))) {
            String folder = path.substring(0, slash);
            String name = path.substring(slash + 1);
            return Book.IMAGE.matcher(name).matches() && Files.isRegularFile(book.figureFolder(folder).resolve(name))
                    ? Optional.of("/book/" + folder + "/" + name) : Optional.empty();
        }
        Matcher e = EXERCISE.matcher(path);
        if (e.matches()) {
            return Files.isRegularFile(exercises.resolve(e.group(1)).resolve("meta.json"))
                    ? Optional.of("/exercises/" + e.group(1) + fragment) : Optional.empty();
        }
        Matcher s = SOURCE.matcher(path);
        if (s.matches() && SOURCE_PATH.matcher(s.group(1)).matches()
                && Files.isRegularFile(book.projectRoot().resolve(s.group(1)))) {
            return Optional.of("/source/" + s.group(1) + fragment);
        }
        return Optional.empty();
    }

    /** The site address of {@code destination}, or the destination as written when it is broken. */
    String rewrite(String destination) {
        return target(destination).orElse(destination);
    }
}
