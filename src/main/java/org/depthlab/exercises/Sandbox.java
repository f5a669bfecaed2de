package org.depthlab.exercises;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.depthlab.exercises.runner.SandboxCheck;

/**
 * Runs a JVM inside bubblewrap under resource limits: the only way depthlab ever runs a
 * student's code (and the compiler on it).
 *
 * <p>The command is {@code prlimit … -- [setpriv …  --] bwrap … java …}:
 * <ul>
 *   <li>{@code prlimit} sets address space, processor seconds, open files, file size, number
 *       of processes (threads count too) and no core dumps;</li>
 *   <li>when the grader runs as root, {@code setpriv} switches to a high user id, drawn at random and assumed unused,
 *       for the job, because the kernel does not enforce a process limit on root and counts
 *       processes per user;</li>
 *   <li>{@code bwrap} unshares every namespace (user, mount, pid, network, ipc, uts, cgroup),
 *       drops all capabilities, starts a new session (no terminal injection), dies with its
 *       parent, clears the environment, and builds a root file system of read-only system
 *       libraries, the read-only JDK, an empty read-only {@code /tmp}, a minimal {@code /dev}
 *       and the job's own folders — nothing else: no home, no {@code /etc} beyond the JDK's
 *       own configuration files, no {@code /proc};</li>
 *   <li>the JVM gets a small heap and few threads.</li>
 * </ul>
 * The grader waits at most the wall-clock limit and then kills the whole process tree; with
 * the pid namespace, killing bubblewrap ends everything started inside.
 */
final class Sandbox {

    /** Where a host folder appears inside the sandbox, and whether the job may write it. */
    record Mount(Path host, String inside, boolean writable) {
    }

    /**
     * How a sandboxed run ended.
     *
     * @param exitCode the process's exit code (128 + signal when a signal ended it)
     * @param wallKilled whether the grader killed it at the wall-clock limit
     * @param stdout what it printed, capped
     * @param stderr its error stream, capped
     * @param reportLines lines of standard output that look like a runner report (unverified)
     */
    record Run(int exitCode, boolean wallKilled, String stdout, String stderr, List<String> reportLines) {
    }

    /**
     * Limits of one sandboxed JVM.
     *
     * @param wallSeconds wall-clock time before the process tree is killed
     * @param cpuSeconds processor time (soft limit; the hard limit is one second more)
     * @param heapMb the JVM's maximum heap
     * @param addressSpaceMb the process's virtual address space (heap, code, metaspace, stacks)
     */
    record Limits(int wallSeconds, int cpuSeconds, int heapMb, int addressSpaceMb) {

        /** Limits for the test JVM of an exercise: the exercise's time and heap, with room for the JVM itself. */
        static Limits forTests(Exercise.Limits l) {
            return new Limits(l.wallSeconds(), l.cpuSeconds(), l.heapMb(), l.heapMb() + 640);
        }
    }

    /** Bytes of standard output and of standard error kept from a run. */
    static final int OUTPUT_CAP = 64 * 1024;
    /** Open files per sandboxed process. */
    static final int MAX_OPEN_FILES = 256;
    /** Largest file a sandboxed process may write (the compiler's class files). */
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;
    /** Processes and threads a job may have at once, beyond what its user already runs. */
    static final int MAX_TASKS = 96;

    private final Path prlimit;
    private final Path setpriv;
    private final Path bwrap;
    private final Path javaHome;
    private final boolean root;
    private final List<String> systemMounts;
    private final AtomicLong jobs = new AtomicLong();
    private final int uidBase;

    private Sandbox(Path prlimit, Path setpriv, Path bwrap, Path javaHome, boolean root, List<String> systemMounts,
                    int uidBase) {
        this.prlimit = prlimit;
        this.setpriv = setpriv;
        this.bwrap = bwrap;
        this.javaHome = javaHome;
        this.root = root;
        this.systemMounts = systemMounts;
        this.uidBase = uidBase;
    }

