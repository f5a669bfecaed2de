package org.depthlab.tensor;

import java.util.List;
import java.util.Locale;
import org.depthlab.BadInputException;

/**
 * Where backends come from: by name, for a command-line flag, and the default every
 * {@code new Tape()} uses.
 *
 * <ul>
 *   <li>{@code reference} — {@link ReferenceBackend}: every product as its three nested loops
 *       and every op in its plain textbook form, one thread. The code the book quotes; slow,
 *       and the same numbers as the others to rounding (its products are {@code blocked}'s to
 *       the bit).</li>
 *   <li>{@code ejml} — {@link EjmlBackend}, EJML's kernels unchanged: the reference that tests
 *       compare against. Single-threaded.</li>
 *   <li>{@code blocked} — {@link BlockedBackend}, cache-blocked products on
 *       {@link #DEFAULT_THREADS} threads, in plain Java or, when the JVM has the Vector API
 *       module (the launcher passes it), with a register tile in vectors ({@link SimdKernel}) —
 *       the same bits either way. Each entry is summed in the same order as the textbook loop,
 *       so its results equal EJML's to rounding (≤ 1e-12 relative) and are identical for any
 *       number of threads and from run to run. It is the default: it measured 4 to 8 times
 *       faster than {@code ejml} on the book's blocks (docs/decisions.md, "The blocked backend
 *       is the default"), and no-grad blocks run on it as one fused pass.</li>
 *   <li>{@code vector} — {@link VectorBackend}, the same blocking with explicit SIMD through
 *       the incubating Vector API, each step one fused multiply-add: its products faster than
 *       {@code blocked}'s (15–20% less CPU time on an update at hidden 128 and 256), its results
 *       equal to them to rounding, not to the bit. It needs the JVM option
 *       {@code --add-modules jdk.incubator.vector}, which the launcher passes; without it
 *       {@code vector} gives {@code blocked} and says so in one line (docs/decisions.md, "The
 *       Vector API backend is optional").</li>
 * </ul>
 *
 * <p>Two system properties set the default without touching code, for example
 * {@code DEPTHLAB_JAVA_OPTS="-Ddepthlab.backend=ejml" ./depthlab …}:
 * {@code depthlab.backend} (a name above) and {@code depthlab.threads} (threads of the
 * {@code blocked} and {@code vector} backends). They are read once, when the default is first
 * asked for.
 */
public final class Backends {

    /** Threads of the fast backends unless {@code depthlab.threads} says otherwise. */
    public static final int DEFAULT_THREADS = 2;

    private Backends() {
    }

    /**
     * The backend a name asked for, or the one given instead and why.
     *
     * @param backend what to compute with
     * @param note    {@code null} if {@code backend} is the one asked for; otherwise one line
     *                saying why it was not available and what is used instead
     */
    public record Choice(Backend backend, String note) {
    }

    /** The names {@link #named(String)} accepts. */
    public static List<String> names() {
        return List.of("reference", "ejml", "blocked", "vector");
    }

    /**
     * The backend called {@code name} ({@link #names()}) on the default number of threads
     * ({@code depthlab.threads}, else {@link #DEFAULT_THREADS}), or — for {@code vector} in a
     * JVM without the Vector API module — {@code blocked}, with a note saying so. Prints
     * nothing.
     *
     * @throws BadInputException if no backend has that name
     */
    public static Choice choose(String name) {
        return choose(name, Default.BLOCKED.threads());
    }

    /**
     * As {@link #choose(String)}, on {@code threads} threads ({@code reference} and {@code ejml}
     * always have one).
     * The number of threads never changes a result, only the time.
     *
     * @throws BadInputException if no backend has that name, or threads &lt; 1
     */
    public static Choice choose(String name, int threads) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        if (threads < 1) {
            throw new BadInputException("the number of threads must be at least 1, got " + threads + ".");
        }
        boolean usual = threads == Default.BLOCKED.threads();
        return switch (key) {
            case "reference" -> new Choice(ReferenceBackend.INSTANCE, null);
            case "ejml" -> new Choice(Backend.ejml(), null);
            case "blocked" -> new Choice(usual ? Default.BLOCKED : new BlockedBackend(threads), null);
            case "vector" -> usual ? Vector.CHOICE : Vector.load(threads);
            default -> throw new BadInputException("backend '" + name + "' is unknown; expected one of "
                    + String.join(", ", names()) + ".");
        };
    }

    /**
     * The backend called {@code name}, as {@link #choose(String)} gives it; if another one is
     * given instead, the reason is printed as one line on standard error.
     *
     * @throws BadInputException if no backend has that name
     */
    public static Backend named(String name) {
        Choice choice = choose(name);
        if (choice.note() != null) {
            System.err.println("depthlab: " + choice.note());
        }
        return choice.backend();
    }

    /**
     * A {@code blocked} backend on {@code threads} threads (the caller included). Its results
     * do not depend on {@code threads}.
     *
     * @throws BadInputException if threads &lt; 1
     */
    public static Backend blocked(int threads) {
        return choose("blocked", threads).backend();
    }

    /**
     * The {@code vector} backend ({@link VectorBackend}), made on first use. The class is loaded
     * by name, and only when the JVM has the incubating module: referring to it directly would
     * make this class fail to load in every JVM started without {@code --add-modules}.
     */
    private static final class Vector {
        static final Choice CHOICE = load(Default.BLOCKED.threads());

        static Choice load(int threads) {
            String module = "jdk.incubator.vector";
            if (ModuleLayer.boot().findModule(module).isEmpty()) {
                return new Choice(Backends.blocked(threads), "backend 'vector' needs the JVM option --add-modules "
                        + module + " (for example in DEPTHLAB_JAVA_OPTS); using blocked.");
            }
            try {
                Backend vector = (Backend) Class.forName("org.depthlab.tensor.VectorBackend")
                        .getDeclaredConstructor(int.class).newInstance(threads);
                return new Choice(vector, null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return new Choice(Backends.blocked(threads), "backend 'vector' could not be loaded (" + e
                        + "); using blocked.");
            }
        }
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
