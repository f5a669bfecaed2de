package org.depthlab.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;
import org.depthlab.io.AtomicFiles;
import org.depthlab.train.Evaluator;
import org.depthlab.train.Trainer;

/**
 * {@code metrics.jsonl}: one JSON object per training epoch, appended as a run goes — what
 * {@code depthlab train} and the lab's runs write, and what {@code depthlab plot},
 * {@code depthlab runs} and the lab's reports read. The fields:
 *
 * <table>
 *   <caption>metrics.jsonl, one line per epoch</caption>
 *   <tr><th>field</th><th>what it is</th></tr>
 *   <tr><td>epoch</td><td>epochs completed: puzzles drawn ÷ training-set size (a run that stops mid-epoch ends on a fraction)</td></tr>
 *   <tr><td>step</td><td>optimizer updates so far (one supervision segment each)</td></tr>
 *   <tr><td>loss</td><td>mean training loss per update over this epoch</td></tr>
 *   <tr><td>tokenAccuracy</td><td>training: fraction of labelled cells right, over sequences that halted this epoch</td></tr>
 *   <tr><td>exact</td><td>training: fraction of halted sequences whose whole answer was right</td></tr>
 *   <tr><td>segments</td><td>training: mean segments a sequence used before it halted</td></tr>
 *   <tr><td>halted</td><td>training: sequences that halted this epoch</td></tr>
 *   <tr><td>test</td><td>held-out evaluation (all segments), or null when none ran: {@code puzzles}, {@code exact},
 *       {@code tokenAccuracy} (cells right), {@code averageSegments} (where the halting head would stop),
 *       {@code exactBySegment} (exact after segment 1, 2, …), {@code puzzlesPerSecond}</td></tr>
 *   <tr><td>epochSeconds</td><td>wall time of this epoch, its evaluation included</td></tr>
 *   <tr><td>elapsedSeconds</td><td>wall time of the whole run so far — a running total that a resumed run continues</td></tr>
 *   <tr><td>trainingFlops</td><td>training FLOPs so far, step × the Meter's FLOPs per update ({@link TrainingFlops});
 *       absent when not measured</td></tr>
 * </table>
 *
 * <p>Files written before {@code epochSeconds} existed call it {@code seconds} and have no
 * running total; {@link #read} accepts them and adds the running total up itself.
 */
public final class MetricsLog {

    /** The file's name in a run's folder. */
    public static final String FILE = "metrics.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One line of the file, as read back.
     *
     * @param testExact  held-out exact accuracy, or NaN when no evaluation ran that epoch
     * @param testCells  held-out cell accuracy, or NaN
     * @param trainingFlops training FLOPs so far, or 0 when the file does not say
     */
    public record Line(double epoch, long step, double loss, double exact, double tokenAccuracy, double testExact,
                       double testCells, double epochSeconds, double elapsedSeconds, long trainingFlops) {

        /** Whether a held-out evaluation ran at this epoch. */
        public boolean evaluated() {
            return !Double.isNaN(testExact);
        }
    }

    private final Path file;
    private final long flopsPerUpdate;
    private final double elapsedBefore;
    private final long started = System.nanoTime();

    private MetricsLog(Path file, long flopsPerUpdate, double elapsedBefore) {
        this.file = file;
        this.flopsPerUpdate = flopsPerUpdate;
        this.elapsedBefore = elapsedBefore;
    }

