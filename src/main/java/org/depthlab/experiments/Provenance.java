package org.depthlab.experiments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Which depthlab made a result: the version in the jar's manifest and, when the project is a
 * git checkout, its commit (with "+changes" when the working tree differs from it) — so that
 * every committed table and figure says what produced it. The lab's own outputs
 * ({@code book/results/}, {@code book/figures/}) do not count as changes: a sweep that has
 * just written one experiment's report still runs the committed code for the next.
 */
final class Provenance {

    private Provenance() {
    }

    /** e.g. "depthlab 0.1.0, commit 1a2b3c4" or "depthlab development". */
    static String version() {
        String v = Provenance.class.getPackage().getImplementationVersion();
        String commit = commit();
        return "depthlab " + (v == null ? "development" : v) + (commit == null ? "" : ", commit " + commit);
    }

    private static String commit() {
        return commit(Lab.projectRoot());
    }

    /** The commit of the checkout at {@code root}, "+changes" if code or specs differ from it; null outside git. */
    static String commit(Path root) {
        if (!Files.exists(root.resolve(".git"))) {
            return null;
        }
        String head = git(root, "rev-parse", "--short=10", "HEAD");
        if (head == null || head.isBlank()) {
            return null;
        }
        String status = git(root, "status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)book/results", ":(exclude)book/figures");
        return head.strip() + (status != null && !status.isBlank() ? "+changes" : "");
    }

    private static String git(Path root, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = root.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
