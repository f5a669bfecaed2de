package org.depthlab.site;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.depthlab.cli.Main;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code depthlab book build} writes a book in which everything works offline: every link,
 * script, stylesheet and image of every page resolves to a file that was written (and every
 * {@code #anchor} to an id in its page), the KaTeX fonts its stylesheet names are there, every
 * chapter and exercise has its page, and the math and figures are in the pages.
 */
class StaticBookTest {

    @TempDir
    static Path out;

    static String printed;

    private static final Pattern ADDRESS = Pattern.compile("(?:href|src|action)=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("\\bid=\"([^\"]+)\"");

    @BeforeAll
    static void build() {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Main.run(new String[] {"book", "build", "--out", out.toString(), "--book", "book", "--exercises", "exercises"},
                new PrintWriter(o, true), new PrintWriter(e, true));
        assertEquals(0, code, e.toString());
        printed = o.toString();
    }

    private static List<Path> pages() throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.toString().endsWith(".html")).sorted().toList();
        }
    }

    @Test
    void everyLinkScriptStylesheetAndImageResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages()) {
            String html = Files.readString(page);
            Matcher m = ADDRESS.matcher(html);
            while (m.find()) {
                String address = m.group(1).replace("&amp;", "&");
                links++;
                if (address.startsWith("http://") || address.startsWith("https://") || address.startsWith("mailto:")) {
                    continue;
                }
                if (address.startsWith("/")) {
                    broken.add(out.relativize(page) + ": " + address + " is an address on a server, not a file");
                    continue;
                }
                int hash = address.indexOf('#');
                String file = hash < 0 ? address : address.substring(0, hash);
                Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!target.startsWith(out) || !Files.isRegularFile(target)) {
                    broken.add(out.relativize(page) + ": " + address + " (no such file)");
                    continue;
                }
                if (hash >= 0 && hash < address.length() - 1 && target.toString().endsWith(".html")) {
                    String anchor = address.substring(hash + 1);
                    if (!ID.matcher(Files.readString(target)).results().anyMatch(r -> r.group(1).equals(anchor))) {
                        broken.add(out.relativize(page) + ": " + address + " (no element with id " + anchor + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "broken links in the static book");
        assertTrue(links > 300, "only " + links + " links were checked");
    }

    @Test
    void everyChapterExerciseAndTheReferencesHaveAPage() throws IOException {
        for (Book.Chapter c : new Book(Path.of("book")).chapters()) {
            assertTrue(Files.isRegularFile(out.resolve(c.slug() + ".html")), c.slug());
        }
        for (Exercise e : Catalog.load(Path.of("exercises")).all()) {
            String page = Files.readString(out.resolve("exercises/" + e.id() + ".html"));
            assertTrue(page.contains("Instructions") && page.contains("depthlab exercise check " + e.id()), e.id());
        }
        assertTrue(Files.isRegularFile(out.resolve("references.html")));
        String index = Files.readString(out.resolve("index.html"));
        assertTrue(index.contains("<ol class=\"contents\">") && index.contains("href=\"05-two-rhythms-hrm.html\""), index);
        assertTrue(printed.startsWith("depthlab: wrote the book to "), printed);
    }

    @Test
    void mathFiguresAndTheKatexFontsAreThere() throws IOException {
        String chapter = Files.readString(out.resolve("04-flat-recurrence.html"));
        assertTrue(chapter.contains("<div class=\"math display\">"), "displayed math");
        assertTrue(chapter.contains("<span class=\"math inline\">"), "inline math");
        assertTrue(chapter.contains("<img src=\"images/tape-memory.svg\""), "the figure");
        assertTrue(chapter.contains("<pre><code class=\"language-java\">"), "included code");
        String css = Files.readString(out.resolve("static/katex/katex.min.css"));
        Matcher fonts = Pattern.compile("url\\((fonts/[A-Za-z0-9_-]+\\.woff2)\\)").matcher(css);
        int n = 0;
        while (fonts.find()) {
            n++;
            assertTrue(Files.isRegularFile(out.resolve("static/katex").resolve(fonts.group(1))), fonts.group(1));
        }
        assertTrue(n >= 20, "KaTeX names " + n + " WOFF2 fonts");
        assertTrue(Files.isRegularFile(out.resolve("static/katex/LICENSE")));
        assertTrue(Files.readString(out.resolve("search-index.json")).contains("\"sections\""));
    }

    @Test
    void aFolderOfOtherFilesIsNotOverwrittenWithoutForce(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"book", "build", "--out", dir.toString(), "--book", "book", "--exercises", "exercises"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(Main.BAD_INPUT, code);
        assertTrue(err.toString().contains("add --force"), err.toString());
        assertFalse(Files.exists(dir.resolve("index.html")));
        int again = Main.run(new String[] {"book", "build", "--out", out.toString(), "--book", "book", "--exercises", "exercises"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, again, "a folder the book was built into may be rebuilt");
    }
}
