package org.depthlab.site;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.decode.Decoding;
import org.depthlab.models.Trajectory;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuGenerator;
import org.depthlab.tasks.SudokuPuzzle;
import org.depthlab.tasks.Tokens;

/**
 * The demo: enter or generate a Sudoku and step through the CSP solver's search — every digit
 * it tries, every dead end forward checking finds, every backtrack — and, when checkpoints
 * are configured, the trained models' answers ({@link ModelDemo}): a refinement model's grid
 * after every segment, and a decoder's decodings under a heading of their own. Every answer is
 * drawn as a grid with the givens marked, and a given that an answer writes over is marked too.
 *
 * <p>It is all plain GET links: {@code ?puzzle=…&step=k} shows the grid after k steps, and
 * "Play" follows the next-step link by itself every half second (a meta refresh, so it plays
 * without JavaScript too). The search is recorded again on each request — it takes
 * milliseconds — so the server keeps no state for the demo.
 */
final class SudokuDemo {

    private final Layout layout;
    private final ModelDemo models;
    private final Template page = Template.load("demo");

    SudokuDemo(Layout layout, ModelDemo models) {
        this.layout = layout;
        this.models = models;
    }

    void routes(Javalin app) {
        app.get("/demo/sudoku", this::show);
    }

    private void show(Context ctx) {
        String size = ctx.queryParam("size");
        if (size != null) {
            int n = Pages.parseInt(size, 0);
            long seed = Pages.parseInt(ctx.queryParam("seed"), 1);
            Sudoku.Shape shape = Sudoku.Shape.of(n);
            SudokuPuzzle p = new SudokuGenerator(shape, 0, 0).next(new SplittableRandom(seed));
            ctx.redirect("/demo/sudoku?puzzle=" + p.givens().toLine() + "&seed=" + seed);
            return;
        }
        String line = ctx.queryParam("puzzle");
        Html.Safe content = Html.EMPTY;
        Html.Safe head = Html.EMPTY;
        String error = "";
        if (line != null && !line.isBlank()) {
            try {
                Sudoku puzzle = Sudoku.parse(line);
                SolverTrace trace = SolverTrace.record(puzzle);
                int step = Math.min(trace.steps().size(), Pages.parseInt(ctx.queryParam("step"), 0));
                boolean play = "1".equals(ctx.queryParam("play")) && step < trace.steps().size();
                if (play) {
                    head = Html.of("<meta http-equiv=\"refresh\" content=\"0.5; url=%s\">",
                            link(puzzle, step + 1, true));
                }
                content = Html.concat(trace(trace, step, play), models(puzzle));
            } catch (BadInputException e) {
                ctx.status(400);
                error = e.getMessage();
            }
        }
        Html.Safe body = page.render(Map.of(
                "puzzle", line == null ? "" : line.strip(),
                "seed", String.valueOf(Math.max(0, Pages.parseInt(ctx.queryParam("seed"), 1))),
                "sizes", sizeOptions(line),
                "error", error.isEmpty() ? Html.EMPTY : Html.of("<p class=\"error\" role=\"alert\">%s</p>", error),
                "content", content));
        Layout.send(ctx, layout.page("Sudoku demo", head, body));
    }

    /**
     * The size choices of the Generate form, the size of the puzzle on show selected (9×9
     * when there is none), so that generating again keeps the size and seed the reader chose.
     */
    private static Html.Safe sizeOptions(String line) {
        int chosen = 9;
        if (line != null) {
            int cells = line.strip().length();
            for (int n : new int[] {4, 6, 9}) {
                chosen = cells == n * n ? n : chosen;
            }
        }
        int selected = chosen;
        return Html.join(List.of(4, 6, 9), n -> n == selected
                ? Html.of("<option value=\"%s\" selected>%s×%s</option>", n, n, n)
                : Html.of("<option value=\"%s\">%s×%s</option>", n, n, n));
    }

    private static String link(Sudoku puzzle, int step, boolean play) {
        return "/demo/sudoku?puzzle=" + puzzle.toLine() + "&step=" + step + (play ? "&play=1" : "") + "#trace";
    }

