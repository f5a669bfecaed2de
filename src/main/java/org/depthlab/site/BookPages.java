package org.depthlab.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.depthlab.book.Includes;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;

/**
 * The book's pages, as HTML fragments that the site ({@link Pages}) and the static book
 * ({@link StaticBook}) both put into their frames: the table of contents with each chapter's
 * exercises (and, on the site, the reader's progress), a chapter with its code included from
 * the source, the references, an exercise as the static book shows it, and a source file.
 * Addresses are the site's ({@code /chapters/…}); the static book rewrites them into
 * relative links.
 *
 * <p>{@link #problems} lists everything in a chapter that does not resolve — a code marker,
 * a link or an image — so that tests and {@code depthlab book build} can refuse a broken book.
 */
final class BookPages {

    private static final Pattern SECTION = Pattern.compile("<h([23]) id=\"([^\"]+)\">(.*?)</h\\1>");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private final Book book;
    private final Catalog catalog;
    private final BookLinks links;
    private final Includes includes;
    private final Markdown markdown = new Markdown();

    BookPages(Book book, Catalog catalog) {
        this.book = book;
        this.catalog = catalog;
        this.links = new BookLinks(book, catalog.root());
        this.includes = new Includes(book.projectRoot());
    }

    Book book() {
        return book;
    }

    Catalog catalog() {
        return catalog;
    }

    /** The exercises that belong to a chapter, in catalog order. */
    List<Exercise> exercisesOf(String slug) {
        return catalog.all().stream().filter(e -> e.chapter().equals(slug)).toList();
    }

    /** A chapter's (or the references') Markdown rendered with its code included and its links resolved. */
    Html.Safe render(Book.Chapter c) {
        return markdown.toHtml(includes.expand(c.text(), p -> { }), links::rewrite);
    }

    /** Renders Markdown that is not a chapter (an exercise's instructions) with the book's links. */
    Html.Safe renderText(String text) {
        return markdown.toHtml(text, links::rewrite);
    }

    /**
     * The chapter's page body: the text, the exercises of the chapter that the text does not
     * link to itself, and the way to the previous and next chapters.
     */
    Html.Safe chapter(Book.Chapter c) {
        Html.Safe text = render(c);
        List<Exercise> unlinked = exercisesOf(c.slug()).stream()
                .filter(e -> !text.html().contains("href=\"/exercises/" + e.id() + "\"")).toList();
        Html.Safe more = unlinked.isEmpty() ? Html.EMPTY : Html.of(
                "<section aria-labelledby=\"exercises\"><h2 id=\"exercises\">Exercises</h2><ul>%s</ul></section>",
                Html.join(unlinked, e -> Html.of("<li><a href=\"/exercises/%s\">%s</a></li>", e.id(), e.title())));
        List<Book.Chapter> all = book.chapters();
        int at = all.indexOf(c);
        Html.Safe previous = at > 0 ? Html.of("<li>Previous: <a href=\"/chapters/%s\" rel=\"prev\">%s</a></li>",
                all.get(at - 1).slug(), all.get(at - 1).numberedTitle()) : Html.EMPTY;
        Html.Safe next = at >= 0 && at < all.size() - 1 ? Html.of("<li>Next: <a href=\"/chapters/%s\" rel=\"next\">%s</a></li>",
                all.get(at + 1).slug(), all.get(at + 1).numberedTitle()) : Html.EMPTY;
        Html.Safe nav = Html.of("<nav class=\"chapters\" aria-label=\"Chapters\"><ul>%s<li><a href=\"/\">Contents</a></li>%s</ul></nav>",
                previous, next);
        return Html.of("<article class=\"chapter\">%s</article>%s%s", text, more, nav);
    }

    /** The references page body. */
    Html.Safe references(Book.Chapter r) {
        return Html.of("<article class=\"chapter references\">%s</article>", render(r));
    }

    /** The title of the book: the index's first heading, else a plain one. */
    String title() {
        return book.index().map(Book.Chapter::title).orElse("depthlab");
    }

    /** The index's text before its own list of contents (which the page generates instead). */
    Html.Safe introduction() {
        Optional<Book.Chapter> index = book.index();
        if (index.isEmpty()) {
            return Html.EMPTY;
        }
        String text = Markdown.withoutTitle(index.get().text());
        int contents = text.indexOf("\n## Contents");
        return renderText(contents < 0 ? text : text.substring(0, contents));
    }