    /**
     * The sandbox of this machine, or the reason there is none: {@code bwrap} and
     * {@code prlimit} (and {@code setpriv} when running as root) must be installed, the JDK
     * must include the compiler, and a JVM must start inside the sandbox (user namespaces may be
     * switched off, or forbidden inside a container) and find itself isolated there
     * ({@link SandboxCheck}, run from the copied runtime classes in {@code runtime}). The tools
     * are looked up by {@code tools}: {@link #tool} on this machine, a broken one in tests.
     */
    static Availability probe(long seed, Path runtime, Function<String, Optional<Path>> tools) {
        Optional<Path> prlimit = tools.apply("prlimit");
        Optional<Path> bwrap = tools.apply("bwrap");
        if (bwrap.isEmpty() || prlimit.isEmpty()) {
            return Availability.no("grading Java code needs bubblewrap (bwrap) and prlimit, and "
                    + (bwrap.isEmpty() ? "bwrap" : "prlimit") + " is not installed (Debian: apt-get install bubblewrap util-linux)");
        }
        if (javax.tools.ToolProvider.getSystemJavaCompiler() == null) {
            return Availability.no("grading Java code needs a JDK with the compiler (javac), and this Java runtime has none");
        }
        boolean root = uid() == 0;
        Optional<Path> setpriv = tools.apply("setpriv");
        if (root && setpriv.isEmpty()) {
            return Availability.no("grading as root needs setpriv (util-linux) to run each job as its own unprivileged user");
        }
        Path javaHome;
        try {
            javaHome = Path.of(System.getProperty("java.home")).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int uidBase = 200_000 + (int) Math.floorMod(seed, 100_000) * 8;
        Sandbox s = new Sandbox(prlimit.get(), setpriv.orElse(null), bwrap.get(), javaHome, root, systemMounts(javaHome),
                uidBase);
        Run run = s.run(List.of(new Mount(runtime, "/sandbox/runtime", false)),
                List.of("-cp", "/sandbox/runtime/" + SandboxRuntime.MODULE, SandboxCheck.class.getName()), new Limits(30, 10, 32, 700), new byte[0],
                64 * 1024);
        if (run.exitCode() != 0) {
            String why = (run.stderr() + "\n" + run.stdout()).strip().lines().findFirst().orElse("exit code " + run.exitCode());
            return Availability.no("the bubblewrap sandbox does not work on this machine (" + why
                    + "); depthlab does not grade Java code without it");
        }
        if (!run.stdout().strip().equals(SandboxCheck.OK)) {
            return Availability.no("the bubblewrap sandbox does not isolate on this machine ("
                    + String.join("; ", run.stdout().strip().lines().toList()) + "); depthlab does not grade Java code without it");
        }
        return new Availability(Optional.of(s), "");
    }

    /** The sandbox, or why there is none. */
    record Availability(Optional<Sandbox> sandbox, String reason) {
        static Availability no(String reason) {
            return new Availability(Optional.empty(), reason);
        }
    }

    /**
     * Runs {@code java ARGS} in the sandbox with {@code mounts}, feeding {@code stdin} and
     * waiting at most the wall-clock limit.
     */
    Run run(List<Mount> mounts, List<String> javaArgs, Limits limits, byte[] stdin, int outputCap) {
        return run(jobUser(), mounts, javaArgs, limits, stdin, outputCap);
    }

    /**
     * The user id the next job runs as: one of eight, in turn, when the grader is root (so
     * concurrent jobs do not share a process count); -1 (the grader's own user) otherwise.
     */
    int jobUser() {
        return root ? uidBase + (int) (jobs.incrementAndGet() % 8) : -1;
    }

    /** The user ids jobs run as (empty when the grader is not root and jobs run as its own user). */
    List<Integer> jobUsers() {
        return root ? java.util.stream.IntStream.range(uidBase, uidBase + 8).boxed().toList() : List.of();
    }

    /** Runs as {@link #run(List, List, Limits, byte[], int)}, as the user {@code uid} from {@link #jobUser()}. */
    Run run(int uid, List<Mount> mounts, List<String> javaArgs, Limits limits, byte[] stdin, int outputCap) {
        List<String> cmd = new ArrayList<>();
        cmd.add(prlimit.toString());
        cmd.add("--as=" + (long) limits.addressSpaceMb() * 1024 * 1024);
        cmd.add("--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1));
        cmd.add("--nofile=" + MAX_OPEN_FILES);
        cmd.add("--fsize=" + MAX_FILE_BYTES);
        cmd.add("--core=0");
        cmd.add("--nproc=" + (root ? MAX_TASKS : TaskCount.ofThisUser() + MAX_TASKS));
        cmd.add("--");
        if (uid >= 0) {
            cmd.addAll(List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + uid, "--clear-groups", "--"));
        }
        cmd.add(bwrap.toString());
        cmd.addAll(List.of("--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv",
                "--setenv", "LD_LIBRARY_PATH", javaHome.resolve("lib").toString(),
                "--setenv", "MALLOC_ARENA_MAX", "2", "--setenv", "LANG", "C.UTF-8", "--setenv", "HOME", "/sandbox"));
        cmd.addAll(systemMounts);
        cmd.addAll(List.of("--dev", "/dev", "--tmpfs", "/tmp", "--remount-ro", "/tmp", "--dir", "/sandbox"));
        for (Mount m : mounts) {
            cmd.addAll(List.of(m.writable() ? "--bind" : "--ro-bind", m.host().toString(), m.inside()));
        }
        // The root and /dev are tmpfs mounts bubblewrap made; without this, /, /sandbox, /dev
        // and /dev/shm would be writable (room to write a native library and load it, or to
        // fill memory). Device nodes such as /dev/null stay writable on a read-only mount.
        cmd.addAll(List.of("--remount-ro", "/", "--remount-ro", "/dev", "--chdir", "/sandbox"));
        cmd.add(javaHome.resolve("bin").resolve("java").toString());
        cmd.add("-Xmx" + limits.heapMb() + "m");
        cmd.addAll(List.of("-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
                "-XX:ActiveProcessorCount=1", "-XX:-UsePerfData", "-XX:+DisableAttachMechanism",
                "-XX:ReservedCodeCacheSize=32m", "-XX:MaxMetaspaceSize=128m", "-XX:CompressedClassSpaceSize=48m",
                "-Dfile.encoding=UTF-8", "-Djava.io.tmpdir=/tmp"));
        cmd.addAll(javaArgs);
        return execute(cmd, limits, stdin, outputCap);
    }

    private static Run execute(List<String> cmd, Limits limits, byte[] stdin, int outputCap) {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the sandbox: " + e.getMessage(), e);
        }
        CapturedStream out = new CapturedStream(p.getInputStream(), outputCap, org.depthlab.exercises.runner.SignedReport.PREFIX);
        CapturedStream err = new CapturedStream(p.getErrorStream(), outputCap, "\u0000never\u0000");
        Thread tOut = out.start("sandbox-stdout");
        Thread tErr = err.start("sandbox-stderr");
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // The process ended before reading its input; its exit code says why.
        }
        boolean killed = false;
        try {
            if (!p.waitFor(limits.wallSeconds(), TimeUnit.SECONDS)) {
                killed = true;
                kill(p);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while grading", e);
        }
        CapturedStream.join(tOut);
        CapturedStream.join(tErr);
        return new Run(p.exitValue(), killed, out.text(), err.text(), out.prefixedLines());
    }

