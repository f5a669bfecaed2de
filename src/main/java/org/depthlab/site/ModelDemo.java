package org.depthlab.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.depthlab.decode.Backtracking;
import org.depthlab.decode.Decoding;
import org.depthlab.decode.Greedy;
import org.depthlab.models.Decoder;
import org.depthlab.models.RefinementModel;
import org.depthlab.models.StochasticModel;
import org.depthlab.models.Trajectory;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuPuzzle;
import org.depthlab.tensor.Tape;
import org.depthlab.train.Checkpoint;
import org.depthlab.train.Width;
import org.ejml.data.DMatrixRMaj;

/**
 * The trained models' side of the Sudoku demo: every checkpoint in the {@code --checkpoints}
 * folder that was trained on Sudoku of the puzzle's size answers it, as
 * {@code depthlab solve --checkpoint} shows it.
 * <ul>
 *   <li>A <b>refinement model</b> (transformer, looped, HRM, TRM) answers the whole grid after
 *       every supervision segment and may change any cell between segments — that is what the
 *       CSP trace's backtracking is set against.</li>
 *   <li>An <b>autoregressive decoder</b> is not one: it writes the open cells one at a time and
 *       never changes a written cell. It is shown decoding, greedily (the model's own choices)
 *       and with backtracking around it (a search that takes a digit back at a dead end).</li>
 *   <li>A <b>stochastic recursive model</b> (gram, chapter 14) also draws {@link #SAMPLES}
 *       trajectories side by side, as {@code depthlab solve --samples} does ({@link Width}): one
 *       row of grids per sample.</li>
 * </ul>
 *
 * <p>Models are loaded once, on first use; a checkpoint that cannot be loaded is shown with its
 * one-line reason instead.
 */
public final class ModelDemo {

    /** Nodes the demo's backtracking decoding may spend on one request (a node is a model call). */
    static final long BACKTRACK_BUDGET = 2_000;

    /** Trajectories a stochastic model draws for the demo, side by side. */
    static final int SAMPLES = 4;

    /**
     * One checkpoint's answer.
     *
     * @param name the checkpoint's folder name
     * @param kind the model kind (hrm, trm, decoder, …), or empty when it did not load
     * @param trajectory a refinement model's segments, or null (a decoder, or not loaded)
     * @param decodings a decoder's decodings — greedy, then backtracking — or empty
     * @param problem why it did not load, or empty
     * @param samples a stochastic model's {@link #SAMPLES} sampled trajectories (seeds 0, 1, … from base 1), or empty
     */
    public record Run(String name, String kind, Trajectory trajectory, List<Decoding> decodings, String problem,
                      List<Trajectory> samples) {

        /** A run without samples. */
        public Run(String name, String kind, Trajectory trajectory, List<Decoding> decodings, String problem) {
            this(name, kind, trajectory, decodings, problem, List.of());
        }

        /** Whether this is an autoregressive decoder rather than a refinement model. */
        public boolean isDecoder() {
            return !decodings.isEmpty() || kind.equals("decoder");
        }
    }

    private final Path dir;
    private final Map<Path, Checkpoint.Loaded> loaded = new ConcurrentHashMap<>();

    /** The demo over the checkpoints in {@code dir} (null: no checkpoints). */
    public ModelDemo(Path dir) {
        this.dir = dir;
    }

    /** Whether any checkpoints are configured. */
    public boolean enabled() {
        return dir != null && Files.isDirectory(dir);
    }

    /** Every Sudoku checkpoint of the puzzle's size, run on it. */
    public List<Run> run(Sudoku puzzle) {
        List<Run> runs = new ArrayList<>();
        if (!enabled()) {
            return runs;
        }
        String task = "sudoku" + puzzle.size();
        SudokuPuzzle p = SudokuPuzzle.of(puzzle);
        for (Path c : checkpoints()) {
            String name = c.getFileName().toString();
            String kind = "";
            try {
                Checkpoint.Manifest m = Checkpoint.manifest(c);
                if (!task.equals(m.task())) {
                    continue;
                }
                kind = m.model().kind();
                Checkpoint.Loaded model = loaded.computeIfAbsent(c, Checkpoint::load);
                synchronized (model) {
                    if (model.model() instanceof Decoder decoder) {
                        runs.add(new Run(name, m.model().kind(), null, List.of(new Greedy().decode(decoder, p),
                                new Backtracking(BACKTRACK_BUDGET).decode(decoder, p)), ""));
                    } else {
                        int segments = m.train().maxSegments();
                        runs.add(new Run(name, m.model().kind(),
                                Trajectory.run(model.model(), p.inputTokens(), segments), List.of(), "",
                                model.model() instanceof StochasticModel ? samples(model.model(), p.inputTokens(), segments)
                                        : List.of()));
                    }
                }
            } catch (RuntimeException e) {
                runs.add(new Run(name, kind, null, List.of(), String.valueOf(e.getMessage())));
            }
        }
        return runs;
    }

    /**
     * {@link #SAMPLES} trajectories of a stochastic model on one puzzle, run as rows of one batch
     * ({@link Width#run}); sample i seeded as {@code solve --samples} seeds it (base 1, puzzle 0).
     */
    static List<Trajectory> samples(RefinementModel model, int[] puzzle, int segments) {
        int n = SAMPLES;
        int len = puzzle.length;
        int[] inputs = new int[n * len];
        long[] seeds = new long[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(puzzle, 0, inputs, i * len, len);
            seeds[i] = Width.sampleSeed(1, 0, i);
        }
        List<List<Trajectory.Step>> steps = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            steps.add(new ArrayList<>());
        }
        Width.run(new Tape(), model, inputs, seeds, segments, (k, out) -> {
            DMatrixRMaj logits = out.logits().value();
            for (int i = 0; i < n; i++) {
                int[] answer = new int[len];
                double confidence = 0;
                for (int pos = 0; pos < len; pos++) {
                    int row = i * len + pos;
                    int best = 0;
                    for (int c = 1; c < logits.numCols; c++) {
                        if (logits.get(row, c) > logits.get(row, best)) {
                            best = c;
                        }
                    }
                    double total = 0;
                    for (int c = 0; c < logits.numCols; c++) {
                        total += Math.exp(logits.get(row, c) - logits.get(row, best));
                    }
                    answer[pos] = best;
                    confidence += 1 / total / len;
                }
                double qHalt = out.qHalt() == null ? Double.NaN : out.qHalt().get(i, 0);
                steps.get(i).add(new Trajectory.Step(k + 1, answer, confidence, qHalt, Double.NaN, qHalt > 0, Map.of()));
            }
        });
        return steps.stream().map(Trajectory::new).toList();
    }

    private List<Path> checkpoints() {
        List<Path> found = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve(Checkpoint.CONFIG_FILE))) {
            found.add(dir);
        }
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(d -> Files.isRegularFile(d.resolve(Checkpoint.CONFIG_FILE))).sorted().forEach(found::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