    /**
     * The table of contents: every chapter in order with its exercises, then any chapter slug
     * that exercises name but no chapter file has, then the references. With {@code progress}
     * (exercise id → passed), every exercise shows the reader's status in words.
     */
    Html.Safe contents(Map<String, Boolean> progress) {
        List<Html.Safe> items = new ArrayList<>();
        Set<String> slugs = new LinkedHashSet<>();
        for (Book.Chapter c : book.chapters()) {
            slugs.add(c.slug());
            items.add(Html.of("<li value=\"%s\" id=\"chapter-%s\"><a href=\"/chapters/%s\">%s</a>%s</li>", c.number(),
                    c.slug(), c.slug(), c.title(), exerciseList(c.slug(), progress)));
        }
        List<Html.Safe> others = new ArrayList<>();
        for (Exercise e : catalog.all()) {
            if (slugs.add(e.chapter())) {
                others.add(Html.of("<section aria-labelledby=\"chapter-%s\"><h3 id=\"chapter-%s\">%s</h3>%s</section>",
                        e.chapter(), e.chapter(), e.chapter(), exerciseList(e.chapter(), progress)));
            }
        }
        Html.Safe list = items.isEmpty() ? Html.of("<p>No chapters yet.</p>")
                : Html.of("<ol class=\"contents\">%s</ol>", Html.join(items, i -> i));
        Html.Safe more = others.isEmpty() ? Html.EMPTY
                : Html.of("<h2 id=\"more-exercises\">More exercises</h2>%s", Html.join(others, s -> s));
        Html.Safe refs = book.references().isPresent()
                ? Html.of("<p class=\"references-link\"><a href=\"/references\">References</a>: every source the book cites.</p>")
                : Html.EMPTY;
        return Html.of("<section aria-labelledby=\"contents\"><h2 id=\"contents\">Contents</h2>%s%s</section>%s", list, refs, more);
    }

    private Html.Safe exerciseList(String slug, Map<String, Boolean> progress) {
        List<Exercise> exercises = exercisesOf(slug);
        if (exercises.isEmpty()) {
            return Html.EMPTY;
        }
        return Html.of("<ul class=\"exercises\">%s</ul>", Html.join(exercises, e -> Html.of(
                "<li><a href=\"/exercises/%s\">%s</a> <span class=\"kind\">(%s)</span>%s</li>",
                e.id(), e.title(), e.kind().label(),
                progress == null ? Html.EMPTY : Html.concat(new Html.Safe(" "), Pages.badge(progress.get(e.id()))))));
    }

    /** An exercise as the static book shows it: instructions, the answer's form in words, hints to unfold. */
    Html.Safe exerciseStatic(Exercise e) {
        Html.Safe answer = switch (e.kind()) {
            case NUMERIC -> Html.of("<p>The answer is a number%s.</p>", e.unit().isEmpty() ? "" : " (" + e.unit() + ")");
            case CHOICE -> Html.of("<p>Choose one answer:</p><ul class=\"options\">%s</ul>", Html.join(e.options(),
                    o -> Html.of("<li><strong>%s.</strong> %s</li>", o.key(), o.text())));
            case JAVA -> Html.join(e.files(), f -> Html.of("<h3>%s (starter)</h3><pre><code class=\"language-java\">%s</code></pre>",
                    f, e.starter(f)));
        };
        String check = switch (e.kind()) {
            case JAVA -> "depthlab exercise check " + e.id() + " --file " + e.files().get(0);
            case NUMERIC, CHOICE -> "depthlab exercise check " + e.id() + " --answer …";
        };
        List<String> hints = e.hints();
        List<Html.Safe> hintHtml = new ArrayList<>();
        for (int i = 0; i < hints.size(); i++) {
            hintHtml.add(Html.of("<details class=\"hint\"><summary>Hint %s of %s</summary>%s</details>", i + 1, hints.size(),
                    renderText(hints.get(i))));
        }
        Html.Safe chapter = book.chapter(e.chapter()).map(c -> Html.of(
                "<p class=\"meta\">From chapter <a href=\"/chapters/%s\">%s</a>.</p>", c.slug(), c.numberedTitle()))
                .orElse(Html.EMPTY);
        return Html.of("<h1>%s</h1><p class=\"meta\">A %s exercise.</p>%s"
                        + "<section aria-labelledby=\"instructions-title\"><h2 id=\"instructions-title\">Instructions</h2>"
                        + "<div class=\"instructions\">%s</div></section>"
                        + "<section aria-labelledby=\"answer-title\"><h2 id=\"answer-title\">Your answer</h2>%s"
                        + "<p>Grade it with <code>%s</code>, or on the site (<code>depthlab serve</code>), which keeps your progress.</p></section>"
                        + "<section aria-labelledby=\"hints-title\"><h2 id=\"hints-title\">Hints</h2>%s</section>",
                e.title(), e.kind().label(), chapter, renderText(Markdown.withoutTitle(e.instructions())), answer, check,
                hintHtml.isEmpty() ? Html.of("<p>This exercise has no hints.</p>") : Html.join(hintHtml, h -> h));
    }

