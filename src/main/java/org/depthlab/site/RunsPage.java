package org.depthlab.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.depthlab.experiments.RunsTable;
import org.depthlab.experiments.SvgCanvas;
import org.depthlab.experiments.Units;

/**
 * The runs page, {@code /runs}: the training runs under the site's {@code --checkpoints}
 * folder in the table {@code depthlab runs} prints, their learning curves in one figure
 * ({@code /runs/curves.svg}, drawn on request), and the figures of every experiment report in
 * the book ({@code book/results/<name>.json} says which, {@code book/figures/} holds them,
 * served at {@code /runs/figures/<file>.svg}).
 *
 * <p>Figures are SVG from the lab's own writer — plain markup, no script — shown with
 * {@code <img>} and their title as the alternative text, their caption beneath.
 */
final class RunsPage {

    private static final Pattern FIGURE = Pattern.compile("[a-z0-9][a-z0-9-]{0,120}\\.svg");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Layout layout;
    private final Path checkpoints;
    private final Path book;
    private final Template page = Template.load("runs");

    /**
     * @param checkpoints the runs folder, or null when the site was started without one
     * @param book        the book folder (results/ and figures/ in it)
     */
    RunsPage(Layout layout, Path checkpoints, Path book) {
        this.layout = layout;
        this.checkpoints = checkpoints;
        this.book = book;
    }

    void routes(Javalin app) {
        app.get("/runs", this::show);
        app.get("/runs/curves.svg", this::curves);
        app.get("/runs/figures/{file}", this::figure);
    }

    private List<RunsTable.Row> rows() {
        if (checkpoints == null || !Files.isDirectory(checkpoints)) {
            return List.of();
        }
        return RunsTable.of(checkpoints);
    }

    private void show(Context ctx) {
        Layout.send(ctx, layout.page("Runs", page.render(Map.of("runs", runs(rows()), "experiments", experiments()))));
    }

    private Html.Safe runs(List<RunsTable.Row> rows) {
        if (checkpoints == null) {
            return Html.of("<p>Start the site with <code>depthlab serve --checkpoints DIR</code> to list the training runs"
                    + " in a folder here.</p>");
        }
        if (rows.isEmpty()) {
            return Html.of("<p>No training runs in %s yet (a run is a folder with a checkpoint's config.json).</p>",
                    checkpoints.toString());
        }
        Html.Safe body = Html.join(rows, r -> r.problem() != null
                ? Html.of("<tr><th scope=\"row\">%s</th><td colspan=\"8\">cannot be read: %s</td></tr>", r.name(),
                        r.problem())
                : Html.of("<tr><th scope=\"row\">%s</th><td>%s</td><td>%s</td><td class=\"number\">%s</td>"
                        + "<td class=\"number\">%s</td><td class=\"number\">%s</td><td class=\"number\">%s</td>"
                        + "<td class=\"number\">%s</td><td class=\"number\">%s</td></tr>", r.name(), r.kind(), r.task(),
                        String.format("%,d", r.parameters()), String.format("%,d", r.updates()),
                        Units.number(r.trainingFlops()), Double.isNaN(r.wallSeconds()) ? "—" : Units.clock(r.wallSeconds()),
                        Double.isNaN(r.exact()) ? "—" : Units.percent(r.exact()),
                        Double.isNaN(r.cells()) ? "—" : Units.percent(r.cells())));
        boolean anyCurve = rows.stream().anyMatch(r -> r.problem() == null && !r.curve().isEmpty());
        return Html.concat(Html.of("<table class=\"runs\"><caption>Runs in %s: the last held-out evaluation of each"
                + "</caption><thead><tr><th scope=\"col\">Run</th><th scope=\"col\">Model</th><th scope=\"col\">Task</th>"
                + "<th scope=\"col\">Parameters</th><th scope=\"col\">Updates</th><th scope=\"col\">Training FLOPs</th>"
                + "<th scope=\"col\">Wall time</th><th scope=\"col\">Exact</th><th scope=\"col\">Cells</th></tr></thead>"
                + "<tbody>%s</tbody></table>", checkpoints.toString(), body),
                anyCurve ? Html.of("<figure><img id=\"curves\" src=\"/runs/curves.svg\" width=\"760\" height=\"460\""
                        + " alt=\"Held-out exact accuracy of these runs against updates\"><figcaption>Held-out exact"
                        + " accuracy at every evaluation of these runs, from their metrics.jsonl.</figcaption></figure>")
                        : Html.EMPTY);
    }

    private void curves(Context ctx) {
        List<RunsTable.Row> rows = rows().stream().filter(r -> r.problem() == null && !r.curve().isEmpty()).toList();
        if (rows.isEmpty()) {
            throw new HttpError(404, "There are no runs with held-out evaluations to plot.");
        }
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("image/svg+xml; charset=utf-8").result(SvgCanvas.render(RunsTable.curves(rows, false, true)));
    }

    private void figure(Context ctx) throws IOException {
        String file = ctx.pathParam("file");
        Path path = book.resolve("figures").resolve(file);
        if (!FIGURE.matcher(file).matches() || !Files.isRegularFile(path)) {
            throw new HttpError(404, "There is no such figure.");
        }
        ctx.contentType("image/svg+xml; charset=utf-8").result(Files.readString(path));
    }

    /** Every report in book/results/, with its figures. */
    private Html.Safe experiments() {
        Path results = book.resolve("results");
        List<Html.Safe> sections = new ArrayList<>();
        if (Files.isDirectory(results)) {
            List<Path> files;
            try (Stream<Path> s = Files.list(results)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
            } catch (IOException e) {
                return Html.of("<p>The reports in %s cannot be listed: %s</p>", results.toString(), e.getMessage());
            }
            for (Path f : files) {
                sections.add(experiment(f));
            }
        }
        return sections.isEmpty() ? Html.of("<p>No experiment has a report yet.</p>")
                : Html.join(sections, x -> x);
    }

    private Html.Safe experiment(Path file) {
        JsonNode report;
        try {
            report = JSON.readTree(file.toFile());
        } catch (IOException e) {
            return Html.of("<p>%s cannot be read.</p>", file.getFileName().toString());
        }
        String name = report.path("experiment").asText("");
        List<Html.Safe> figures = new ArrayList<>();
        for (JsonNode f : report.path("figures")) {
            String svg = name + "-" + f.path("name").asText() + ".svg";
            if (FIGURE.matcher(svg).matches() && Files.isRegularFile(book.resolve("figures").resolve(svg))) {
                figures.add(Html.of("<figure><img src=\"/runs/figures/%s\" width=\"760\" height=\"460\" alt=\"%s\">"
                        + "<figcaption>%s</figcaption></figure>", svg, f.path("title").asText(),
                        f.path("caption").asText()));
            }
        }
        return Html.of("<article><h3>%s</h3><p>%s: %s of %s runs (%s scale). %s</p>%s</article>", report.path("title")
                .asText(name), name, report.path("runsFinished").asText(), report.path("runsPlanned").asText(),
                report.path("scale").asText(), report.path("budget").asText(), Html.join(figures, x -> x));
    }
}
