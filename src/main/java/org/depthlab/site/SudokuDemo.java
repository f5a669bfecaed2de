package org.depthlab.site;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.depthlab.BadInputException;
import org.depthlab.models.Trajectory;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuGenerator;
import org.depthlab.tasks.SudokuPuzzle;

/**
 * The demo: enter or generate a Sudoku and step through the CSP solver's search — every digit
 * it tries, every dead end forward checking finds, every backtrack — and, when checkpoints
 * are configured, the refinement models' answers segment by segment ({@link ModelDemo}).
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
            return Html.of("<section><h2>Refinement models</h2><p>%s</p></section>", e.getMessage());
        }
        if (runs.isEmpty()) {
            return Html.of("<section><h2>Refinement models</h2><p>No checkpoint here was trained on %s×%s Sudoku.</p></section>",
                    puzzle.size(), puzzle.size());
        }
        return Html.of("<section aria-labelledby=\"models-title\"><h2 id=\"models-title\">Refinement models</h2>"
                + "<p>Each model answers the whole grid after every supervision segment and may change any cell "
                + "between segments.</p>%s</section>", Html.join(runs, r -> run(puzzle, r)));
    }

    private static Html.Safe run(Sudoku puzzle, ModelDemo.Run r) {
        if (r.trajectory() == null) {
            return Html.of("<h3>%s</h3><p>Not loaded: %s</p>", r.name(), r.problem());
        }
        List<Html.Safe> rows = new ArrayList<>();
        int[] previous = SudokuPuzzle.tokensOf(puzzle);
        for (Trajectory.Step s : r.trajectory().steps()) {
            int changed = 0;
            for (int i = 0; i < previous.length; i++) {
                changed += s.answer()[i] != previous[i] ? 1 : 0;
            }
            previous = s.answer();
            rows.add(Html.of("<tr><td>%s</td><td><code>%s</code></td><td>%s</td><td>%s</td></tr>", s.segment(),
                    SudokuPuzzle.gridOf(puzzle.shape(), s.answer()).toLine(), changed,
                    String.format(Locale.ROOT, "%.3f", s.confidence())));
        }
        boolean valid = SudokuPuzzle.gridOf(puzzle.shape(), r.trajectory().finalAnswer()).isSolutionOf(puzzle);
        return Html.of("<h3>%s (%s)</h3><table><caption>%s: answer after each segment; final answer %s</caption>"
                + "<thead><tr><th scope=\"col\">Segment</th><th scope=\"col\">Answer</th><th scope=\"col\">Cells changed</th>"
                + "<th scope=\"col\">Confidence</th></tr></thead><tbody>%s</tbody></table>", r.name(), r.kind(), r.name(),
                valid ? "valid" : "not valid", Html.join(rows, x -> x));
    }
}
