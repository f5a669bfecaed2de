package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A grader killed in the middle of a job leaves its working folder — with the hidden tests'
 * sources in it — behind; the next grader deletes it, and leaves alone the folders of graders
 * that are still alive.
 */
class AbandonedJobsTest {

    @Test
    void aDeadGradersFolderIsDeletedAndALiveOnesIsKept(@TempDir Path tmp) throws IOException {
        Path dead = folder(tmp, "dead", deadProcess());
        Path alive = folder(tmp, "alive", ProcessHandle.current());
        Path reused = folder(tmp, "reused", ProcessHandle.current());
        Files.writeString(reused.resolve(Grader.OWNER), ProcessHandle.current().pid() + " 12345\n");
        Path old = Files.createDirectories(tmp.resolve(Grader.PREFIX + "old-version"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        Path recent = Files.createDirectories(tmp.resolve(Grader.PREFIX + "recent-old-version"));
        Path other = Files.createDirectories(tmp.resolve("someone-else"));
        Grader.deleteAbandoned(tmp, tmp.resolve(Grader.PREFIX + "own"), Instant.now());
        assertFalse(Files.exists(dead), "the folder of a process that is gone is deleted, hidden tests and all");
        assertFalse(Files.exists(reused), "a process id now used by another process is not the grader's");
        assertTrue(Files.exists(alive.resolve("job-1/tests/HiddenTest.java")), "a live grader's job is left alone");
        assertFalse(Files.exists(old), "a folder without an owner, a day old, is deleted");
        assertTrue(Files.exists(recent), "a recent folder without an owner may belong to a running older grader");
        assertTrue(Files.exists(other));
    }

    @Test
    void aGraderInThisProcessKeepsItsFolderWhileAnotherStarts() {
        try (Grader first = Grader.create()) {
            first.sandboxProblem();
            try (Grader second = Grader.create()) {
                second.sandboxProblem();
                // The second's sweep ran while the first was alive: the first can still grade.
                assertTrue(first.sandboxProblem().isEmpty(), first.sandboxProblem().orElse(""));
                assertTrue(Files.isRegularFile(first.workRoot().resolve(Grader.OWNER)),
                        "the first grader's folder survived the second's start");
                assertTrue(Files.isRegularFile(second.workRoot().resolve(Grader.OWNER)));
            }
        }
    }

    /** The sweep runs when a grader is made, before its first job: a restarted server cleans up at once. */
    @Test
    void aNewGraderSweepsBeforeItsFirstJob() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path dead = folder(tmp, "test-" + System.nanoTime(), deadProcess());
        try (Grader grader = Grader.create()) {
            assertFalse(Files.exists(dead), "a dead grader's folder outlived the new grader's start");
        }
    }

    /** A process that has ended. */
    private static ProcessHandle deadProcess() throws IOException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        ProcessHandle handle = p.toHandle();
        try {
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return handle;
    }

    /** A grader's working folder with a job in it, owned by {@code owner}'s process. */
    private static Path folder(Path tmp, String name, ProcessHandle owner) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(Grader.PREFIX + name));
        Files.writeString(dir.resolve(Grader.OWNER), owner.pid() + " "
                + owner.info().startInstant().map(i -> String.valueOf(i.toEpochMilli())).orElse("?") + "\n");
        Path test = dir.resolve("job-1/tests/HiddenTest.java");
        Files.createDirectories(test.getParent());
        Files.writeString(test, "class HiddenTest {}");
        return dir;
    }
}
