package org.depthlab.exercises;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes a sandboxed job needs besides the JDK, copied once into a world-readable folder
 * that the sandbox mounts read-only, in two parts:
 *
 * <ul>
 *   <li>{@value #MODULE}/: JUnit (Jupiter API and engine, the platform launcher, opentest4j,
 *       apiguardian) and depthlab's runner — the folder the test JVM makes into one named
 *       module ({@link org.depthlab.exercises.launch.Launcher}), and the class path of the
 *       compiler step and the sandbox check, which run no student code;</li>
 *   <li>{@value #BOOT}/: the launcher alone, the test JVM's class path.</li>
 * </ul>
 *
 * Copying, rather than mounting the jars where they lie, keeps the sandbox independent of
 * where the grader's own class path is (a Maven repository in a home folder the sandbox user
 * cannot read, or depthlab's single jar with everything else in it).
 */
final class SandboxRuntime {

    /** The sub-folder of the runner's module. */
    static final String MODULE = "module";
    /** The sub-folder of the launcher. */
    static final String BOOT = "boot";

    /** The class-file folders copied, by path prefix, and the sub-folder each goes to. */
    private static final Map<String, String> PREFIXES = Map.of("org/junit/", MODULE, "org/opentest4j/", MODULE,
            "org/apiguardian/", MODULE, "org/depthlab/exercises/runner/", MODULE, "org/depthlab/exercises/launch/", BOOT);

    /** One class from each place the prefixes come from. */
    private static final List<Class<?>> ANCHORS = List.of(org.junit.jupiter.api.Test.class,
            org.junit.jupiter.engine.JupiterTestEngine.class, org.junit.platform.launcher.Launcher.class,
            org.junit.platform.engine.TestEngine.class, org.junit.platform.commons.util.ReflectionUtils.class,
            org.opentest4j.AssertionFailedError.class, org.apiguardian.api.API.class,
            org.depthlab.exercises.runner.TestRunner.class, org.depthlab.exercises.launch.Launcher.class);

    private SandboxRuntime() {
    }

    /** Copies the runtime classes into {@code dir} (created) and makes them readable by all. */
    static void copyTo(Path dir) {
        Set<Path> sources = new LinkedHashSet<>();
        for (Class<?> c : ANCHORS) {
            try {
                sources.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()));
            } catch (URISyntaxException | NullPointerException e) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from", e);
            }
        }
        try {
            Files.createDirectories(dir.resolve(MODULE));
            Files.createDirectories(dir.resolve(BOOT));
            for (Path source : sources) {
                if (Files.isDirectory(source)) {
                    copyFolder(source, dir);
                } else {
                    copyJar(source, dir);
                }
            }
            readableByAll(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the grader's runtime classes in " + dir, e);
        }
    }

    /** The sub-folder a class file of this name goes to, or null when it is not copied. */
    private static String target(String name) {
        if (!name.endsWith(".class") || name.contains("..")) {
            return null;
        }
        return PREFIXES.entrySet().stream().filter(e -> name.startsWith(e.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    private static void copyFolder(Path source, Path dir) throws IOException {
        for (String prefix : PREFIXES.keySet()) {
            Path from = source.resolve(prefix);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String name = source.relativize(f).toString();
                    String target = target(name);
                    if (target != null) {
                        Path to = dir.resolve(target).resolve(name);
                        Files.createDirectories(to.getParent());
                        Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void copyJar(Path source, Path dir) throws IOException {
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry e : jar.stream().toList()) {
                String target = e.isDirectory() ? null : target(e.getName());
                if (target == null) {
                    continue;
                }
                Path to = dir.resolve(target).resolve(e.getName());
                Files.createDirectories(to.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Folders rwxr-xr-x, files rw-r--r--: the sandbox's user must read them, nobody write them. */
    static void readableByAll(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }
}
