package org.depthlab.cli;

import java.nio.file.Path;
import org.depthlab.BadInputException;
import org.depthlab.tasks.Task;
import org.depthlab.tasks.TaskName;
import org.depthlab.train.Checkpoint;

/**
 * What every {@code solve --checkpoint DIR} mode shares: the checkpoint, loaded once, and its
 * task — the default when {@code --task} is not given, and the only one it accepts.
 */
abstract class CheckpointMode implements SolveCommand.Mode {

    final Checkpoint.Loaded loaded;
    final Task task;
    final TaskName trained;

    CheckpointMode(Path dir) {
        this.loaded = Checkpoint.load(dir);
        this.task = Task.named(loaded.manifest().task());
        this.trained = TaskName.parse(task.name());
    }

    /** The segments asked for, or the setting the checkpoint was trained with. */
    final int segmentsOr(Integer asked) {
        return asked != null ? asked : loaded.manifest().train().maxSegments();
    }

    @Override
    public final TaskName defaultTask() {
        return trained;
    }

    /**
     * Checks that {@code asked} names the task the checkpoint was trained on (a size of 0 in
     * {@code asked} matches any size of the same family).
     *
     * @throws BadInputException if the checkpoint was trained on another task
     */
    @Override
    public void check(TaskName asked) {
        if (asked.family() != trained.family() || (asked.size() != 0 && asked.size() != trained.size())) {
            throw new BadInputException("the checkpoint was trained on " + trained + ", not " + asked);
        }
    }
}
