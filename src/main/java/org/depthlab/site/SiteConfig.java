package org.depthlab.site;

import java.nio.file.Path;
import org.depthlab.exercises.Submission;

/**
 * How a site is set up: where things are and the limits it enforces.
 *
 * @param host the address to listen on (loopback by default)
 * @param port the port, 0 for any free one (tests)
 * @param dataDir where the database and the CSRF key live
 * @param exercisesDir the exercises folder
 * @param bookDir the book's chapters
 * @param checkpointsDir trained checkpoints for the model demo, or null
 * @param submissionsPerSession submissions one session may make per minute
 * @param submissionsPerAddress submissions one remote address may make per minute
 */
public record SiteConfig(String host, int port, Path dataDir, Path exercisesDir, Path bookDir, Path checkpointsDir,
                         int submissionsPerSession, int submissionsPerAddress) {

    /** The largest request body accepted (bytes). */
    public static final long MAX_BODY = 100_000;
    /** The largest source or answer accepted (UTF-8 bytes): the grader's own limit. */
    public static final long MAX_SOURCE = Submission.MAX_SOURCE_BYTES;
}
