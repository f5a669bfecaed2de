package org.depthlab.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.depthlab.BadInputException;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;

/**
 * The whole book as static HTML, for any web server: the contents page ({@code index.html}),
 * every chapter, the references, every exercise's instructions and hints, the figures, the
 * source files the book links to, a search page, and the stylesheet and scripts (KaTeX
 * included). The pages are the site's own ({@link BookPages}) in a frame without the
 * server's features, with every address rewritten into a link relative to the page, so the
 * folder can be served from any path.
 *
 * <p>A book with an unresolved code marker, link or figure is not written: {@link #write}
 * throws with every problem listed.
 */
public final class StaticBook {

    private static final Pattern ADDRESS = Pattern.compile("(href|src|action)=\"(/[^\"]*)\"");
    private static final Pattern FONT = Pattern.compile("url\\((fonts/[A-Za-z0-9_-]+\\.woff2)\\)");
    private static final List<String> ASSETS = List.of("site.css", "math.js", "search.js", "katex/katex.min.js",
            "katex/katex.min.css", "katex/LICENSE", "katex/README.md");

    private final BookPages pages;
    private final Layout layout = Layout.staticBook();

    /** The book in {@code bookDir} with the exercises in {@code exercisesDir}. */
    public StaticBook(Path bookDir, Path exercisesDir) {
        this.pages = new BookPages(new Book(bookDir), Catalog.load(exercisesDir));
    }

    /** Every problem of the book (unresolved code markers, links and figures), by chapter; empty when sound. */
    public List<String> problems() {
        List<String> all = new ArrayList<>();
        List<Book.Chapter> chapters = new ArrayList<>(pages.book().chapters());
        pages.book().references().ifPresent(chapters::add);
        pages.book().index().ifPresent(chapters::add);
        for (Book.Chapter c : chapters) {
            for (String p : pages.problems(c)) {
                all.add(c.file().getFileName() + ": " + p);
            }
        }
        return all;
    }

    /**
     * Writes the book into {@code out} (created if needed) and returns the files written,
     * relative to it.
     *
     * @throws BadInputException if the book has problems (listed in the message)
     */
    public List<String> write(Path out) throws IOException {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            throw new BadInputException("the book has " + problems.size() + " problem(s), so nothing was written:\n  "
                    + String.join("\n  ", problems));
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        Book book = pages.book();
        page(files, "index.html", "Contents", Html.concat(
                Html.of("<h1>%s</h1>", pages.title()), pages.introduction(), pages.contents(null)));
        for (Book.Chapter c : book.chapters()) {
            page(files, c.slug() + ".html", c.numberedTitle(), pages.chapter(c));
        }
        if (book.references().isPresent()) {
            Book.Chapter r = book.references().get();
            page(files, "references.html", r.title(), pages.references(r));
        }
        for (Exercise e : pages.catalog().all()) {
            page(files, "exercises/" + e.id() + ".html", e.title(), pages.exerciseStatic(e));
        }
        for (String source : pages.linkedSources()) {
            page(files, "source/" + source + ".html", source, pages.source(source));
        }
        page(files, "search.html", "Search", Html.of("<h1>Search the book</h1>"
                + "<form method=\"get\" action=\"/search\" role=\"search\"><p><label for=\"search-page-q\">Words</label> "
                + "<input id=\"search-page-q\" name=\"q\" type=\"search\" maxlength=\"200\"> "
                + "<button type=\"submit\">Search</button></p></form>"
                + "<div id=\"search-results\" role=\"status\" aria-live=\"polite\"></div>"
                + "<noscript><p>Searching the static book needs JavaScript; the site (<code>depthlab serve</code>) "
                + "searches without it.</p></noscript>"));
        files.put("search-index.json", searchIndex());
        for (Path image : pages.images()) {
            files.put(image.getParent().getFileName() + "/" + image.getFileName(), Files.readAllBytes(image));
        }
        for (String asset : ASSETS) {
            files.put("static/" + asset, resource(asset));
        }
        Matcher fonts = FONT.matcher(new String(resource("katex/katex.min.css"), StandardCharsets.UTF_8));
        while (fonts.find()) {
            files.putIfAbsent("static/katex/" + fonts.group(1), resource("katex/" + fonts.group(1)));
        }
        Files.createDirectories(out);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = out.resolve(f.getKey());
            Files.createDirectories(target.getParent());
            Path temp = Files.createTempFile(target.getParent(), ".writing-", ".tmp");
            Files.write(temp, f.getValue());
            Files.move(temp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return List.copyOf(files.keySet());
    }

    private void page(Map<String, byte[]> files, String file, String title, Html.Safe body) {
        String html = layout.page(title, body).html();
        files.put(file, relative(html, file).getBytes(StandardCharsets.UTF_8));
    }

    /** The search's sections, with addresses relative to the search page (at the top of the book). */
    private byte[] searchIndex() throws IOException {
        List<Map<String, String>> sections = new ArrayList<>();
        for (BookPages.Section s : pages.sections()) {
            sections.add(Map.of("chapter", s.chapter(), "heading", s.heading(), "url", fileOf(s.url()), "text", s.text()));
        }
        return new ObjectMapper().writeValueAsBytes(Map.of("format", "depthlab-search-1", "sections", sections));
    }

    /** {@code html} with every site address turned into a link relative to the page {@code file}. */
    static String relative(String html, String file) {
        int depth = (int) file.chars().filter(c -> c == '/').count();
        String up = "../".repeat(depth);
        Matcher m = ADDRESS.matcher(html);
        StringBuilder b = new StringBuilder(html.length() + 256);
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(m.group(1) + "=\"" + up + fileOf(m.group(2)) + "\""));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** The file (relative to the book's top) that serves the site address {@code address}. */
    static String fileOf(String address) {
        int hash = address.indexOf('#');
        String path = hash < 0 ? address : address.substring(0, hash);
        String fragment = hash < 0 ? "" : address.substring(hash);
        String file;
        if (path.equals("/")) {
            file = "index.html";
        } else if (path.startsWith("/chapters/")) {
            file = path.substring("/chapters/".length()) + ".html";
        } else if (path.equals("/references") || path.equals("/search")) {
            file = path.substring(1) + ".html";
        } else if (path.startsWith("/exercises/")) {
            file = "exercises/" + path.substring("/exercises/".length()) + ".html";
        } else if (path.startsWith("/book/images/") || path.startsWith("/book/figures/")) {
            file = path.substring("/book/".length());
        } else if (path.startsWith("/source/")) {
            file = "source/" + path.substring("/source/".length()) + ".html";
        } else if (path.startsWith("/static/")) {
            file = path.substring(1);
        } else {
            // An address only the server has (the demo, progress): kept, and the link check reports it.
            file = path.substring(1);
        }
        return file + fragment;
    }

    private static byte[] resource(String asset) {
        String path = "/web/static/" + asset;
        try (InputStream in = StaticBook.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the asset " + path + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
