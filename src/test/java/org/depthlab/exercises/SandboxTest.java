package org.depthlab.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the sandbox protects against, each case a submission that tries it. The exercise is a
 * probe: the hidden test calls {@code new Probe().run()} and expects "ok"; each case's
 * {@code run} does something else — loops, exits, forks, reads what it must not, connects,
 * floods the output — and the verdict and the machine afterwards are checked. Limits are
 * short (10 s wall, 4 s processor, 64 MB heap) to keep the class quick.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxTest {

    private static final String MARKER_PARTS = "\"SECRET\", \"REFERENCE\", \"MARKER\"";
    private static final String HIDDEN_PARTS = "\"HIDDEN\", \"TEST\", \"SOURCE\"";

    private Exercise probe;
    private final Grader grader = Grader.create();

    @BeforeAll
    void writeTheProbeExercise(@TempDir Path dir) throws IOException {
        Path ex = Files.createDirectories(dir.resolve("probe"));
        Files.writeString(ex.resolve("meta.json"), """
                {"id": "probe", "title": "Probe", "chapter": "sandbox", "kind": "java", "files": ["Probe.java"],
                 "limits": {"wallSeconds": 10, "cpuSeconds": 4, "heapMb": 64}}
                """);
        Files.writeString(ex.resolve("instructions.md"), "Return ok.");
        Files.createDirectories(ex.resolve("starter"));
        Files.writeString(ex.resolve("starter/Probe.java"), probe("return \"not yet\";"));
        Files.createDirectories(ex.resolve("reference"));
        Files.writeString(ex.resolve("reference/Probe.java"), "// SECRET-REFERENCE-MARKER\n" + probe("return \"ok\";"));
        Files.createDirectories(ex.resolve("tests"));
        Files.writeString(ex.resolve("tests/ProbeTest.java"), """
                import static org.junit.jupiter.api.Assertions.assertEquals;
                import org.junit.jupiter.api.Test;
                // HIDDEN-TEST-SOURCE: the sandboxed code must never see this line.
                class ProbeTest {
                    @Test
                    void probeSaysOk() throws Exception {
                        assertEquals("ok", new Probe().run());
                    }
                }
                """);
        probe = Catalog.read(ex);
    }

    @AfterAll
    void close() {
        grader.close();
    }

    /** A Probe class whose run() has this body; main(), for child processes, sleeps. */
    private static String probe(String body) {
        return """
                import java.io.*;
                import java.net.*;
                import java.nio.file.*;
                import java.util.*;

                public class Probe {
                    public static void main(String[] args) throws Exception {
                        Thread.sleep(60_000);
                    }

                    public String run() throws Exception {
                        %s
                    }
                }
                """.formatted(body);
    }

    private Verdict grade(String body) {
        return grader.grade(probe, Submission.code("Probe.java", probe(body)));
    }

    /**
     * Processes still running from a job: descendants of this JVM, and (when the grader is
     * root) any process of the job users' ids, wherever it was reparented. Zombies (dead,
     * waiting to be reaped) are listed too, because they still count against a user's process
     * limit. Teardown takes a moment, so this looks again for up to two seconds.
     */
    private List<String> leftovers() throws InterruptedException {
        List<String> found = List.of();
        for (int look = 0; look < 20; look++) {
            List<Integer> users = grader.jobUsers();
            found = ProcessHandle.allProcesses()
                    .filter(p -> ProcessHandle.current().descendants().anyMatch(d -> d.pid() == p.pid())
                            || users.contains(owner(p)))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("(state " + state(p) + ")"))
                    .toList();
            if (found.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        return found;
    }

    private static int owner(ProcessHandle p) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/" + p.pid()), "unix:uid");
        } catch (IOException | RuntimeException e) {
            return -1; // ended meanwhile
        }
    }

    private static String state(ProcessHandle p) {
        try {
            String stat = Files.readString(Path.of("/proc/" + p.pid() + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException | RuntimeException e) {
            return "gone";
        }
    }

    @Test
    void theProbesReferencePassesAndItsStarterFails() {
        assertEquals(Verdict.Status.PASSED, grade("return \"ok\";").status());
        Verdict starter = grade("return \"not yet\";");
        assertEquals(Verdict.Status.FAILED, starter.status());
        assertTrue(starter.detail().contains("expected: <ok> but was: <not yet>"), starter.detail());
    }

    @Test
    void anEndlessLoopTimesOut() {
        Verdict v = grade("long n = 0; while (n >= 0) { n = (n + 1) % 1000; } return \"never\";");
        assertEquals(Verdict.Status.TIMEOUT, v.status(), v.toString());
        assertTrue(v.summary().contains("processor time") || v.summary().contains("did not finish"), v.summary());
    }

    @Test
    void aWaitThatNeverEndsIsStoppedByTheWallClock() throws InterruptedException {
        Verdict v = grade("new Object().wait(0); return \"never\";".replace("new Object().wait(0)",
                "Object lock = new Object(); synchronized (lock) { lock.wait(); }"));
        assertEquals(Verdict.Status.TIMEOUT, v.status(), v.toString());
        assertTrue(v.summary().contains("did not finish within 10 s"), v.summary());
        assertEquals(List.of(), leftovers(), "sandboxed processes outlived their job");
    }

    @Test
    void systemExitIsACrash() {
        Verdict v = grade("System.out.println(\"bye\\u001b[2J\\u0007\\u0000!\"); System.exit(0); return \"ok\";");
        assertEquals(Verdict.Status.CRASHED, v.status(), v.toString());
        assertTrue(v.summary().contains("System.exit"), v.summary());
        assertTrue(v.detail().contains("bye[2J!"), "the output is shown, without its control characters: " + v.detail());
    }

    /**
     * The runner's report is signed with a key made per job: a report the student prints,
     * in the right format but signed with a guessed key, is ignored, and the run is failed
     * rather than crashed — and the key's stream is already closed when student code runs.
     */
    @Test
    void aForgedReportDoesNotPass() {
        Verdict v = grade("""
                var b64 = Base64.getEncoder();
                String payload = "run\\tfalse\\t\\ntest\\t" + b64.encodeToString("probeSaysOk".getBytes()) + "\\tPASSED\\t\\t\\n";
                var mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
                String signature = HexFormat.of().formatHex(mac.doFinal(payload.getBytes()));
                System.out.println("\\n@@depthlab-report@@ " + b64.encodeToString(payload.getBytes()) + " " + signature);
                try { System.out.println("stdin: " + System.in.read()); } catch (IOException e) { System.out.println("stdin: " + e); }
                System.out.flush();
                Runtime.getRuntime().halt(0);
                return "ok";""");
        assertEquals(Verdict.Status.FAILED, v.status(), v.toString());
        assertTrue(v.summary().contains("did not sign"), v.summary());
        assertTrue(v.detail().contains("stdin: java.io.IOException"), "the key's stream is closed: " + v.detail());
    }

    @Test
    void aThreadBombIsContained() throws InterruptedException {
        Verdict v = grade("""
                for (int i = 0; ; i++) {
                    Thread t = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } });
                    t.setDaemon(true);
                    t.start();
                }""");
        assertNotEquals(Verdict.Status.PASSED, v.status());
        assertEquals(Verdict.Status.MEMORY_LIMIT, v.status(), v.toString());
        assertTrue(v.summary().contains("more threads or processes than allowed"), v.summary());
        assertEquals(List.of(), leftovers(), "sandboxed processes outlived their job");
    }

    @Test
    void aProcessBombIsContained() throws InterruptedException {
        Verdict v = grade("""
                String java = System.getProperty("java.home") + "/bin/java";
                List<Process> started = new ArrayList<>();
                try {
                    while (started.size() < 200) {
                        started.add(new ProcessBuilder(java, "-Xmx8m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                                "-XX:-UsePerfData", "-XX:CompressedClassSpaceSize=16m", "-XX:ReservedCodeCacheSize=16m", "-cp", System.getProperty("java.class.path"), "Probe")
                                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .redirectError(ProcessBuilder.Redirect.DISCARD).start());
                    }
                    return "started " + started.size();
                } catch (IOException | Error e) {
                    return "stopped after " + started.size() + ": " + e;
                }""");
        assertEquals(Verdict.Status.FAILED, v.status(), v.toString());
        String message = v.tests().get(0).message();
        assertTrue(message.contains("stopped after"), message);
        int started = Integer.parseInt(message.replaceAll(".*stopped after (\\d+).*", "$1"));
        assertTrue(started < Sandbox.MAX_TASKS, "the process limit did not hold: " + message);
        assertEquals(List.of(), leftovers(), "sandboxed processes outlived their job");
    }

    @Test
    void memoryIsLimited() {
        Verdict v = grade("List<long[]> hoard = new ArrayList<>(); while (true) { hoard.add(new long[1 << 20]); }");
        assertEquals(Verdict.Status.MEMORY_LIMIT, v.status(), v.toString());
    }

    /**
     * Neither the reference, nor the hidden test's source, nor a host file is readable: the
     * probe tries the host paths and searches the whole sandbox for text only they contain.
     */
    @Test
    void theReferenceTheHiddenTestsAndHostFilesCannotBeRead() {
        Path reference = probe.dir().resolve("reference/Probe.java").toAbsolutePath();
        Verdict v = grade("""
                String marker = String.join("-", %s);
                String hidden = String.join("-", %s);
                StringBuilder report = new StringBuilder();
                for (String path : List.of("%s", "/etc/shadow", "/etc/passwd", "%s", "/root")) {
                    try {
                        report.append(path).append(": read ").append(Files.readAllBytes(Path.of(path)).length).append(" bytes; ");
                    } catch (Exception e) {
                        report.append(path).append(": ").append(e.getClass().getSimpleName()).append("; ");
                    }
                }
                List<String> found = new ArrayList<>();
                Files.walkFileTree(Path.of("/"), new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) {
                        return d.startsWith("/usr") || d.startsWith("/lib") || d.startsWith("/dev")
                                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path p, java.nio.file.attribute.BasicFileAttributes a) {
                        try {
                            if (a.isRegularFile() && a.size() < 1_000_000) {
                                String text = new String(Files.readAllBytes(p), "ISO-8859-1");
                                if (text.contains(marker) || text.contains(hidden)) {
                                    found.add(p.toString());
                                }
                            }
                        } catch (IOException e) {
                            // unreadable: fine
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path p, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
                return report + "found: " + found;""".formatted(MARKER_PARTS, HIDDEN_PARTS, reference,
                probe.dir().resolve("tests/ProbeTest.java").toAbsolutePath()));
        assertEquals(Verdict.Status.FAILED, v.status(), v.toString());
        String message = v.tests().get(0).message();
        assertTrue(message.contains(reference + ": NoSuchFileException"), message);
        assertTrue(message.contains("/etc/shadow: NoSuchFileException"), message);
        assertTrue(message.contains("/etc/passwd: NoSuchFileException"), message);
        assertTrue(message.contains("found: []"), message);
        assertFalse(v.detail().contains("SECRET-REFERENCE-MARKER"), v.detail());
    }

    /** Nothing in the sandbox is writable: no file to fill memory with, no native library to write and load. */
    @Test
    void nothingCanBeWritten() {
        Verdict v = grade("""
                StringBuilder report = new StringBuilder();
                for (String dir : List.of("/", "/tmp", "/sandbox", "/sandbox/classes/student", "/dev/shm", "/dev")) {
                    try {
                        Files.writeString(Path.of(dir, "probe.so"), "x");
                        report.append(dir).append(" written; ");
                    } catch (IOException e) {
                        report.append(dir).append(" refused; ");
                    }
                }
                return report.toString();""");
        assertEquals(Verdict.Status.FAILED, v.status(), v.toString());
        String message = v.tests().get(0).message();
        assertFalse(message.contains("written"), message);
    }

    /**
     * Only the native libraries the JVM needs are there: a library of the system it does not
     * need, and the JDK's others (the Serviceability Agent's, which reads process memory), cannot
     * be loaded with System.load.
     */
    @Test
    void onlyTheJvmsOwnNativeLibrariesCanBeLoaded() throws IOException {
        Path folder = NativeLibrariesTest.libcFolder();
        List<Path> mounted = NativeLibraries.of(Path.of(System.getProperty("java.home")), List.of(folder)).system();
        Path unneeded;
        try (var files = Files.list(folder)) {
            unneeded = files.filter(f -> f.getFileName().toString().matches("lib.*\\.so(\\.\\d+)*") && Files.isRegularFile(f)
                    && mounted.stream().noneMatch(m -> m.getFileName().equals(f.getFileName()))).findFirst().orElseThrow();
        }
        String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
        Verdict v = grade("""
                StringBuilder report = new StringBuilder();
                for (String lib : List.of("%s", "%s/lib/libsaproc.so", "%s/lib/libattach.so", "%s/lib/libmanagement.so")) {
                    try {
                        System.load(lib);
                        report.append(lib).append(" loaded; ");
                    } catch (UnsatisfiedLinkError e) {
                        report.append(lib).append(" refused; ");
                    }
                }
                String[] listed = new File("%s").list();
                return report + "folder holds " + (listed == null ? 0 : listed.length);""".formatted(unneeded, javaHome, javaHome,
                javaHome, folder.toRealPath()));
        assertEquals(Verdict.Status.FAILED, v.status(), v.toString());
        String message = v.tests().get(0).message();
        assertFalse(message.contains("loaded"), message);
        int listed = Integer.parseInt(message.replaceAll(".*folder holds (\\d+).*", "$1"));
        assertTrue(listed <= mounted.size(), "the sandbox's library folder holds " + listed + " files: " + message);
    }

    @Test
    void noSocketCanBeOpened() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Verdict v = grade("""
                    StringBuilder report = new StringBuilder();
                    for (String host : List.of("127.0.0.1", "1.1.1.1")) {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(host, host.startsWith("127") ? %d : 80), 2000);
                            report.append(host).append(" connected; ");
                        } catch (IOException e) {
                            report.append(host).append(" refused: ").append(e.getClass().getSimpleName()).append("; ");
                        }
                    }
                    try {
                        report.append("dns: ").append(InetAddress.getByName("example.com"));
                    } catch (IOException e) {
                        report.append("dns failed");
                    }
                    return report.toString();""".formatted(server.getLocalPort()));
            assertEquals(Verdict.Status.FAILED, v.status(), v.toString());
            String message = v.tests().get(0).message();
            assertTrue(message.contains("127.0.0.1 refused") && message.contains("1.1.1.1 refused")
                    && message.contains("dns failed"), message);
            server.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, server::accept, "the sandbox reached the host's loopback");
        }
    }

    @Test
    void tenMegabytesOfOutputAreCapped() {
        Verdict v = grade("""
                char[] line = new char[1023];
                Arrays.fill(line, 'x');
                String s = new String(line);
                for (int i = 0; i < 10 * 1024; i++) { System.out.println(s); }
                return "ok";""");
        assertEquals(Verdict.Status.PASSED, v.status(), "the report still arrives after the flood: " + v.summary());
        assertTrue(v.detail().length() <= Verdict.MAX_DETAIL + 100, "detail of " + v.detail().length() + " characters");
        assertTrue(v.detail().contains("more"), "the cut is said: " + v.detail().substring(v.detail().length() - 200));
    }
}
