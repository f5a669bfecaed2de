package org.depthlab.site;

import java.nio.file.Path;
import java.util.List;
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
 * @param hostNames the names (or addresses) the site is reached by; a request whose
 *     {@code Host} header names another is refused, so that a page of a domain that resolves
 *     to this machine (DNS rebinding) cannot talk to the site
 */
public record SiteConfig(String host, int port, Path dataDir, Path exercisesDir, Path bookDir, Path checkpointsDir,
                         int submissionsPerSession, int submissionsPerAddress, List<String> hostNames) {

    /** The largest request body accepted (bytes), counted on the bytes read, whatever the headers say. */
    public static final long MAX_BODY = 100_000;
    /** The largest source or answer accepted (UTF-8 bytes): the grader's own limit. */
    public static final long MAX_SOURCE = Submission.MAX_SOURCE_BYTES;
    /** Request bodies read at once; more are refused (503) until one is in. */
    public static final int BODY_READERS = 64;
    /** Seconds a request body may take to arrive. */
    public static final int BODY_SECONDS = 20;
    /** Seconds a connection may stay silent before it is closed. */
    public static final int IDLE_SECONDS = 30;

    public SiteConfig {
        hostNames = List.copyOf(hostNames);
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("a site needs at least one host name to answer to");
        }
    }

    /** A site reached by the address it listens on (and, for a loopback address, by "localhost" too). */
    public SiteConfig(String host, int port, Path dataDir, Path exercisesDir, Path bookDir, Path checkpointsDir,
                      int submissionsPerSession, int submissionsPerAddress) {
        this(host, port, dataDir, exercisesDir, bookDir, checkpointsDir, submissionsPerSession, submissionsPerAddress,
                defaultHostNames(host));
    }

    /** The names a site listening on {@code host} answers to without being told more. */
    public static List<String> defaultHostNames(String host) {
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]");
        return loopback ? List.of(host, "localhost", "127.0.0.1", "::1") : List.of(host);
    }
}
