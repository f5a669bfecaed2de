package org.depthlab;

import java.nio.file.Path;

/**
 * The project folder: where the {@code ./depthlab} launcher lives (it says so in
 * {@code DEPTHLAB_HOME}), else the working folder. The book, the exercises and the lab's
 * specs are found there by default, whatever folder a command is run from.
 */
public final class ProjectFolder {

    private ProjectFolder() {
    }

    /** The project folder, relative ({@code ""}) when it is the working folder. */
    public static Path root() {
        String home = System.getenv("DEPTHLAB_HOME");
        return home != null && !home.isBlank() ? Path.of(home) : Path.of("");
    }
}
