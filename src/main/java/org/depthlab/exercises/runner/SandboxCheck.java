package org.depthlab.exercises.runner;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The grader's probe, run once inside the sandbox before any student code: it checks that
 * the sandbox is one — no {@code /proc}, no host files, nothing writable, no network
 * interface up but the sandbox's own loopback — and prints {@value #OK}, or what is wrong. A {@code bwrap} that starts the
 * JVM but does not isolate it is then refused like a missing one.
 */
public final class SandboxCheck {

    /** What the check prints when the sandbox holds. */
    public static final String OK = "sandbox-ok";

    private SandboxCheck() {
    }

    /** Prints {@value #OK} or the problems found, one per line. */
    public static void main(String[] args) {
        List<String> problems = new ArrayList<>();
        for (String host : List.of("/proc/self", "/etc/passwd", "/etc/hostname", "/home", "/root", "/var")) {
            if (Files.exists(Path.of(host))) {
                problems.add(host + " is visible");
            }
        }
        for (String dir : List.of("/tmp", "/sandbox", "/", "/dev", "/dev/shm")) {
            try {
                Files.delete(Files.createTempFile(Path.of(dir), "probe", ".tmp"));
                problems.add(dir + " is writable");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // expected: nothing is writable (or the folder is not there)
            }
        }
        try {
            NetworkInterface.networkInterfaces().filter(SandboxCheck::up)
                    .forEach(n -> problems.add("the network interface " + n.getName() + " is up"));
        } catch (SocketException e) {
            // no interfaces to list: no network
        }
        System.out.println(problems.isEmpty() ? OK : String.join("\n", problems));
    }

    private static boolean up(NetworkInterface n) {
        try {
            return n.isUp() && !n.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }
}