    /**
     * Kills everything the process started, then the process, and waits for it. The order
     * matters: killing bubblewrap's namespace init ends every process in the sandbox's pid
     * namespace, and the outer bubblewrap, still alive, reaps it and exits. Killing the outer
     * one first would orphan the init to the machine's pid 1, which inside some containers
     * never reaps it — and a zombie still counts against the job user's process limit.
     */
    static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("a sandboxed process did not die within 10 s of SIGKILL");
                }
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Where the C library may be; the folder that holds it holds the JDK's other native dependencies. */
    private static final List<String> LIBC = List.of("/usr/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib/aarch64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6",
            "/usr/lib64/libc.so.6", "/lib64/libc.so.6", "/usr/lib/libc.so.6", "/lib/libc.so.6");

    /** Other folders the dynamic loader searches by default. */
    private static final List<String> LIBRARY_FOLDERS = List.of("/lib64", "/usr/lib64", "/lib", "/usr/lib");

    /**
     * Read-only binds of the native libraries the JDK needs, one file each (not the folder
     * they are in: see {@link NativeLibraries}), at the paths the dynamic loader looks them
     * up; the top-level library links ({@code /lib}, {@code /lib64}) that lead to them; the
     * JDK, with its libraries other than {@code java.base}'s covered by an empty file; and the
     * files outside the JDK that its links point to (Debian keeps its JDK configuration under
     * /etc).
     */
    private static List<String> systemMounts(Path javaHome) {
        List<String> args = new ArrayList<>();
        List<Path> mounted = new ArrayList<>();
        try {
            List<Path> folders = new ArrayList<>();
            for (String candidate : LIBC) {
                Path libc = Path.of(candidate);
                if (Files.isRegularFile(libc)) {
                    folders.add(libc.toRealPath().getParent());
                    break;
                }
            }
            for (String dir : LIBRARY_FOLDERS) {
                Path p = Path.of(dir);
                if (Files.isDirectory(p) && !folders.contains(p.toRealPath())) {
                    folders.add(p.toRealPath());
                }
            }
            NativeLibraries.Needed needed = NativeLibraries.of(javaHome, folders);
            for (Path library : needed.system()) {
                // At the folder the loader searches (its real path, so that the links below lead
                // there), the file itself: a link such as libz.so.1 is bound as its target.
                Path at = library.getParent().toRealPath().resolve(library.getFileName());
                if (!mounted.contains(at)) {
                    args.addAll(List.of("--ro-bind", library.toRealPath().toString(), at.toString()));
                    mounted.add(at);
                }
            }
            for (String dir : List.of("/lib", "/lib64", "/lib32", "/libx32")) {
                Path p = Path.of(dir);
                if (Files.isSymbolicLink(p)) {
                    args.addAll(List.of("--symlink", Files.readSymbolicLink(p).toString(), dir));
                }
            }
            args.addAll(List.of("--ro-bind", javaHome.toString(), javaHome.toString()));
            mounted.add(javaHome);
            for (Path hidden : needed.hidden()) {
                // A link (Debian's to a library of another package) leads nowhere in the sandbox,
                // since its target is not mounted below; a file is covered.
                if (!Files.isSymbolicLink(hidden)) {
                    args.addAll(List.of("--ro-bind", "/dev/null", hidden.toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.walk(javaHome)) {
            for (Path link : files.filter(f -> Files.isSymbolicLink(f) && !f.getFileName().toString().endsWith(".so")).toList()) {
                Path target;
                try {
                    target = link.toRealPath();
                } catch (IOException e) {
                    continue; // a dangling link (documentation not installed)
                }
                if (mounted.stream().noneMatch(target::startsWith) && Files.isRegularFile(target)) {
                    args.addAll(List.of("--ro-bind", target.toString(), target.toString()));
                    mounted.add(target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(args);
    }

    static Optional<Path> tool(String name) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    private static int uid() {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
