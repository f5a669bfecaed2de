package org.depthlab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.depthlab.BadInputException;
import org.depthlab.io.IoErrors;

/**
 * Nothing of the user's is overwritten without {@code --force}: the checks {@code train} and
 * {@code generate} make before they write {@code --out}. A run or a dataset is hours of a
 * student's work; a second command that happens to name the same folder must not replace it,
 * and must not append its metrics to the old run's log.
 */
final class Overwrites {

    private Overwrites() {
    }

    /**
     * {@code --out FILE}: refused if the file exists, unless {@code force}.
     *
     * @throws BadInputException naming the file and the way out
     */
    static void requireNewFile(Path file, boolean force) {
        if (Files.isDirectory(file)) {
            throw new BadInputException(file + " is a folder; --out takes a file name here.");
        }
        if (Files.exists(file) && !force) {
            throw new BadInputException(file + " already exists: --force replaces it.");
        }
    }

    /**
     * {@code --out DIR}: refused if the folder holds anything, unless {@code force}.
     *
     * @param what    what the folder holds when it holds one of {@code markers}, and the way out,
     *                e.g. "a run: --resume continues it, --force replaces it"
     * @param markers the files that make the folder one of ours (a run, a dataset)
     * @throws BadInputException naming the folder, what it holds, and the way out
     */
    static void requireEmptyFolder(Path dir, boolean force, String what, String... markers) {
        if (!Files.exists(dir) || force) {
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new BadInputException(dir + " is a file; --out takes a folder here.");
        }
        List<String> names = contents(dir);
        if (names.isEmpty()) {
            return;
        }
        if (names.stream().anyMatch(List.of(markers)::contains)) {
            throw new BadInputException(dir + " already holds " + what + ".");
        }
        throw new BadInputException(dir + " already holds " + String.join(", ", names.subList(0, Math.min(3,
                names.size()))) + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "")
                + ": --force writes into it anyway.");
    }

    /** Deletes the named files of {@code dir} that exist, so that a forced run starts clean. */
    static void remove(Path dir, String... names) {
        for (String name : names) {
            Path f = dir.resolve(name);
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                throw new BadInputException("cannot replace " + f + ": " + IoErrors.reason(e), e);
            }
        }
    }

    private static List<String> contents(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw IoErrors.cannotRead(dir, e);
        }
    }
}
