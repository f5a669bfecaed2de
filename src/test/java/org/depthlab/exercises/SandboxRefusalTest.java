package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a working sandbox the grader refuses Java, with the reason, and still grades
 * answers; it never falls back to running the code unsandboxed.
 */
class SandboxRefusalTest {

    private final Catalog catalog = Catalog.load(Path.of("exercises"));

    @Test
    void aBrokenBubblewrapIsNamedAndJavaIsRefused(@TempDir Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x")); // the job's user runs it
        Path fake = dir.resolve("bwrap");
        Files.writeString(fake, "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Grader grader = Grader.withTools(name -> name.equals("bwrap") ? Optional.of(fake) : Sandbox.tool(name))) {
            String problem = grader.sandboxProblem().orElseThrow();
            assertTrue(problem.contains("does not work on this machine (bwrap: setting up uid map: Permission denied)"), problem);
            Exercise java = catalog.get("rmsnorm-forward-backward");
            SandboxUnavailableException e = assertThrows(SandboxUnavailableException.class,
                    () -> grader.grade(java, Submission.code(java.files().get(0), java.starter(java.files().get(0)))));
            assertTrue(e.getMessage().startsWith("Java code cannot be graded here: "), e.getMessage());
            try (GradingQueue queue = new GradingQueue(grader, new GradingQueue.Config(1, 1, 1), j -> { })) {
                assertThrows(SandboxUnavailableException.class,
                        () -> queue.submit("a", java, Submission.code(java.files().get(0), "")));
            }
            assertEquals(Verdict.Status.PASSED, grader.grade(catalog.get("hrm-segment-depth"), Submission.answer("33")).status());
        }
    }

    /** A "bwrap" that starts the JVM but isolates nothing (it runs the probe directly) is refused too. */
    @Test
    void aBubblewrapThatDoesNotIsolateIsRefused(@TempDir Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path fake = dir.resolve("bwrap");
        Files.writeString(fake, """
                #!/bin/sh
                # the folder mounted at /sandbox/runtime is the argument before that destination
                runtime=""; previous=""
                for a in "$@"; do
                  if [ "$a" = /sandbox/runtime ] && [ -z "$runtime" ]; then runtime="$previous"; fi
                  previous="$a"
                done
                while [ $# -gt 0 ]; do case "$1" in */bin/java) break;; esac; shift; done
                java="$1"; shift
                set -- $(for a in "$@"; do case "$a" in /sandbox/runtime*) echo "$runtime${a#/sandbox/runtime}";; *) echo "$a";; esac; done)
                MALLOC_ARENA_MAX=2 exec "$java" "$@"
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Grader grader = Grader.withTools(name -> name.equals("bwrap") ? Optional.of(fake) : Sandbox.tool(name))) {
            String problem = grader.sandboxProblem().orElseThrow();
            assertTrue(problem.contains("does not isolate") && problem.contains("/etc/passwd is visible"), problem);
        }
    }

    @Test
    void aMissingBubblewrapSaysWhatToInstall() {
        try (Grader grader = Grader.withTools(name -> name.equals("bwrap") ? Optional.empty() : Sandbox.tool(name))) {
            String problem = grader.sandboxProblem().orElseThrow();
            assertTrue(problem.contains("bwrap is not installed") && problem.contains("apt-get install bubblewrap"), problem);
        }
    }
}
