package org.depthlab.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The book's chapters as the site shows them: every {@code book/*.md} is a chapter, its slug
 * the file name without {@code .md} (exercises name their chapter by this slug), its title
 * the first {@code # } heading. The folder is read on every request, so an edited chapter
 * shows at the next reload; a missing folder is a book without chapters.
 */
public final class Book {

    /** What a chapter slug may look like (it appears in URLs). */
    static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,80}");

    /** One chapter: its slug, title and Markdown file. */
    public record Chapter(String slug, String title, Path file) {

        /** The chapter's Markdown. */
        public String text() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Path dir;

    /** The book in {@code dir}. */
    public Book(Path dir) {
        this.dir = dir;
    }

    /** The chapters, ordered by file name (so {@code 01-depth.md} comes before {@code 02-hrm.md}). */
    public List<Chapter> chapters() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
                    .sorted()
                    .map(Book::chapterOf)
                    .filter(c -> SLUG.matcher(c.slug()).matches())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chapter with this slug, if there is one. */
    public Optional<Chapter> chapter(String slug) {
        return chapters().stream().filter(c -> c.slug().equals(slug)).findFirst();
    }

    private static Chapter chapterOf(Path file) {
        String name = file.getFileName().toString();
        String slug = name.substring(0, name.length() - 3);
        String title = slug;
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            title = lines.filter(l -> l.startsWith("# ")).map(l -> l.substring(2).strip()).findFirst().orElse(slug);
        } catch (IOException | UncheckedIOException e) {
            // An unreadable chapter keeps its slug as title; opening it reports the error.
        }
        return new Chapter(slug, title, file);
    }
}
