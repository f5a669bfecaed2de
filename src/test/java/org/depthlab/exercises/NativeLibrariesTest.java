package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The native libraries the sandbox mounts: those the JDK's {@code java.base} libraries need,
 * read from their ELF headers, and the dynamic loader — not the rest of the system's, and
 * none of the JDK's other libraries.
 */
class NativeLibrariesTest {

    private final Path javaHome = Path.of(System.getProperty("java.home"));

    @Test
    void theJvmNeedsTheCLibraryAndItsLoaderAndFewOthers() throws Exception {
        Path libc = libcFolder();
        NativeLibraries.Needed needed = NativeLibraries.of(javaHome, List.of(libc));
        List<String> names = needed.system().stream().map(p -> p.getFileName().toString()).toList();
        assertTrue(names.contains("libc.so.6"), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.startsWith("ld-linux")), "the dynamic loader: " + names);
        assertTrue(names.size() < 15, "a handful, not the folder's " + countFiles(libc) + ": " + names);
        assertTrue(NativeLibraries.needed(javaHome.resolve("bin/java")).contains("libjli.so"));
    }

    @Test
    void theJdksOtherLibrariesAreHidden() {
        NativeLibraries.Needed needed = NativeLibraries.of(javaHome, List.of(libcFolder()));
        List<String> hidden = needed.hidden().stream().map(p -> p.getFileName().toString()).toList();
        assertFalse(hidden.contains("libjava.so") || hidden.contains("libjvm.so") || hidden.contains("libnio.so"), hidden.toString());
        if (Files.exists(javaHome.resolve("lib/libsaproc.so"))) {
            assertTrue(hidden.contains("libsaproc.so"), "the Serviceability Agent reads other processes' memory: " + hidden);
        }
        assertTrue(hidden.contains("libmanagement.so") && hidden.contains("libattach.so"), hidden.toString());
    }

    static Path libcFolder() {
        for (String p : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib64", "/usr/lib64")) {
            if (Files.isRegularFile(Path.of(p, "libc.so.6"))) {
                return Path.of(p);
            }
        }
        throw new IllegalStateException("no C library found");
    }

    private static long countFiles(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.count();
        }
    }
}