    /**
     * A log for a new run in {@code dir}: an existing {@code metrics.jsonl} there is replaced.
     *
     * @param flopsPerUpdate the Meter's training FLOPs per update, or 0 to leave {@code trainingFlops} out
     */
    public static MetricsLog fresh(Path dir, long flopsPerUpdate) {
        AtomicFiles.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve(FILE), "");
        return new MetricsLog(dir.resolve(FILE), flopsPerUpdate, 0);
    }

    /**
     * A log for a run resumed from a checkpoint at update {@code step}: lines written after that
     * checkpoint (by a run killed before its next one) are dropped, since those epochs run
     * again, and the running total continues from the last line kept.
     */
    public static MetricsLog resumed(Path dir, long step, long flopsPerUpdate) {
        Path file = dir.resolve(FILE);
        List<String> kept = new ArrayList<>();
        double elapsed = 0;
        if (Files.isRegularFile(file)) {
            List<Line> lines = read(file);
            List<String> raw = rawLines(file);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).step() <= step) {
                    kept.add(raw.get(i));
                    elapsed = lines.get(i).elapsedSeconds();
                }
            }
        }
        AtomicFiles.createDirectories(dir);
        AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
        return new MetricsLog(file, flopsPerUpdate, elapsed);
    }

    /** Wall time of the run so far, resumed parts included. */
    public double elapsedSeconds() {
        return elapsedBefore + (System.nanoTime() - started) / 1e9;
    }

    /** Appends an epoch and returns a one-line human summary of it. */
    public String write(Trainer.EpochMetrics m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("epoch", m.epoch());
        o.put("step", m.step());
        o.put("loss", m.loss());
        o.put("tokenAccuracy", m.tokenAccuracy());
        o.put("exact", m.exact());
        o.put("segments", m.segments());
        o.put("halted", m.halted());
        Evaluator.Result t = m.test();
        if (t == null) {
            o.putNull("test");
        } else {
            ObjectNode test = o.putObject("test");
            test.put("puzzles", t.puzzles());
            test.put("exact", t.exact());
            test.put("tokenAccuracy", t.tokenAccuracy());
            test.put("averageSegments", t.averageSegments());
            ArrayNode by = test.putArray("exactBySegment");
            for (double e : t.exactBySegment()) {
                by.add(e);
            }
            test.put("puzzlesPerSecond", t.puzzlesPerSecond());
            test.put("weights", m.testedWeights());
        }
        o.put("epochSeconds", m.seconds());
        o.put("elapsedSeconds", elapsedSeconds());
        if (flopsPerUpdate > 0) {
            o.put("trainingFlops", m.step() * flopsPerUpdate);
        }
        try {
            Files.writeString(file, JSON.writeValueAsString(o) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new BadInputException("cannot append to " + file + ": " + e.getMessage() + ".");
        }
        return String.format(Locale.ROOT, "epoch %.2f  update %d  loss %.4f  train exact %.1f%%  segments %.1f%s",
                m.epoch(), m.step(), m.loss(), 100 * m.exact(), m.segments(),
                t == null ? "" : String.format(Locale.ROOT, "  |  test exact %.1f%%  tokens %.1f%% (%s)",
                        100 * t.exact(), 100 * t.tokenAccuracy(), m.testedWeights()));
    }

    /**
     * Reads a metrics file.
     *
     * @throws BadInputException naming the file and line of anything that is not a metrics line
     */
    public static List<Line> read(Path file) {
        List<Line> out = new ArrayList<>();
        List<String> lines = rawLines(file);
        double running = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode o;
            try {
                o = JSON.readTree(lines.get(i));
            } catch (IOException e) {
                throw new BadInputException(file + " line " + (i + 1) + " is not JSON.");
            }
            if (o == null || !o.isObject() || !o.has("step") || !o.has("epoch")) {
                throw new BadInputException(file + " line " + (i + 1) + " is not a metrics line (no step or epoch).");
            }
            double epochSeconds = o.has("epochSeconds") ? o.get("epochSeconds").asDouble()
                    : o.path("seconds").asDouble(0);
            running = o.has("elapsedSeconds") ? o.get("elapsedSeconds").asDouble() : running + epochSeconds;
            JsonNode test = o.get("test");
            boolean evaluated = test != null && test.isObject();
            out.add(new Line(o.get("epoch").asDouble(), o.get("step").asLong(), o.path("loss").asDouble(Double.NaN),
                    o.path("exact").asDouble(Double.NaN), o.path("tokenAccuracy").asDouble(Double.NaN),
                    evaluated ? test.path("exact").asDouble(Double.NaN) : Double.NaN,
                    evaluated ? test.path("tokenAccuracy").asDouble(Double.NaN) : Double.NaN, epochSeconds, running,
                    o.path("trainingFlops").asLong(0)));
        }
        return out;
    }

    private static List<String> rawLines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (NoSuchFileException e) {
            throw new BadInputException("cannot read " + file + ": no such file.");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + file + ": " + e.getMessage() + ".");
        }
    }
}
