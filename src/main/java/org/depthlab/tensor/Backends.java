package org.depthlab.tensor;

import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;

/**
 * Where backends come from: by name, for a command-line flag, and the default every
 * {@code new Tape()} uses.
 *
 * <ul>
 *   <li>{@code ejml} — {@link EjmlBackend}, EJML's kernels unchanged: the reference that tests
 *       compare against. Single-threaded.</li>
 *   <li>{@code blocked} — {@link BlockedBackend}, cache-blocked products in plain Java on
 *       {@link #DEFAULT_THREADS} threads. Each entry is summed in the same order as the
 *       textbook loop, so its results equal EJML's to rounding (≤ 1e-12 relative) and are
 *       identical for any number of threads and from run to run. It is the default: it
 *       measured 8 to 15 times faster than {@code ejml} on the book's blocks
 *       (docs/decisions.md, "The blocked backend is the default").</li>
 * </ul>
 *
 * <p>Two system properties set the default without touching code, for example
 * {@code DEPTHLAB_JAVA_OPTS="-Ddepthlab.backend=ejml" ./depthlab …}:
 * {@code depthlab.backend} (a name above) and {@code depthlab.threads} (threads of the
 * {@code blocked} backend). They are read once, when the default is first asked for.
 */
public final class Backends {

    /** Threads of the {@code blocked} backend unless {@code depthlab.threads} says otherwise. */
    public static final int DEFAULT_THREADS = 2;

    private Backends() {
    }

    /** The names {@link #named(String)} accepts. */
    public static List<String> names() {
        return List.of("ejml", "blocked");
    }

    /**
     * The backend called {@code name} ({@link #names()}); {@code blocked} runs on the default
     * number of threads.
     *
     * @throws BadInputException if no backend has that name
     */
    public static Backend named(String name) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return switch (key) {
            case "ejml" -> Backend.ejml();
            case "blocked" -> Default.BLOCKED;
            default -> throw new BadInputException("backend '" + name + "' is unknown; expected one of "
                    + String.join(", ", names()) + ".");
        };
    }

    /**
     * A {@code blocked} backend on its own pool of {@code threads} threads (the caller
     * included). Its results do not depend on {@code threads}.
     */
    public static Backend blocked(int threads) {
        if (threads < 1) {
            throw new BadInputException("the number of threads must be at least 1, got " + threads + ".");
        }
        return threads == Default.BLOCKED.threads() ? Default.BLOCKED : new BlockedBackend(threads);
    }

    /** The backend of {@code new Tape()}: {@code blocked}, unless {@code depthlab.backend} names another. */
    public static Backend defaultBackend() {
        return Default.BACKEND;
    }

    /**
     * The shared default instances, made on first use (the holder idiom: the JVM initialises
     * this class once, when it is first touched). They are configured once and never change.
     * A property with a value that makes no sense is reported in one line on standard error and
     * replaced by the built-in default, rather than failing every tape made afterwards.
     */
    private static final class Default {
        static final BlockedBackend BLOCKED = new BlockedBackend(threadsProperty());
        static final Backend BACKEND = backendProperty();

        private static int threadsProperty() {
            String value = System.getProperty("depthlab.threads");
            if (value != null) {
                try {
                    int threads = Integer.parseInt(value.trim());
                    if (threads >= 1) {
                        return threads;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the report below
                }
                System.err.println("depthlab: -Ddepthlab.threads=" + value
                        + " is not a whole number of threads >= 1; using " + DEFAULT_THREADS + ".");
            }
            return DEFAULT_THREADS;
        }

        private static Backend backendProperty() {
            String value = System.getProperty("depthlab.backend");
            if (value != null) {
                try {
                    return named(value);
                } catch (BadInputException e) {
                    System.err.println("depthlab: -Ddepthlab.backend: " + e.getMessage()
                            + " Using blocked.");
                }
            }
            return BLOCKED;
        }
    }
}