    private Html.Safe trace(SolverTrace trace, int step, boolean play) {
        Sudoku puzzle = trace.puzzle();
        int last = trace.steps().size();
        SolverTrace.Step s = step == 0 ? null : trace.steps().get(step - 1);
        String what;
        if (s == null) {
            what = "The puzzle as given. Step forward to watch the solver fill it.";
        } else {
            int n = puzzle.size();
            what = String.format(Locale.ROOT, "Step %d of %d: try %d at row %d, column %d%s%s.", step, last, s.digit(),
                    s.cell() / n + 1, s.cell() % n + 1,
                    s.undone() > 0 ? " after taking back " + s.undone() + (s.undone() == 1 ? " assignment (a backtrack)" : " assignments (a backtrack)") : "",
                    s.wipeOut() ? " — forward checking leaves a cell with no digit: a dead end" : "");
        }
        int nextBacktrack = -1;
        for (int i = step; i < last; i++) {
            if (trace.steps().get(i).undone() > 0) {
                nextBacktrack = i + 1;
                break;
            }
        }
        List<Html.Safe> nav = new ArrayList<>();
        nav.add(navLink("First", puzzle, 0, step > 0));
        nav.add(navLink("Previous", puzzle, step - 1, step > 0));
        nav.add(navLink("Next", puzzle, step + 1, step < last));
        nav.add(navLink("Last", puzzle, last, step < last));
        nav.add(navLink("Next backtrack", puzzle, nextBacktrack, nextBacktrack > 0));
        nav.add(play ? Html.of("<li><a href=\"%s\">Stop</a></li>", link(puzzle, step, false))
                : navLink("Play", puzzle, step + 1, step < last, true));
        String summary = String.format(Locale.ROOT, "The solver (forward checking, fewest-values-first) made %d nodes and "
                + "%d backtracks and %s.%s", trace.result().nodes(), trace.result().backtracks(),
                trace.result().solved() ? "solved the puzzle" : "found no solution",
                trace.truncated() ? " Only the first " + SolverTrace.MAX_STEPS + " steps are shown." : "");
        return Html.of("<section id=\"trace\" aria-labelledby=\"trace-title\"><h2 id=\"trace-title\">The solver's search</h2>"
                + "<p>%s</p>%s<p role=\"status\" aria-live=\"polite\" class=\"step\">%s</p>"
                + "<nav aria-label=\"Steps\"><ul class=\"steps\">%s</ul></nav></section>",
                summary, grid(puzzle, trace.gridAfter(step), s, "The grid after step " + step), what,
                Html.join(nav, x -> x));
    }

    private static Html.Safe navLink(String label, Sudoku puzzle, int step, boolean enabled) {
        return navLink(label, puzzle, step, enabled, false);
    }

    private static Html.Safe navLink(String label, Sudoku puzzle, int step, boolean enabled, boolean play) {
        return enabled ? Html.of("<li><a href=\"%s\">%s</a></li>", link(puzzle, step, play), label)
                : Html.of("<li><span class=\"disabled\">%s</span></li>", label);
    }