    /** Whether {@code path} names a source file of the project that may be shown. */
    boolean isSource(String path) {
        return BookLinks.SOURCE_PATH.matcher(path).matches() && Files.isRegularFile(book.projectRoot().resolve(path));
    }

    /** A source file of the project as a page: its path and its text. */
    Html.Safe source(String path) {
        String text;
        try {
            text = Files.readString(book.projectRoot().resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Html.of("<h1><code>%s</code></h1><p class=\"meta\">The file as it is in this copy of the project.</p>"
                + "<pre class=\"source\"><code class=\"language-java\">%s</code></pre>", path, text);
    }

    /** One section of the book for the search: where it is, its heading and its text without markup. */
    record Section(String chapter, String heading, String url, String text) {
    }

    /** Every chapter's sections (split at its second- and third-level headings). */
    List<Section> sections() {
        List<Section> all = new ArrayList<>();
        List<Book.Chapter> pages = new ArrayList<>(book.chapters());
        book.references().ifPresent(pages::add);
        for (Book.Chapter c : pages) {
            String base = c.number() > 0 ? "/chapters/" + c.slug() : "/references";
            String html = render(c).html();
            Matcher m = SECTION.matcher(html);
            int from = 0;
            String heading = c.title();
            String anchor = "";
            while (m.find()) {
                all.add(new Section(c.numberedTitle(), heading, base + anchor, plain(html.substring(from, m.start()))));
                heading = plain(m.group(3));
                anchor = "#" + m.group(2);
                from = m.end();
            }
            all.add(new Section(c.numberedTitle(), heading, base + anchor, plain(html.substring(from))));
        }
        return all;
    }

    private static String plain(String html) {
        return TAG.matcher(html).replaceAll(" ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&#39;", "'").replace("&amp;", "&").replaceAll("\\s+", " ").strip();
    }

    /**
     * Everything in a chapter that does not resolve: code markers, links and images. Empty for
     * a sound chapter.
     */
    List<String> problems(Book.Chapter c) {
        List<String> problems = new ArrayList<>();
        String expanded = includes.expand(c.text(), problems::add);
        org.commonmark.node.Node doc = Parser.builder().extensions(List.of(TablesExtension.create())).build()
                .parse(org.depthlab.book.MathSpans.extract(expanded).markdown());
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                check("link", link.getDestination());
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                check("image", image.getDestination());
                visitChildren(image);
            }

            private void check(String what, String destination) {
                if (links.target(destination).isEmpty()) {
                    problems.add("the " + what + " '" + destination + "' points at nothing in the project");
                }
            }
        });
        return problems;
    }

    /** The source files the chapters link to (and include code from), as project paths. */
    Set<String> linkedSources() {
        Set<String> sources = new java.util.TreeSet<>();
        List<Book.Chapter> pages = new ArrayList<>(book.chapters());
        book.references().ifPresent(pages::add);
        Pattern href = Pattern.compile("href=\"/source/([^\"#]+)");
        for (Book.Chapter c : pages) {
            Matcher m = href.matcher(render(c).html());
            while (m.find()) {
                sources.add(m.group(1));
            }
        }
        return sources;
    }

    /** The figures in the book's images/ and figures/ folders. */
    List<Path> images() {
        List<Path> all = new ArrayList<>();
        for (Path dir : List.of(book.images(), book.figures())) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (var s = Files.list(dir)) {
                all.addAll(s.filter(p -> Book.IMAGE.matcher(p.getFileName().toString()).matches()).sorted().toList());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return all;
    }
}
