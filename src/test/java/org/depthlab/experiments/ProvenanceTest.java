package org.depthlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A result's version names the commit, and "+changes" only when code or specs differ from it. */
class ProvenanceTest {

    @TempDir
    Path dir;

    @Test
    void theLabsOwnOutputsAreNotChangesButCodeIs() throws Exception {
        git("init", "-q");
        Files.createDirectories(dir.resolve("book/results"));
        Files.createDirectories(dir.resolve("src"));
        Files.writeString(dir.resolve("book/results/x.md"), "old\n");
        Files.writeString(dir.resolve("src/A.java"), "class A {}\n");
        git("add", ".");
        git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one");
        String clean = Provenance.commit(dir);
        assertEquals(10, clean.length(), clean);

        Files.writeString(dir.resolve("book/results/x.md"), "a report just written\n");
        assertEquals(clean, Provenance.commit(dir), "a report the lab wrote is not a change of the code");

        Files.writeString(dir.resolve("src/A.java"), "class A { int x; }\n");
        assertTrue(Provenance.commit(dir).endsWith("+changes"), "changed code is");
    }

    @Test
    void outsideGitThereIsNoCommit() {
        assertNull(Provenance.commit(dir));
    }

    private void git(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        Process p = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, p.waitFor(), String.join(" ", command));
    }
}
