package org.depthlab.site;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depthlab.exercises.Catalog;
import org.depthlab.exercises.Exercise;
import org.depthlab.exercises.Verdict;

/**
 * The HTML pages: home (chapters, their exercises and the visitor's progress), a chapter, an
 * exercise (instructions, hints one at a time, the answer form), a submission's result, and
 * the progress page with export and reset. Every page works without JavaScript: hints are
 * links, answers are plain forms, and a result still being graded refreshes itself.
 */
final class Pages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Catalog catalog;
    private final Book book;
    private final Store store;
    private final Sessions sessions;
    private final Submissions submissions;
    private final Layout layout;
    private final Markdown markdown = new Markdown();
    private final BookPages bookPages;
    private final Template home = Template.load("home");
    private final Template exercisePage = Template.load("exercise");
    private final Template result = Template.load("submission");

    Pages(Catalog catalog, Book book, Store store, Sessions sessions, Submissions submissions, Layout layout) {
        this.catalog = catalog;
        this.book = book;
        this.store = store;
        this.sessions = sessions;
        this.submissions = submissions;
        this.layout = layout;
        this.bookPages = new BookPages(book, catalog);
    }

    void routes(Javalin app) {
        app.get("/", this::home);
        app.get("/chapters/{slug}", this::chapter);
        app.get("/references", this::references);
        app.get("/book/{folder}/{name}", this::image);
        app.get("/source/<path>", this::source);
        app.get("/search", this::search);
        app.get("/exercises/{id}", this::exercise);
        app.post("/exercises/{id}/submissions", this::submit);
        app.get("/submissions/{id}", this::submission);
        app.get("/progress", this::progress);
        app.get("/progress/export", this::export);
        app.post("/progress/reset", this::reset);
    }

    /** The home page: the book's table of contents, each chapter with its exercises and the visitor's progress. */
    private void home(Context ctx) {
        String session = sessions.of(ctx);
        Map<String, Boolean> progress = store.progress(session);
        long passed = catalog.all().stream().filter(e -> Boolean.TRUE.equals(progress.get(e.id()))).count();
        Html.Safe body = home.render(Map.of(
                "title", bookPages.title(),
                "introduction", bookPages.introduction(),
                "summary", catalog.all().isEmpty() ? "There are no exercises yet."
                        : "You have passed " + passed + " of " + catalog.all().size() + " exercises.",
                "chapters", bookPages.contents(progress)));
        Layout.send(ctx, layout.page("Contents", body));
    }

    private void chapter(Context ctx) {
        Book.Chapter c = book.chapter(ctx.pathParam("slug")).orElseThrow(() -> HttpError.notFound("such chapter"));
        Layout.send(ctx, layout.page(c.numberedTitle(), bookPages.chapter(c)));
    }

    private void references(Context ctx) {
        Book.Chapter r = book.references().orElseThrow(() -> HttpError.notFound("list of references"));
        Layout.send(ctx, layout.page(r.title(), bookPages.references(r)));
    }

    /** A figure of the book: an SVG from images/ or figures/ (shown through img, so no script in it runs). */
    private void image(Context ctx) {
        String name = ctx.pathParam("name");
        java.nio.file.Path folder = book.figureFolder(ctx.pathParam("folder"));
        if (folder == null || !Book.IMAGE.matcher(name).matches() || !java.nio.file.Files.isRegularFile(folder.resolve(name))) {
            throw HttpError.notFound("such figure");
        }
        try {
            ctx.header("Cache-Control", "no-cache");
            ctx.contentType("image/svg+xml").result(java.nio.file.Files.readAllBytes(folder.resolve(name)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A source file of the project (the book links to the code and the tests it quotes). */
    private void source(Context ctx) {
        String path = ctx.pathParam("path");
        if (!bookPages.isSource(path)) {
            throw HttpError.notFound("such source file");
        }
        Layout.send(ctx, layout.page(path, bookPages.source(path)));
    }

    /** Search over the book's sections: every word of the query, in any order, any case. */
    private void search(Context ctx) {
        String q = ctx.queryParam("q");
        String query = q == null ? "" : q.strip();
        if (query.length() > 200) {
            throw new HttpError(400, "The search is longer than 200 characters.");
        }
        List<BookSearch.Hit> hits = query.isEmpty() ? List.of() : BookSearch.search(bookPages.sections(), query, 50);
        Html.Safe results = query.isEmpty() ? Html.of("<p>Type some words to search the book for.</p>")
                : hits.isEmpty() ? Html.of("<p>No section of the book contains all of: %s.</p>", query)
                : Html.of("<p>%s section(s) contain all of: %s.</p><ol class=\"search-results\">%s</ol>", hits.size(), query,
                        Html.join(hits, h -> Html.of("<li><a href=\"%s\">%s — %s</a><br><span class=\"snippet\">%s</span></li>",
                                h.section().url(), h.section().chapter(), h.section().heading(), h.snippet())));
        Layout.send(ctx, layout.page("Search", Html.of("<h1>Search the book</h1>"
                + "<form method=\"get\" action=\"/search\" role=\"search\"><p><label for=\"search-page-q\">Words</label> "
                + "<input id=\"search-page-q\" name=\"q\" type=\"search\" value=\"%s\" maxlength=\"200\"> "
                + "<button type=\"submit\">Search</button></p></form>%s", query, results)));
    }

    private Exercise exerciseOf(String id) {
        return catalog.find(id).orElseThrow(() -> HttpError.notFound("exercise '" + id + "'"));
    }

    private void exercise(Context ctx) {
        String session = sessions.of(ctx);
        Exercise e = exerciseOf(ctx.pathParam("id"));
        List<String> hints = e.hints();
        int shown = Math.max(0, Math.min(hints.size(), parseInt(ctx.queryParam("hints"), 0)));
        List<Html.Safe> hintHtml = new ArrayList<>();
        for (int i = 0; i < shown; i++) {
            hintHtml.add(Html.of("<section class=\"hint\" id=\"hint-%s\" aria-labelledby=\"hint-title-%s\">"
                    + "<h3 id=\"hint-title-%s\">Hint %s</h3>%s</section>", i + 1, i + 1, i + 1, i + 1,
                    markdown.toHtml(hints.get(i))));
        }
        Html.Safe more = shown < hints.size()
                ? Html.of("<p><a href=\"/exercises/%s?hints=%s#hint-%s\">Show hint %s of %s</a></p>",
                        e.id(), shown + 1, shown + 1, shown + 1, hints.size())
                : hints.isEmpty() ? Html.of("<p>This exercise has no hints.</p>") : Html.EMPTY;
        List<Store.Submission> mine = store.ofSession(session, e.id());
        boolean passed = mine.stream().anyMatch(s -> s.verdict() != null && s.verdict().passed());
        Html.Safe attempts = mine.isEmpty() ? Html.of("<p>No submissions yet.</p>")
                : Html.of("<ol reversed>%s</ol>", Html.join(mine, s -> Html.of(
                        "<li><a href=\"/submissions/%s\">%s</a>: %s</li>", s.id(), TIME.format(Instant.ofEpochMilli(s.created())),
                        s.verdict() != null ? s.verdict().status().words() : s.state().label())));
        Html.Safe body = exercisePage.render(Map.of(
                "title", e.title(),
                "kind", e.kind().label(),
                "chapter", book.chapter(e.chapter()).map(c -> Html.of(" of chapter <a href=\"/chapters/%s\">%s</a>",
                        c.slug(), c.numberedTitle())).orElse(Html.EMPTY),
                "status", passed ? badge(true) : badge(mine.isEmpty() ? null : false),
                "instructions", markdown.toHtml(Markdown.withoutTitle(e.instructions())),
                "hints", Html.join(hintHtml, h -> h),
                "moreHints", more,
                "form", form(e, sessions.token(session)),
                "attempts", attempts));
        Layout.send(ctx, layout.page(e.title(), body));
    }

    /** The answer form: a number, options, or one plain textarea per source file. */
    private Html.Safe form(Exercise e, String csrf) {
        Html.Safe fields = switch (e.kind()) {
            case NUMERIC -> Html.of("<p><label for=\"answer\">Your answer%s</label> "
                    + "<input id=\"answer\" name=\"answer\" type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" required></p>",
                    e.unit().isEmpty() ? "" : " (" + e.unit() + ")");
            case CHOICE -> Html.of("<fieldset><legend>Choose one answer</legend>%s</fieldset>",
                    Html.join(e.options(), o -> Html.of("<p><input type=\"radio\" id=\"option-%s\" name=\"answer\" value=\"%s\" required> "
                            + "<label for=\"option-%s\">%s</label></p>", o.key(), o.key(), o.key(), o.text())));
            case JAVA -> Html.join(e.files(), f -> Html.of("<p><label for=\"file-%s\">%s</label><br>"
                    + "<textarea id=\"file-%s\" name=\"file:%s\" rows=\"24\" cols=\"88\" spellcheck=\"false\" "
                    + "autocapitalize=\"off\">%s</textarea></p>", f, f, f, f, e.starter(f)));
        };
        return Html.of("<form method=\"post\" action=\"/exercises/%s/submissions\">"
                + "<input type=\"hidden\" name=\"csrf\" value=\"%s\">%s<p><button type=\"submit\" id=\"submit\">Submit</button></p></form>",
                e.id(), csrf, fields);
    }

    private void submit(Context ctx) {
        String session = sessions.of(ctx);
        Exercise e = exerciseOf(ctx.pathParam("id"));
        Answer answer;
        if (e.kind() == Exercise.Kind.JAVA) {
            Map<String, String> files = new LinkedHashMap<>();
            for (String f : e.files()) {
                String text = ctx.formParam("file:" + f);
                if (text != null) {
                    files.put(f, text);
                }
            }
            if (files.isEmpty()) {
                throw new HttpError(400, "The form has no source file in it.");
            }
            answer = Answer.ofFiles(files);
        } else {
            String a = ctx.formParam("answer");
            if (a == null || a.isBlank()) {
                throw new HttpError(400, "Give an answer before submitting.");
            }
            answer = Answer.of(a);
        }
        String id = submissions.submit(session, ctx.req().getRemoteAddr(), e, answer);
        ctx.redirect("/submissions/" + id, io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void submission(Context ctx) {
        String session = sessions.of(ctx);
        Store.Submission s = store.find(ctx.pathParam("id")).filter(x -> x.session().equals(session))
                .orElseThrow(() -> HttpError.notFound("such submission in your session"));
        Exercise e = exerciseOf(s.exercise());
        boolean waiting = s.state() == Store.State.QUEUED || s.state() == Store.State.RUNNING;
        Html.Safe head = waiting ? Html.of("<noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>") : Html.EMPTY;
        Html.Safe body = result.render(Map.of(
                "exerciseId", e.id(),
                "title", e.title(),
                "poll", waiting ? Html.of(" data-poll=\"/api/submissions/%s\"", s.id()) : Html.EMPTY,
                "verdict", verdict(s)));
        Layout.send(ctx, layout.page("Result: " + e.title(), head, body));
    }

    /** A submission's verdict in words: the status first, then the summary, the tests and the detail. */
    static Html.Safe verdict(Store.Submission s) {
        return switch (s.state()) {
            case QUEUED -> Html.of("<p class=\"verdict waiting\">Waiting for the grader (queued)…</p>");
            case RUNNING -> Html.of("<p class=\"verdict waiting\">Being graded…</p>");
            case LOST -> Html.of("<p class=\"verdict failed\"><strong>Not graded:</strong> the server stopped before "
                    + "this submission was graded. Please submit again.</p>");
            case DONE -> {
                Verdict v = s.verdict();
                Html.Safe tests = v.tests().isEmpty() ? Html.EMPTY : Html.of("<h2>Tests</h2><ul class=\"tests\">%s</ul>",
                        Html.join(v.tests(), t -> Html.of("<li class=\"%s\"><span aria-hidden=\"true\">%s</span> %s: %s%s</li>",
                                t.passed() ? "passed" : "failed", t.passed() ? "✓" : "✗", t.passed() ? "passed" : "failed",
                                t.name(), t.message().isEmpty() ? "" : " — " + t.message())));
                Html.Safe detail = v.detail().isEmpty() ? Html.EMPTY : Html.of("<h2>Details</h2><pre class=\"detail\">%s</pre>", v.detail());
                yield Html.of("<p class=\"verdict %s\"><strong>%s:</strong> %s</p>%s%s",
                        v.passed() ? "passed" : "failed", capital(v.status().words()), v.summary(), tests, detail);
            }
        };
    }

    private void progress(Context ctx) {
        String session = sessions.of(ctx);
        List<Store.Submission> all = store.ofSession(session);
        Html.Safe rows = all.isEmpty() ? Html.of("<p>You have not submitted anything yet.</p>")
                : Html.of("<table><caption>Your submissions, oldest first</caption><thead><tr><th scope=\"col\">When</th>"
                        + "<th scope=\"col\">Exercise</th><th scope=\"col\">Result</th></tr></thead><tbody>%s</tbody></table>",
                        Html.join(all, s -> Html.of("<tr><td><a href=\"/submissions/%s\">%s</a></td><td>%s</td><td>%s</td></tr>",
                                s.id(), TIME.format(Instant.ofEpochMilli(s.created())), s.exercise(),
                                s.verdict() != null ? s.verdict().status().words() : s.state().label())));
        Html.Safe body = Html.of("<h1>Your progress</h1>%s"
                + "<p><a href=\"/progress/export\" download>Download your progress (JSON)</a></p>"
                + "<form method=\"post\" action=\"/progress/reset\"><input type=\"hidden\" name=\"csrf\" value=\"%s\">"
                + "<p><button type=\"submit\">Reset my progress</button> (forgets every submission of this browser)</p></form>",
                rows, sessions.token(session));
        Layout.send(ctx, layout.page("Your progress", body));
    }

    private void export(Context ctx) {
        String session = sessions.of(ctx);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Store.Submission s : store.ofSession(session)) {
            out.add(Api.describe(s));
        }
        ctx.header("Content-Disposition", "attachment; filename=\"depthlab-progress.json\"");
        ctx.json(Map.of("format", "depthlab-progress-1", "exported", Instant.now().toString(), "submissions", out));
    }

    private void reset(Context ctx) {
        store.reset(sessions.of(ctx));
        ctx.redirect("/progress", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /** Progress in words (never in colour only): passed, tried, or not tried. */
    static Html.Safe badge(Boolean passed) {
        if (passed == null) {
            return Html.of("<span class=\"badge untried\">not tried</span>");
        }
        return passed ? Html.of("<span class=\"badge passed\">passed</span>")
                : Html.of("<span class=\"badge tried\">not passed yet</span>");
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static int parseInt(String s, int otherwise) {
        if (s == null || !s.matches("\\d{1,6}")) {
            return otherwise;
        }
        return Integer.parseInt(s);
    }
}
