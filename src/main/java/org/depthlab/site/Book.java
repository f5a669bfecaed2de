package org.depthlab.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The book as it lies in {@code book/}: the chapters {@code NN-slug.md} in reading order (their
 * slug is the file name without {@code .md}; exercises name their chapter by it), the list of
 * sources {@code references.md} (a page of its own, not a chapter), the table of contents
 * {@code index.md}, and the figures in {@code images/} (measured by {@code depthlab book figure})
 * and {@code figures/} (the lab's). Code included by marker comes from
 * the project the book lies in (the folder above {@code book/}).
 *
 * <p>The folder is read on every request, so an edited chapter shows at the next reload; a
 * missing folder is a book without chapters.
 */
public final class Book {

    /** What a chapter slug may look like (it appears in URLs). */
    static final Pattern SLUG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,80}");

    /** A chapter's file name: two digits, a dash, the rest of the slug. */
    private static final Pattern CHAPTER_FILE = Pattern.compile("(\\d{2})-[a-z0-9][a-z0-9-]{0,78}\\.md");

    /** What a figure's file name may look like. */
    static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9-]{0,80}\\.svg");

    /**
     * One chapter (or the references page): its slug, number, title and Markdown file.
     *
     * @param number the chapter's number (its file name's two digits), 0 for a page that is not a chapter
     */
    public record Chapter(String slug, int number, String title, Path file) {

        /** The chapter's Markdown. */
        public String text() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** "3. The block HRM is made of", or the bare title for a page that is not a chapter. */
        public String numberedTitle() {
            return number > 0 ? number + ". " + title : title;
        }
    }

    private final Path dir;

    /** The book in {@code dir}. */
    public Book(Path dir) {
        this.dir = dir;
    }

    /** The book's folder. */
    public Path dir() {
        return dir;
    }

    /** The project the book belongs to (where the included code lives): the folder above the book's. */
    public Path projectRoot() {
        Path parent = dir.toAbsolutePath().normalize().getParent();
        return parent == null ? Path.of("") : parent;
    }

    /** The measured figures' folder ({@code depthlab book figure}). */
    public Path images() {
        return dir.resolve("images");
    }

    /** The lab's figures' folder ({@code book/figures/}, written by the experiments' reports). */
    public Path figures() {
        return dir.resolve("figures");
    }

    /** The folder a figure address names: "images" or "figures", or null for any other. */
    Path figureFolder(String folder) {
        return switch (folder) {
            case "images" -> images();
            case "figures" -> figures();
            default -> null;
        };
    }

    /** The chapters in reading order (by file name: {@code 01-…} before {@code 02-…}). */
    public List<Chapter> chapters() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> CHAPTER_FILE.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .sorted()
                    .map(Book::chapterOf)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chapter with this slug, if there is one. */
    public Optional<Chapter> chapter(String slug) {
        return chapters().stream().filter(c -> c.slug().equals(slug)).findFirst();
    }

    /** The list of sources, {@code references.md}, if the book has one. */
    public Optional<Chapter> references() {
        Path file = dir.resolve("references.md");
        return Files.isRegularFile(file) ? Optional.of(chapterOf(file)) : Optional.empty();
    }

    /** The table of contents, {@code index.md}, if the book has one. */
    public Optional<Chapter> index() {
        Path file = dir.resolve("index.md");
        return Files.isRegularFile(file) ? Optional.of(chapterOf(file)) : Optional.empty();
    }

    private static Chapter chapterOf(Path file) {
        String name = file.getFileName().toString();
        String slug = name.substring(0, name.length() - 3);
        Matcher m = CHAPTER_FILE.matcher(name);
        int number = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        String title = slug;
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
            title = lines.filter(l -> l.startsWith("# ")).map(l -> l.substring(2).strip()).findFirst().orElse(slug);
        } catch (IOException | UncheckedIOException e) {
            // An unreadable chapter keeps its slug as title; opening it reports the error.
        }
        return new Chapter(slug, number, title, file);
    }
}