    /** A grid as a table: givens in bold, the search's digits plain, the cell just tried marked in words too. */
    static Html.Safe grid(Sudoku puzzle, int[] cells, SolverTrace.Step tried, String caption) {
        int n = puzzle.size();
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < n; r++) {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < n; c++) {
                int i = r * n + c;
                List<String> classes = new ArrayList<>();
                classes.add(puzzle.cell(i) != 0 ? "given" : cells[i] != 0 ? "placed" : "blank");
                if ((c + 1) % puzzle.shape().boxCols() == 0 && c + 1 < n) {
                    classes.add("box-right");
                }
                if ((r + 1) % puzzle.shape().boxRows() == 0 && r + 1 < n) {
                    classes.add("box-bottom");
                }
                String mark = "";
                if (tried != null && tried.cell() == i) {
                    classes.add(tried.wipeOut() ? "tried dead" : "tried");
                    mark = tried.wipeOut() ? " (just tried, dead end)" : " (just tried)";
                }
                row.append(Html.of("<td class=\"%s\">%s<span class=\"visually-hidden\">%s</span></td>",
                        String.join(" ", classes), cells[i] == 0 ? "" : String.valueOf(cells[i]), mark).html());
            }
            rows.append("<tr>").append(row).append("</tr>");
        }
        return Html.of("<table class=\"sudoku\"><caption>%s</caption><tbody>%s</tbody></table>", caption,
                new Html.Safe(rows.toString()));
    }

    private Html.Safe models(Sudoku puzzle) {
        if (!models.enabled()) {
            return Html.EMPTY;
        }
        List<ModelDemo.Run> runs;
        try {
            runs = models.run(puzzle);
        } catch (BadInputException e) {
            return Html.of("<section><h2>Trained models</h2><p>%s</p></section>", e.getMessage());
        }
        if (runs.isEmpty()) {
            return Html.of("<section><h2>Trained models</h2><p>No checkpoint here was trained on %s×%s Sudoku.</p>"
                    + "</section>", puzzle.size(), puzzle.size());
        }
        List<ModelDemo.Run> refiners = runs.stream().filter(r -> !r.isDecoder()).toList();
        List<ModelDemo.Run> decoders = runs.stream().filter(ModelDemo.Run::isDecoder).toList();
        Html.Safe refining = refiners.isEmpty() ? Html.EMPTY : Html.of(
                "<section aria-labelledby=\"models-title\"><h2 id=\"models-title\">Refinement models</h2>"
                + "<p>Each model answers the whole grid after every supervision segment and may change any cell "
                + "between segments. Givens are in bold; a cell that changed since the segment before is underlined; "
                + "a given the model wrote over is struck through, with the model's digit beside it.</p>%s</section>",
                Html.join(refiners, r -> refinement(puzzle, r)));
        Html.Safe decoding = decoders.isEmpty() ? Html.EMPTY : Html.of(
                "<section aria-labelledby=\"decoders-title\"><h2 id=\"decoders-title\">Autoregressive decoders</h2>"
                + "<p>A decoder is not a refinement model: it writes the open cells one at a time, left to right, "
                + "and never changes a cell it has written; the givens are written as given. Greedy decoding takes "
                + "the model's best digit at each cell. Backtracking puts a search around the same model: at a dead "
                + "end, a cell with no digit the rules allow, it takes digits back.</p>%s</section>",
                Html.join(decoders, r -> decoder(puzzle, r)));
        return Html.concat(refining, decoding);
    }

    /** A refinement model's answer after every segment, each as a grid. */
    private static Html.Safe refinement(Sudoku puzzle, ModelDemo.Run r) {
        if (r.trajectory() == null) {
            return Html.of("<h3>%s</h3><p>Not loaded: %s</p>", r.name(), r.problem());
        }
        List<Html.Safe> grids = new ArrayList<>();
        int[] previous = null;
        for (Trajectory.Step s : r.trajectory().steps()) {
            int changed = 0;
            int[] before = previous != null ? previous : SudokuPuzzle.tokensOf(puzzle);
            for (int i = 0; i < before.length; i++) {
                changed += s.answer()[i] != before[i] ? 1 : 0;
            }
            grids.add(answerGrid(puzzle, s.answer(), previous, String.format(Locale.ROOT,
                    "%s after segment %d: %d %s changed, confidence %.3f", r.name(), s.segment(), changed,
                    changed == 1 ? "cell" : "cells", s.confidence())));
            previous = s.answer();
        }
        int[] last = r.trajectory().finalAnswer();
        boolean valid = SudokuPuzzle.gridOf(puzzle.shape(), last).isSolutionOf(puzzle);
        int overwritten = overwrittenGivens(puzzle, last);
        return Html.concat(Html.of("<h3>%s (%s)</h3><div class=\"grids\">%s</div><p>Final answer: %s%s.</p>", r.name(),
                r.kind(), Html.join(grids, x -> x), valid ? "valid" : "not valid",
                overwritten == 0 ? "" : ", and it writes over " + overwritten + (overwritten == 1 ? " given" : " givens")),
                samples(puzzle, r));
    }

    /**
     * A stochastic model's sampled trajectories side by side, one row of grids per sample (the
     * grids above are its mean trajectory), and how the samples vote.
     */
    private static Html.Safe samples(Sudoku puzzle, ModelDemo.Run r) {
        if (r.samples().isEmpty()) {
            return Html.EMPTY;
        }
        List<Html.Safe> rows = new ArrayList<>();
        java.util.Map<String, Integer> votes = new java.util.LinkedHashMap<>();
        int validCount = 0;
        for (int i = 0; i < r.samples().size(); i++) {
            Trajectory t = r.samples().get(i);
            List<Html.Safe> grids = new ArrayList<>();
            int[] previous = null;
            for (Trajectory.Step s : t.steps()) {
                grids.add(answerGrid(puzzle, s.answer(), previous, String.format(Locale.ROOT,
                        "%s, sample %d, after segment %d", r.name(), i + 1, s.segment())));
                previous = s.answer();
            }
            boolean valid = SudokuPuzzle.gridOf(puzzle.shape(), t.finalAnswer()).isSolutionOf(puzzle);
            validCount += valid ? 1 : 0;
            votes.merge(java.util.Arrays.toString(t.finalAnswer()), 1, Integer::sum);
            rows.add(Html.of("<h4>Sample %s: %s</h4><div class=\"grids\">%s</div>", i + 1,
                    valid ? "valid" : "not valid", Html.join(grids, x -> x)));
        }
        int most = votes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        return Html.of("<h4>%s trajectories side by side</h4><p>The same puzzle, the same weights, different noise on the"
                + " answer state: %s samples run as rows of one batch, each as deep as one. %s of them end valid; they"
                + " reach %s distinct %s, the most frequent given by %s of %s (<code>depthlab solve --samples</code>"
                + " votes the same way).</p>%s", r.samples().size(), r.samples().size(), validCount, votes.size(),
                votes.size() == 1 ? "answer" : "answers", most, r.samples().size(), Html.join(rows, x -> x));
    }

    /** A decoder's decodings, each as its answer grid and the list of what it wrote and took back. */
    private static Html.Safe decoder(Sudoku puzzle, ModelDemo.Run r) {
        if (r.decodings().isEmpty()) {
            return Html.of("<h3>%s</h3><p>Not loaded: %s</p>", r.name(), r.problem());
        }
        return Html.of("<h3>%s (%s)</h3>%s", r.name(), r.kind(), Html.join(r.decodings(), d -> decoding(puzzle, r, d)));
    }

    /** Events listed per decoding at most; a long search says how many more there were. */
    private static final int MAX_EVENTS = 400;

    private static Html.Safe decoding(Sudoku puzzle, ModelDemo.Run r, Decoding d) {
        boolean greedy = d.strategy().startsWith("greedy");
        String label = greedy ? "Greedy decoding"
                : "Backtracking decoding (at most " + ModelDemo.BACKTRACK_BUDGET + " digits tried)";
        boolean valid = SudokuPuzzle.gridOf(puzzle.shape(), d.answer()).isSolutionOf(puzzle);
        String status = valid ? "valid"
                : d.budgetExhausted() ? "not valid: the budget ran out"
                : d.deadEnd() >= 0 ? "not valid: dead end at " + cell(puzzle, d.deadEnd()) + ", no digit is allowed there"
                : !d.complete() ? "not valid: the puzzle has no solution"
                : "not valid: it breaks the rules";
        List<String> events = new ArrayList<>();
        for (Decoding.Event e : d.events()) {
            if (e instanceof Decoding.Commit c && !c.forced()) {
                events.add(String.format(Locale.ROOT, "%s = %d (p %.3f)", cell(puzzle, c.position()),
                        c.token() - Tokens.VALUE_BASE + 1, c.probability()));
            } else if (e instanceof Decoding.Retract t && !t.forced()) {
                events.add(String.format(Locale.ROOT, "took back %s = %d", cell(puzzle, t.position()),
                        t.token() - Tokens.VALUE_BASE + 1));
            } else if (e instanceof Decoding.DeadEnd dead) {
                events.add(dead.position() < 0 ? "the givens contradict each other"
                        : "dead end at " + cell(puzzle, dead.position()) + ": no digit is allowed");
            }
        }
        List<String> shown = events.subList(0, Math.min(MAX_EVENTS, events.size()));
        Html.Safe more = events.size() > shown.size()
                ? Html.of("<p>… and %s more.</p>", events.size() - shown.size()) : Html.EMPTY;
        return Html.of("<h4>%s</h4>%s<p>%s; %s chosen, %s taken back, %s model calls.</p>"
                + "<details><summary>What it wrote and took back, in order (%s)</summary><ol>%s</ol>%s</details>",
                label, answerGrid(puzzle, d.answer(), null, r.name() + ", " + label.toLowerCase(Locale.ROOT) + ": "
                        + status), status.substring(0, 1).toUpperCase(Locale.ROOT) + status.substring(1), d.nodes(),
                d.retractions(), d.modelCalls(), events.size(), Html.join(shown, x -> Html.of("<li>%s</li>", x)), more);
    }

    private static String cell(Sudoku puzzle, int position) {
        return "r" + (position / puzzle.size() + 1) + "c" + (position % puzzle.size() + 1);
    }

    /** How many givens an answer writes over (a given left without its digit counts). */
    static int overwrittenGivens(Sudoku puzzle, int[] answerTokens) {
        Sudoku answer = SudokuPuzzle.gridOf(puzzle.shape(), answerTokens);
        int n = 0;
        for (int i = 0; i < answerTokens.length; i++) {
            n += puzzle.cell(i) != 0 && answer.cell(i) != puzzle.cell(i) ? 1 : 0;
        }
        return n;
    }

    /**
     * A model's answer as a grid. Givens are bold and named so in words; the model's digits are
     * plain; with {@code previousTokens}, a cell whose digit changed since then is underlined and
     * named so; a given the answer writes over shows the given struck out and the model's digit
     * (or nothing) beside it, and says so in words — never by colour alone.
     */
    static Html.Safe answerGrid(Sudoku puzzle, int[] answerTokens, int[] previousTokens, String caption) {
        int n = puzzle.size();
        Sudoku answer = SudokuPuzzle.gridOf(puzzle.shape(), answerTokens);
        Sudoku before = previousTokens == null ? null : SudokuPuzzle.gridOf(puzzle.shape(), previousTokens);
        StringBuilder rows = new StringBuilder();
        for (int r = 0; r < n; r++) {
            StringBuilder row = new StringBuilder();
            for (int c = 0; c < n; c++) {
                int i = r * n + c;
                int given = puzzle.cell(i);
                int digit = answer.cell(i);
                List<String> classes = new ArrayList<>();
                Html.Safe content;
                if (given != 0 && digit == given) {
                    classes.add("given");
                    content = Html.of("%s<span class=\"visually-hidden\"> (given)</span>", given);
                } else if (given != 0) {
                    classes.add("given");
                    classes.add("overwrote");
                    content = digit == 0
                            ? Html.of("<del>%s</del><span class=\"visually-hidden\"> (the given %s, left blank)</span>",
                                    given, given)
                            : Html.of("<del>%s</del> <ins>%s</ins><span class=\"visually-hidden\"> (the given %s,"
                                    + " overwritten with %s)</span>", given, digit, given, digit);
                } else if (digit != 0) {
                    classes.add("placed");
                    boolean changed = before != null && before.cell(i) != digit;
                    if (changed) {
                        classes.add("changed");
                    }
                    content = Html.of("%s%s", digit,
                            changed ? new Html.Safe("<span class=\"visually-hidden\"> (changed)</span>") : Html.EMPTY);
                } else {
                    classes.add("blank");
                    content = Html.EMPTY;
                }
                if ((c + 1) % puzzle.shape().boxCols() == 0 && c + 1 < n) {
                    classes.add("box-right");
                }
                if ((r + 1) % puzzle.shape().boxRows() == 0 && r + 1 < n) {
                    classes.add("box-bottom");
                }
                row.append(Html.of("<td class=\"%s\">%s</td>", String.join(" ", classes), content).html());
            }
            rows.append("<tr>").append(row).append("</tr>");
        }
        return Html.of("<table class=\"sudoku\"><caption>%s</caption><tbody>%s</tbody></table>", caption,
                new Html.Safe(rows.toString()));
    }
}
