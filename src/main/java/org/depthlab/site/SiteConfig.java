package org.depthlab.site;

import java.nio.file.Path;

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
    /** The largest source or answer accepted (UTF-8 bytes). */
    public static final long MAX_SOURCE = 64 * 1024;

    /** The defaults for {@code depthlab serve}: 10 submissions a minute per session, 60 per address. */
    public static SiteConfig defaults(int port, Path dataDir, Path exercisesDir, Path bookDir, Path checkpointsDir) {
        return new SiteConfig("127.0.0.1", port, dataDir, exercisesDir, bookDir, checkpointsDir, 10, 60);
    }

    /** The same configuration with other rate limits. */
    public SiteConfig withRateLimits(int perSession, int perAddress) {
        return new SiteConfig(host, port, dataDir, exercisesDir, bookDir, checkpointsDir, perSession, perAddress);
    }
}
