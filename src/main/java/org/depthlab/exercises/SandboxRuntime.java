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
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The classes a sandboxed job needs besides the JDK — JUnit (Jupiter API and engine, the
 * platform launcher, opentest4j, apiguardian) and depthlab's runner — copied once into one
 * world-readable folder that the sandbox mounts read-only. Copying, rather than mounting the
 * jars where they lie, keeps the sandbox independent of where the grader's own class path is
 * (a Maven repository in a home folder the sandbox user cannot read, or depthlab's single
 * jar with everything else in it).
 */
final class SandboxRuntime {

    /** The class-file folders copied, by path prefix. */
    private static final List<String> PREFIXES = List.of("org/junit/", "org/opentest4j/", "org/apiguardian/",
            "org/depthlab/exercises/runner/");

    /** One class from each place the prefixes come from. */
    private static final List<Class<?>> ANCHORS = List.of(org.junit.jupiter.api.Test.class,
            org.junit.jupiter.engine.JupiterTestEngine.class, org.junit.platform.launcher.Launcher.class,
            org.junit.platform.engine.TestEngine.class, org.junit.platform.commons.util.ReflectionUtils.class,
            org.opentest4j.AssertionFailedError.class, org.apiguardian.api.API.class,
            org.depthlab.exercises.runner.TestRunner.class);

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
            Files.createDirectories(dir);
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

    private static void copyFolder(Path source, Path dir) throws IOException {
        for (String prefix : PREFIXES) {
            Path from = source.resolve(prefix);
            if (!Files.isDirectory(from)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = dir.resolve(source.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void copyJar(Path source, Path dir) throws IOException {
        try (JarFile jar = new JarFile(source.toFile())) {
            for (JarEntry e : jar.stream().toList()) {
                String name = e.getName();
                if (e.isDirectory() || PREFIXES.stream().noneMatch(name::startsWith) || name.contains("..")) {
                    continue;
                }
                Path to = dir.resolve(name);
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
