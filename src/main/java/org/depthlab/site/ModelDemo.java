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
import org.depthlab.models.Trajectory;
import org.depthlab.tasks.Sudoku;
import org.depthlab.tasks.SudokuPuzzle;
import org.depthlab.train.Checkpoint;

/**
 * The refinement models' side of the Sudoku demo: every checkpoint in the
 * {@code --checkpoints} folder that was trained on Sudoku of the puzzle's size answers it,
 * segment by segment, as {@code depthlab solve --checkpoint} prints it — the answer after each
 * supervision segment, how many cells changed, and the model's confidence. A model may change
 * any cell between segments; that is what the CSP trace's backtracking is set against.
 *
 * <p>Models are loaded once, on first use; a checkpoint that cannot be loaded is shown with its
 * one-line reason instead.
 */
public final class ModelDemo {

    /**
     * One checkpoint's answer.
     *
     * @param name the checkpoint's folder name
     * @param kind the model kind (hrm, trm, …), or empty when it did not load
     * @param trajectory its segments, or null when it did not load
     * @param problem why it did not load, or empty
     */
    public record Run(String name, String kind, Trajectory trajectory, String problem) {
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
            try {
                Checkpoint.Manifest m = Checkpoint.manifest(c);
                if (!task.equals(m.task())) {
                    continue;
                }
                Checkpoint.Loaded model = loaded.computeIfAbsent(c, Checkpoint::load);
                Trajectory t;
                synchronized (model) {
                    t = Trajectory.run(model.model(), p.inputTokens(), m.train().maxSegments());
                }
                runs.add(new Run(name, m.model().kind(), t, ""));
            } catch (RuntimeException e) {
                runs.add(new Run(name, "", null, String.valueOf(e.getMessage())));
            }
        }
        return runs;
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
