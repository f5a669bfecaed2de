package org.depthlab.experiments;

import java.nio.file.Path;
import org.depthlab.ProjectFolder;

/**
 * Where the lab's files go by default: specs in {@code book/experiments/} of the project,
 * results and figures in {@code book/results/} and {@code book/figures/}, and runs — the
 * checkpoints, metrics and results of every (dataset, model, seed) — in {@code runs/lab/}
 * of the working folder.
 */
public final class Lab {

    private Lab() {
    }

    /** The project folder ({@link ProjectFolder}), as an absolute path. */
    public static Path projectRoot() {
        return ProjectFolder.root().toAbsolutePath();
    }

    /** {@code book/experiments/} of the project. */
    public static Path specs() {
        return projectRoot().resolve("book").resolve("experiments");
    }

    /** {@code book/} of the project, where real-scale reports go. */
    public static Path book() {
        return projectRoot().resolve("book");
    }

    /** {@code runs/lab/} of the working folder. */
    public static Path runs() {
        return Path.of("runs", "lab");
    }
}
